import { randomBytes } from 'node:crypto';
import { connect } from 'node:net';
import pg from 'pg';
import { defer } from './cleanup.mjs';

const host = '127.0.0.1';
const port = 5432;
const adminUrl = `postgres://postgres@${host}:${port}/postgres`;

/** Whether something accepts connections on 127.0.0.1:5432 (within a second). */
export function postgresAnswers() {
  return new Promise((resolve) => {
    const socket = connect({ host, port, timeout: 1000 });
    const done = (answer) => {
      socket.destroy();
      resolve(answer);
    };
    socket.once('connect', () => done(true));
    socket.once('timeout', () => done(false));
    socket.once('error', () => done(false));
  });
}

async function asAdmin(sql) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** A fresh, empty database; `drop()` removes it even while connections remain. */
export async function createDatabase() {
  const name = `allot_bench_${randomBytes(6).toString('hex')}`;
  await asAdmin(`create database ${name}`);
  const drop = defer(() => asAdmin(`drop database if exists ${name} with (force)`));
  return { name, url: `postgres://postgres@${host}:${port}/${name}`, drop };
}
