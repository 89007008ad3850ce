import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { callNode, startServerProcess, type ServerProcess } from '../../../test-support/processes.js';
import { runCli } from './run-cli.js';

const adminToken = 'backup-test-admin-token-0123456789';

/** `allot backup` and `allot restore` of the SQLite database (PostgreSQL has pg_dump and pg_restore). */
describe('allot backup and restore on SQLite', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'allot-backup-data-'));
  const elsewhere = mkdtempSync(join(tmpdir(), 'allot-backup-files-'));
  let server: ServerProcess | null = null;

  afterAll(async () => {
    await server?.stop();
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  });

  it('a backup taken while users are being created restores with every user committed before it began', async () => {
    server = await startServerProcess({ ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken });
    const node = server;
    const tenant = (await callNode(node.url, 'POST', '/v1/tenants', adminToken, { name: 'Backup AG', customerCode: 'BACKUP' })).body.id as string;
    // A few thousand users first, so that the copy takes a while.
    const bulk = Array.from({ length: 5000 }, (_, i) => ({ email: `bulk${i}@backup.example`, name: `Bulk ${i}` }));
    expect((await callNode(node.url, 'POST', `/v1/tenants/${tenant}/users/import`, adminToken, { users: bulk })).status).toBe(201);

    const created: { id: string; at: number }[] = [];
    let writing = true;
    const writer = (async () => {
      for (let i = 0; writing && i < 5000; i++) {
        const made = await callNode(node.url, 'POST', `/v1/tenants/${tenant}/users`, adminToken, { email: `w${i}@backup.example`, name: `Writer ${i}` });
        if (made.status !== 201) throw new Error(`create: ${made.status}`);
        created.push({ id: made.body.id, at: Date.now() });
      }
    })();
    while (created.length < 20) await new Promise((resolve) => setTimeout(resolve, 10));

    const file = join(elsewhere, 'allot-backup.sqlite');
    const committedBefore = created.map((u) => u.id);
    const began = Date.now();
    const backup = await runCli(['backup', file, '--data-dir', dataDir]);
    const ended = Date.now();
    expect([backup.code, backup.stderr]).toEqual([0, expect.stringContaining('Backed up')]);
    // Writes went on while the backup ran.
    expect(created.filter((u) => u.at > began && u.at < ended).length).toBeGreaterThan(0);
    writing = false;
    await writer;

    const refused = await runCli(['restore', file, '--data-dir', dataDir]);
    expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('stop it, then restore')]);

    await node.stop();
    server = null;
    const restored = await runCli(['restore', file], { ALLOT_DATA_DIR: dataDir });
    expect([restored.code, restored.stderr]).toEqual([0, expect.stringContaining('Restored')]);
    expect(existsSync(join(dataDir, 'allot.sqlite.before-restore'))).toBe(true);

    server = await startServerProcess({ ALLOT_DATA_DIR: dataDir, ALLOT_ADMIN_TOKEN: adminToken });
    const listed = await runCli(['users', 'list', '--all', '--json'], { ALLOT_URL: server.url, ALLOT_API_KEY: adminToken, ALLOT_TENANT: tenant });
    const ids = new Set<string>(listed.json().items.map((u: { id: string }) => u.id));
    expect(committedBefore.filter((id) => !ids.has(id))).toEqual([]);
    expect(ids.size).toBeGreaterThanOrEqual(5000 + committedBefore.length);
    // Nothing in the backup that the writer did not make: what it holds is a moment of the database.
    const writerIds = new Set(created.map((u) => u.id));
    expect([...ids].filter((id) => !writerIds.has(id)).length).toBe(5000);
  });

  it('restore refuses a file that is not an Allot database, and changes nothing', async () => {
    const text = join(elsewhere, 'notes.txt');
    writeFileSync(text, 'not a database at all, just some words that are long enough to be read as a header');
    const other = join(elsewhere, 'other.sqlite');
    const db = new Database(other);
    db.exec('create table notes (body text)');
    db.close();
    const target = mkdtempSync(join(tmpdir(), 'allot-restore-'));
    try {
      for (const file of [text, other, join(elsewhere, 'missing.sqlite')]) {
        const refused = await runCli(['restore', file, '--data-dir', target]);
        expect([refused.code, refused.stderr]).toEqual([2, expect.stringMatching(/not an Allot database|not a SQLite database|cannot be opened/)]);
      }
      expect(existsSync(join(target, 'allot.sqlite'))).toBe(false);
    } finally {
      rmSync(target, { recursive: true, force: true });
    }
  });

  it('backup and restore send PostgreSQL to pg_dump and pg_restore', async () => {
    for (const command of ['backup', 'restore']) {
      const refused = await runCli([command, join(elsewhere, 'x.sqlite'), '--database-url', 'postgres://postgres@127.0.0.1:5432/allot']);
      expect([refused.code, refused.stderr]).toEqual([2, expect.stringContaining('pg_dump')]);
    }
  });
});
