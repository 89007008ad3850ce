// The yardsticks: bare node:http servers that do what Allot must do for a request and nothing
// else, so that Allot's figures read as a fraction of the floor. Each parses the JSON body as
// Allot would, then answers with the status and body Allot answered to the same method once.
// Settings come from the environment (see lib/servers.mjs): PORT, YARDSTICK_ANSWERS (a JSON list
// of { method, status, body }), YARDSTICK_WORK, YARDSTICK_SERVER, and for database work
// YARDSTICK_SQLITE_PATH or DATABASE_URL.
//
// YARDSTICK_SERVER
//   node:http        (the default) a bare node:http server: the floor
//   fastify          a bare Fastify app, one catch-all route, Fastify's own JSON body parser: the
//                    framework's share of Allot's cost, without Allot's hooks, guard and rules
//
// YARDSTICK_WORK
//   parse            nothing more
//   sqlite-session   one better-sqlite3 transaction per request, with Allot's pragmas: a POST
//                    inserts a session under a fresh id (swapped into Allot's answer), any other
//                    method ends the session the path names
//   pg-session       the same through a pg pool: BEGIN, the statement, COMMIT
//   sqlite-hits      one transaction per batch: each event's idempotency key inserted unless
//                    known, and the batch added to a counter
//   pg-hits          the same on PostgreSQL, the keys as one array parameter
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';

const port = Number(process.env.PORT);
const work = process.env.YARDSTICK_WORK ?? 'parse';
const recorded = JSON.parse(process.env.YARDSTICK_ANSWERS);
const answers = new Map(recorded.map(({ method, status, body }) => [method, { status, body, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) } }]));
const fallback = answers.values().next().value;
const answerTo = (method) => answers.get(method) ?? fallback;

/** Allot's answer to a POST with a fresh id of the same length and prefix in place of its id. */
function freshIdAnswer() {
  const sample = answers.get('POST');
  const sampleId = JSON.parse(sample.body).id;
  const prefix = sampleId.slice(0, sampleId.indexOf('_') + 1);
  const parts = sample.body.split(sampleId);
  const length = sampleId.length - prefix.length;
  return () => {
    const id = prefix + randomBytes(length).toString('base64url').slice(0, length);
    return { id, answer: { ...sample, body: parts.join(id) } };
  };
}

const lastSegment = (url) => decodeURIComponent(url.slice(url.lastIndexOf('/') + 1).split('?')[0]);

async function openSqlite() {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(process.env.YARDSTICK_SQLITE_PATH);
  // The pragmas of packages/storage/src/store.ts.
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  db.pragma('busy_timeout = 5000');
  return db;
}

async function openPostgres() {
  const { default: pg } = await import('pg');
  const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
  const transaction = async (statements) => {
    const client = await pool.connect();
    try {
      await client.query('begin');
      for (const [text, values] of statements) await client.query(text, values);
      await client.query('commit');
    } finally {
      client.release();
    }
  };
  return { pool, transaction };
}

/** (method, url, parsed body) → the answer, once the request's work is done. */
const handlers = {
  parse: async () => (method) => answerTo(method),

  'sqlite-session': async () => {
    const db = await openSqlite();
    db.exec('create table if not exists yardstick_sessions (id text primary key, started_at text not null, ended_at text)');
    const insert = db.prepare('insert into yardstick_sessions (id, started_at) values (?, ?)');
    const end = db.prepare('update yardstick_sessions set ended_at = ? where id = ? and ended_at is null');
    const open = db.transaction((id, at) => insert.run(id, at));
    const close = db.transaction((id, at) => end.run(at, id));
    const fresh = freshIdAnswer();
    return (method, url) => {
      const at = new Date().toISOString();
      if (method === 'POST') {
        const { id, answer } = fresh();
        open(id, at);
        return answer;
      }
      close(lastSegment(url), at);
      return answerTo(method);
    };
  },

  'pg-session': async () => {
    const { pool, transaction } = await openPostgres();
    await pool.query('create table if not exists yardstick_sessions (id text primary key, started_at text not null, ended_at text)');
    const fresh = freshIdAnswer();
    return async (method, url) => {
      const at = new Date().toISOString();
      if (method === 'POST') {
        const { id, answer } = fresh();
        await transaction([['insert into yardstick_sessions (id, started_at) values ($1, $2)', [id, at]]]);
        return answer;
      }
      await transaction([['update yardstick_sessions set ended_at = $1 where id = $2 and ended_at is null', [at, lastSegment(url)]]]);
      return answerTo(method);
    };
  },

  'sqlite-hits': async () => {
    const db = await openSqlite();
    db.exec('create table if not exists yardstick_keys (key text primary key, at text not null); create table if not exists yardstick_hits (id integer primary key, hits integer not null); insert or ignore into yardstick_hits values (1, 0)');
    const insert = db.prepare('insert into yardstick_keys (key, at) values (?, ?) on conflict do nothing');
    const count = db.prepare('update yardstick_hits set hits = hits + ? where id = 1');
    const ingest = db.transaction((events, at) => {
      let added = 0;
      for (const e of events) added += insert.run(e.idempotencyKey, at).changes === 1 ? e.count : 0;
      count.run(added);
    });
    return (method, _url, body) => {
      ingest(body.events, new Date().toISOString());
      return answerTo(method);
    };
  },

  'pg-hits': async () => {
    const { pool, transaction } = await openPostgres();
    await pool.query('create table if not exists yardstick_keys (key text primary key, at text not null); create table if not exists yardstick_hits (id integer primary key, hits integer not null); insert into yardstick_hits values (1, 0) on conflict do nothing');
    return async (method, _url, body) => {
      const keys = body.events.map((e) => e.idempotencyKey);
      await transaction([
        ['insert into yardstick_keys (key, at) select k, $2 from unnest($1::text[]) as k on conflict do nothing', [keys, new Date().toISOString()]],
        ['update yardstick_hits set hits = hits + $1 where id = 1', [body.events.length]],
      ]);
      return answerTo(method);
    };
  },
};

if (!(work in handlers)) throw new Error(`unknown YARDSTICK_WORK ${work}`);
const handle = await handlers[work]();
const healthy = { status: 200, headers: { 'content-type': 'application/json; charset=utf-8', 'content-length': 2 }, body: '{}' };

if (process.env.YARDSTICK_SERVER === 'fastify') {
  const { default: Fastify } = await import('fastify');
  const app = Fastify({ logger: false });
  app.get('/healthz', (_request, reply) => reply.code(healthy.status).header('content-type', healthy.headers['content-type']).send(healthy.body));
  app.all('*', async (request, reply) => {
    const { status, headers, body } = await handle(request.method, request.url, request.body);
    return reply.code(status).header('content-type', headers['content-type']).send(body);
  });
  await app.listen({ port, host: '127.0.0.1' });
} else {
  const server = createServer((request, response) => {
    const chunks = [];
    request.on('data', (chunk) => chunks.push(chunk));
    request.once('end', async () => {
      // The harness waits for /healthz; it does no work and does not depend on Allot's answers.
      if (request.url === '/healthz') {
        response.writeHead(healthy.status, healthy.headers).end(healthy.body);
        return;
      }
      try {
        const text = Buffer.concat(chunks).toString('utf8');
        const body = text === '' ? undefined : JSON.parse(text);
        const { status, headers, body: answer } = await handle(request.method, request.url, body);
        response.writeHead(status, headers).end(answer);
      } catch (error) {
        response.writeHead(500).end(String(error));
      }
    });
  });
  server.listen(port, '127.0.0.1');
}
process.once('SIGTERM', () => process.exit(0));
process.once('SIGINT', () => process.exit(0));
