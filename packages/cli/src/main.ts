#!/usr/bin/env node
import { join } from 'node:path';
import { migrateToLatest, openStore } from '@allot/storage';
import { createVendorKey, loadConfig, loadSecretKeys, openApiDocument, prepareDataDir, startServer, StartupError, systemClock } from '@allot/server';

const usage = `allot <command> [flags]

Commands:
  serve                 serve the API and console (default)
  migrate               bring the database schema to the latest version
  openapi               print the OpenAPI 3.1 document
  create-admin-key      make a new vendor-admin API key and print it once

Flags (each also an environment variable):
  --port (PORT, 4400)  --host (HOST, 127.0.0.1)  --data-dir (ALLOT_DATA_DIR, ./data)
  --database-url (DATABASE_URL)  --admin-token (ALLOT_ADMIN_TOKEN)  --log-level (LOG_LEVEL, info)

Secrets and limits (environment only; see the README's configuration table):
  ALLOT_SECRET_KEY, ALLOT_PREVIOUS_SECRET_KEY, ALLOT_VENDOR_PRIVATE_KEY, ALLOT_IDLE_TIMEOUT,
  ALLOT_REQUEST_TIMEOUT, ALLOT_MAX_CONNECTIONS, ALLOT_MAX_CONNECTIONS_PER_ADDRESS
`;

async function main(argv: string[]): Promise<void> {
  const command = argv[0] !== undefined && !argv[0].startsWith('-') ? argv[0] : 'serve';
  const flags = command === argv[0] ? argv.slice(1) : argv;
  if (flags.includes('--help') || command === 'help') {
    process.stdout.write(usage);
    return;
  }
  // Whatever this process writes in the data dir (database, keys, mail) is its user's alone.
  process.umask(0o077);
  const config = loadConfig(process.env, flags);
  const storeOptions = { databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, 'allot.sqlite') };
  switch (command) {
    case 'serve': {
      const server = await startServer(config);
      const stop = () => {
        server.close().then(
          () => process.exit(0),
          () => process.exit(1),
        );
      };
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
      return;
    }
    case 'migrate': {
      const store = openStore(storeOptions);
      const outcome = await migrateToLatest(store.db);
      await store.close();
      if (outcome.error) throw outcome.error;
      process.stdout.write(outcome.applied.length === 0 ? 'The schema is up to date.\n' : `Applied: ${outcome.applied.join(', ')}\n`);
      return;
    }
    case 'openapi': {
      process.stdout.write(JSON.stringify(await openApiDocument(), null, 2) + '\n');
      return;
    }
    case 'create-admin-key': {
      prepareDataDir(config.dataDir);
      const { current: secretKey } = loadSecretKeys({ configured: config.secretKey, previous: config.previousSecretKey, dataDir: config.dataDir });
      const store = openStore(storeOptions);
      const outcome = await migrateToLatest(store.db);
      if (outcome.error) throw outcome.error;
      const { key } = await createVendorKey({ store, clock: systemClock, secretKey, principal: { kind: 'vendor_admin', actor: 'cli' }, requestId: null }, 'cli');
      await store.close();
      process.stdout.write(`${key}\n`);
      return;
    }
    default:
      process.stderr.write(`Unknown command ${command}.\n\n${usage}`);
      process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((error: unknown) => {
  // A refusal to start is for whoever runs the server: its message, without a stack trace.
  if (error instanceof StartupError) {
    process.stderr.write(`allot: ${error.message}\n`);
    process.exit(1);
  }
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
