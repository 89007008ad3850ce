// The yardstick: a bare node:http server that answers each request method with the status and
// body Allot answered to it once. PORT, BASELINE_ANSWERS (a JSON list of { method, status, body })
// and, for the write yardstick, BASELINE_WORK and BASELINE_DATA_DIR come from the environment
// (see lib/servers.mjs).
//
// BASELINE_WORK=sqlite-write: every request also runs one better-sqlite3 write transaction on a
// file database opened with Allot's pragmas. A POST inserts a row under a new id, which replaces
// the id of Allot's answer in the body (same length); any other method updates the row named by
// the last segment of the path, so a create/delete sequence touches the row it created.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { join } from 'node:path';

const port = Number(process.env.PORT);
const answers = new Map(
  JSON.parse(process.env.BASELINE_ANSWERS).map(({ method, status, body }) => [
    method,
    { status, body, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) } },
  ]),
);

/** Answers (method, path) → { status, headers, body } once the work for that request is done. */
function fixedAnswers() {
  const buffers = new Map([...answers].map(([method, a]) => [method, { ...a, body: Buffer.from(a.body) }]));
  const fallback = buffers.values().next().value;
  return (method) => buffers.get(method) ?? fallback;
}

async function sqliteWriteAnswers(dataDir) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(join(dataDir, 'baseline.db'));
  // The same pragmas as packages/storage/src/store.ts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  db.exec('create table if not exists rows (id text primary key, created_at text not null, ended_at text)');
  const insert = db.prepare('insert into rows (id, created_at) values (?, ?)');
  const update = db.prepare('update rows set ended_at = ? where id = ?');
  const create = db.transaction((id, at) => insert.run(id, at));
  const end = db.transaction((id, at) => update.run(at, id));

  const fixed = fixedAnswers();
  // A POST answer's id, e.g. "ses_…", is swapped for a fresh one of the same length.
  const created = new Map();
  for (const [method, a] of answers) {
    const sampleId = method === 'POST' ? JSON.parse(a.body)?.id : undefined;
    if (typeof sampleId !== 'string') continue;
    const prefix = sampleId.slice(0, sampleId.indexOf('_') + 1);
    created.set(method, { ...a, parts: a.body.split(sampleId), prefix, randomLength: sampleId.length - prefix.length });
  }
  return (method, path) => {
    const at = new Date().toISOString();
    const template = created.get(method);
    if (template !== undefined) {
      const id = template.prefix + randomBytes(template.randomLength).toString('base64url').slice(0, template.randomLength);
      create(id, at);
      return { status: template.status, headers: template.headers, body: template.parts.join(id) };
    }
    const id = decodeURIComponent(path.slice(path.lastIndexOf('/') + 1).split('?')[0]);
    end(id, at);
    return fixed(method);
  };
}

const answer = process.env.BASELINE_WORK === 'sqlite-write' ? await sqliteWriteAnswers(process.env.BASELINE_DATA_DIR) : fixedAnswers();

const healthy = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': 2 }, body: '{}' };

const server = createServer((request, response) => {
  // Read the request body like a real server would before answering.
  request.resume();
  request.once('end', () => {
    // The harness waits for /healthz; it does no work and does not depend on Allot's answers.
    const { status, headers, body } = request.url === '/healthz' ? healthy : answer(request.method, request.url);
    response.writeHead(status, headers);
    response.end(body);
  });
});

server.listen(port, '127.0.0.1');
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
