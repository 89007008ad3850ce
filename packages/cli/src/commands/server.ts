import { join } from 'node:path';
import type { Command } from 'commander';
import type { Config } from '@allot/server';
import { configOf, withServerOptions } from '../server-options.js';

const storeOptionsOf = (config: Config) => ({ databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, 'allot.sqlite') });

/**
 * `allot serve|migrate|openapi|create-admin-key`: running the server and looking after its database.
 * The server and storage modules are imported when one of these runs: admin commands start faster without them.
 */
export function serverCommands(program: Command): void {
  withServerOptions(program.command('serve', { isDefault: true }).description('serve the API and console (the default command)')).action(async (_options: unknown, cmd: Command) => {
    const { startServer } = await import('@allot/server');
    const server = await startServer(await configOf(cmd));
    const stop = () => {
      server.close().then(
        () => process.exit(0),
        () => process.exit(1),
      );
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });

  withServerOptions(program.command('migrate').description('bring the database schema to the latest version'), ['--data-dir', '--database-url']).action(async (_options: unknown, cmd: Command) => {
    const { migrateToLatest, openStore } = await import('@allot/storage');
    const store = openStore(storeOptionsOf(await configOf(cmd)));
    const outcome = await migrateToLatest(store.db);
    await store.close();
    if (outcome.error) throw outcome.error;
    process.stdout.write(outcome.applied.length === 0 ? 'The schema is up to date.\n' : `Applied: ${outcome.applied.join(', ')}\n`);
  });

  program
    .command('openapi')
    .description('print the OpenAPI 3.1 document')
    .action(async () => {
      const { openApiDocument } = await import('@allot/server');
      process.stdout.write(JSON.stringify(await openApiDocument(), null, 2) + '\n');
    });

  withServerOptions(program.command('create-admin-key').description('make a new vendor-admin API key and print it once'), ['--data-dir', '--database-url']).action(async (_options: unknown, cmd: Command) => {
    const config = await configOf(cmd);
    const { createVendorKey, loadSecretKeys, prepareDataDir, systemClock } = await import('@allot/server');
    const { migrateToLatest, openStore } = await import('@allot/storage');
    prepareDataDir(config.dataDir);
    const { current: secretKey } = loadSecretKeys({ configured: config.secretKey, previous: config.previousSecretKey, dataDir: config.dataDir });
    const store = openStore(storeOptionsOf(config));
    const outcome = await migrateToLatest(store.db);
    if (outcome.error) throw outcome.error;
    const { key } = await createVendorKey({ store, clock: systemClock, secretKey, principal: { kind: 'vendor_admin', actor: 'cli' }, requestId: null }, 'cli');
    await store.close();
    process.stdout.write(`${key}\n`);
  });
}
