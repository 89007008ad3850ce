import pg from 'pg';

// History written straight into Allot's database, far faster than through the API: ended sessions
// (for the cost-growth row) and idempotency keys already counted (for ingestion at a large key
// table). Rows look like the ones Allot writes; none of them is live or counted again.

/** Rows per SQLite transaction: small enough that the server's WAL stays small while it runs. */
const chunk = 100_000;

async function withSqlite(path, work) {
  const { default: Database } = await import('better-sqlite3');
  const db = new Database(path);
  db.pragma('busy_timeout = 10000');
  try {
    return work(db);
  } finally {
    db.close();
  }
}

async function withPostgres(url, work) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * After a long seeding, the connection the harness kept open to Allot may have been closed by the
 * server while idle; a first request on it fails. A health check (safe to send twice) takes that.
 */
async function reconnect(allot) {
  await allot.send({ path: '/healthz' }).catch(() => allot.send({ path: '/healthz' }));
}

/** `count` ended sessions of the user on the license's module, a year ago, in `allot`'s database. */
export async function seedEndedSessions(allot, databaseUrl, { tenantId, userId, licenseId, module, count }) {
  const at = '2025-01-01T00:00:00.000Z';
  if (databaseUrl === undefined) {
    await withSqlite(allot.sqlitePath, (db) => {
      const session = db.prepare("insert into sessions (id, tenant_id, user_id, heartbeat_seconds, started_at, last_seen_at, expires_at, ended_at, end_reason) values (?, ?, ?, 60, ?, ?, ?, ?, 'logout')");
      const held = db.prepare('insert into session_modules (session_id, module, license_id, tenant_id, excess, day_code_id) values (?, ?, ?, ?, 0, null)');
      const some = db.transaction((from, to) => {
        for (let i = from; i < to; i++) {
          const id = `ses_history_${tenantId}_${i}`;
          session.run(id, tenantId, userId, at, at, at, at);
          held.run(id, module, licenseId, tenantId);
        }
      });
      for (let from = 0; from < count; from += chunk) some(from, Math.min(count, from + chunk));
    });
    return reconnect(allot);
  }
  await withPostgres(databaseUrl, async (client) => {
    const ids = `'ses_history_' || $1 || '_' || g`;
    await client.query(`insert into sessions (id, tenant_id, user_id, heartbeat_seconds, started_at, last_seen_at, expires_at, ended_at, end_reason) select ${ids}, $1, $2, 60, $3, $3, $3, $3, 'logout' from generate_series(1, $4::int) g`, [tenantId, userId, at, count]);
    await client.query(`insert into session_modules (session_id, module, license_id, tenant_id, excess, day_code_id) select ${ids}, $2, $3, $1, 0, null from generate_series(1, $4::int) g`, [tenantId, module, licenseId, count]);
  });
  return reconnect(allot);
}

/** `count` idempotency keys already counted for the tenant's license, in batches of 1000, in `allot`'s database. */
export async function seedHitKeys(allot, databaseUrl, { tenantId, licenseId, count }) {
  const at = '2025-01-01T00:00:00.000Z';
  const numberTenant = 'insert into tenant_numbers (tenant_id) select $tenant where not exists (select 1 from tenant_numbers where tenant_id = $tenant)';
  if (databaseUrl === undefined) {
    await withSqlite(allot.sqlitePath, (db) => {
      db.prepare(numberTenant.replaceAll('$tenant', '@tenant')).run({ tenant: tenantId });
      const number = db.prepare('select number from tenant_numbers where tenant_id = ?').pluck().get(tenantId);
      const batch = db.prepare('insert into hit_batches (tenant_id, license_id, at) values (?, ?, ?)');
      const key = db.prepare('insert into hit_keys (tenant, key, batch) values (?, ?, ?)');
      const some = db.transaction((from, to) => {
        let id = 0;
        for (let i = from; i < to; i++) {
          if (i % 1000 === 0) id = batch.run(tenantId, licenseId, at).lastInsertRowid;
          key.run(number, `history-${i}`, id);
        }
      });
      for (let from = 0; from < count; from += chunk) some(from, Math.min(count, from + chunk));
    });
    return reconnect(allot);
  }
  await withPostgres(databaseUrl, async (client) => {
    await client.query(numberTenant.replaceAll('$tenant', '$1::text'), [tenantId]);
    await client.query('insert into hit_batches (tenant_id, license_id, at) select $1, $2, $3 from generate_series(1, ceil($4::int / 1000.0)::int)', [tenantId, licenseId, at, count]);
    await client.query(
      `with batches as (select id, row_number() over (order by id) - 1 as i from hit_batches where tenant_id = $1 and at = $2)
       insert into hit_keys (tenant, key, batch)
       select (select number from tenant_numbers where tenant_id = $1), 'history-' || g, b.id from generate_series(0, $3::int - 1) g join batches b on b.i = g / 1000`,
      [tenantId, at, count],
    );
  });
  return reconnect(allot);
}
