import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest, openStore, type Store } from '@allot/storage';
import { buildApp, type App } from './app.js';
import { ensureAdminKey } from './bootstrap.js';
import type { Config } from './config.js';
import { allJobs } from './jobs/all-jobs.js';
import { Scheduler } from './jobs/scheduler.js';
import { WebhookDispatcher, webhookSettingsFromEnv } from './jobs/webhook-dispatcher.js';
import { watchDroppedLicense } from './license-drop.js';
import { systemClock } from './services/context.js';
import { prepareInstallation } from './services/signing-keys.service.js';

export interface RunningServer {
  app: App;
  store: Store;
  scheduler: Scheduler;
  webhooks: WebhookDispatcher;
  url: string;
  close(): Promise<void>;
}

/** The console's built files, next to this package in the workspace. */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/** Opens the database, migrates, makes the signing keys and the first admin key if needed, and serves. */
export async function startServer(config: Config): Promise<RunningServer> {
  const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, 'allot.sqlite') });
  const migration = await migrateToLatest(store.db);
  if (migration.error) {
    await store.close();
    throw migration.error;
  }
  const clock = systemClock;
  // Keys and the installation id are made here, never by a request that reads them.
  await prepareInstallation(store, clock);
  let scheduler: Scheduler | null = null;
  const app = await buildApp(
    {
      store,
      clock,
      adminToken: config.adminToken,
      secureCookies: config.secureCookies,
      vendorPublicKeys: config.vendorPublicKeys,
      licenseFileKey: config.licenseFileKey,
      onClockMoved: async (tenantId) => scheduler?.runForTenant(tenantId),
      webRoot: defaultWebRoot,
    },
    { logger: { level: config.logLevel } },
  );
  const jobs = new Scheduler(store, clock, allJobs, app.log);
  scheduler = jobs;
  if (migration.applied.length > 0) app.log.info({ migrations: migration.applied }, 'migrations applied');
  if (config.adminToken === undefined) {
    const key = await ensureAdminKey(store, clock, config.dataDir);
    if (key !== null) {
      process.stdout.write(
        `\nA vendor-admin API key was made for this installation. It is shown once:\n\n    ${key}\n\n` +
          `It is also in ${join(config.dataDir, 'admin-token')} (mode 0600). Use it as "Authorization: Bearer <key>".\n\n`,
      );
    }
  }
  const webhooks = new WebhookDispatcher(store, clock, webhookSettingsFromEnv(process.env), app.log);
  const url = await app.listen({ port: config.port, host: config.host });
  jobs.start();
  webhooks.start();
  const drop = watchDroppedLicense(config.dataDir, store, clock, { vendorPublicKeys: config.vendorPublicKeys, licenseFileKey: config.licenseFileKey }, app.log);
  await drop.ready;
  return {
    app,
    store,
    scheduler: jobs,
    webhooks,
    url,
    close: async () => {
      drop.close();
      await webhooks.stop();
      await jobs.stop();
      await app.close();
      await store.close();
    },
  };
}
