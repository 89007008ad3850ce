import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { migrateToLatest, openStore, type Store } from '@allot/storage';
import { buildApp, type App } from './app.js';
import { ensureAdminKey } from './bootstrap.js';
import { vendorKeyFrom, type Config } from './config.js';
import { prepareDataDir } from './data-dir.js';
import { allJobs } from './jobs/all-jobs.js';
import { DeliveryDispatcher, deliverySettingsFromEnv } from './jobs/delivery-dispatcher.js';
import { Scheduler } from './jobs/scheduler.js';
import { watchDroppedLicense } from './license-drop.js';
import { createMailer } from './mail/mailer.js';
import { systemClock } from './services/context.js';
import { emailChannel } from './services/email.channel.js';
import { webhookChannel } from './services/webhook.channel.js';
import { loadSecretKeys, secretKeyFile } from './security/secret-key.js';
import { prepareInstallation, type PreparedInstallation } from './services/signing-keys.service.js';

export interface RunningServer {
  app: App;
  store: Store;
  scheduler: Scheduler;
  /** Fans out and sends e-mail and webhooks. */
  deliveries: DeliveryDispatcher;
  url: string;
  close(): Promise<void>;
}

/** The console's built files, next to this package in the workspace. */
export const defaultWebRoot = fileURLToPath(new URL('../../web/dist', import.meta.url));

/**
 * Makes the data dir private, loads the secret key, opens the database, migrates, seals or makes
 * the signing keys and the first admin key if needed, and serves. A `StartupError` says why not.
 */
export async function startServer(config: Config): Promise<RunningServer> {
  const untouched = prepareDataDir(config.dataDir);
  const secrets = loadSecretKeys({ configured: config.secretKey, previous: config.previousSecretKey, dataDir: config.dataDir });
  const vendorKey = config.vendorPrivateKey === undefined ? null : vendorKeyFrom(config.vendorPrivateKey);
  const store = openStore({ databaseUrl: config.databaseUrl, sqlitePath: join(config.dataDir, 'allot.sqlite') });
  const clock = systemClock;
  let prepared: PreparedInstallation;
  let applied: string[];
  try {
    const migration = await migrateToLatest(store.db);
    if (migration.error) throw migration.error;
    applied = migration.applied;
    // Keys and the installation id are made here, never by a request that reads them.
    prepared = await prepareInstallation(store, clock, { secretKey: secrets.current, previousSecretKey: secrets.previous, vendorKey });
  } catch (error) {
    await store.close();
    throw error;
  }
  let scheduler: Scheduler | null = null;
  const log = pino({ level: config.logLevel });
  const app = await buildApp(
    {
      store,
      clock,
      secretKey: secrets.current,
      adminToken: config.adminToken,
      secureCookies: config.secureCookies,
      vendorPublicKeys: config.vendorPublicKeys,
      licenseFileKey: config.licenseFileKey,
      onClockMoved: async (tenantId) => scheduler?.runForTenant(tenantId),
      webRoot: defaultWebRoot,
    },
    { logger: log, connections: config.connections },
  );
  const mailer = createMailer({ smtpUrl: config.smtpUrl, dataDir: config.dataDir });
  log.info({ mail: mailer.target }, 'mail goes to');
  const jobs = new Scheduler(store, clock, allJobs, log);
  scheduler = jobs;
  if (applied.length > 0) log.info({ migrations: applied }, 'migrations applied');
  for (const path of untouched) log.warn({ path }, 'cannot make this file in the data dir private (mode 0600/0700): it belongs to another user');
  if (secrets.source === 'new secret.key') {
    log.warn({ path: join(config.dataDir, secretKeyFile), secretKeyId: secrets.current.id }, 'made the secret key that seals the private signing keys: back it up with the database, whose signing keys open only with it');
  }
  if (store.dialect === 'postgres' && secrets.source !== 'ALLOT_SECRET_KEY') {
    log.warn({ secretKeyId: secrets.current.id }, 'with PostgreSQL, set ALLOT_SECRET_KEY to the same value on every node: a node with another secret key does not start');
  }
  const sealedOf = (kind: string) => prepared.sealed.filter((ref) => ref.kind === kind).map((ref) => ref.id);
  if (sealedOf('signing_key').length > 0) log.info({ keyIds: sealedOf('signing_key'), secretKeyId: secrets.current.id }, 'private signing keys sealed under the secret key');
  if (sealedOf('webhook_secret').length > 0) log.info({ webhookIds: sealedOf('webhook_secret'), secretKeyId: secrets.current.id }, 'webhook secrets sealed under the secret key');
  if (prepared.closedWebhookSecrets.length > 0) {
    log.warn(
      { webhookIds: prepared.closedWebhookSecrets, secretKeyId: secrets.current.id },
      'these webhooks have a secret that neither the secret key nor ALLOT_PREVIOUS_SECRET_KEY opens: their deliveries fail until each is made anew',
    );
  }
  if (prepared.configuredVendorKey !== null) log.info({ keyId: prepared.configuredVendorKey }, 'the vendor key from ALLOT_VENDOR_PRIVATE_KEY is now the current vendor key');
  if (config.adminToken === undefined) {
    const key = await ensureAdminKey(store, clock, secrets.current, config.dataDir);
    if (key !== null) {
      process.stdout.write(
        `\nA vendor-admin API key was made for this installation. It is shown once:\n\n    ${key}\n\n` +
          `It is also in ${join(config.dataDir, 'admin-token')} (mode 0600). Use it as "Authorization: Bearer <key>".\n\n`,
      );
    }
  }
  const deliverySettings = deliverySettingsFromEnv(process.env);
  const channels = [emailChannel(store, { mailer, publicUrl: config.publicUrl, from: config.mailFrom }), webhookChannel(store, clock, secrets, deliverySettings.webhooks)];
  const deliveries = new DeliveryDispatcher(store, clock, channels, deliverySettings.dispatch, log);
  const url = await app.listen({ port: config.port, host: config.host });
  log.info({ url }, 'listening');
  jobs.start();
  deliveries.start();
  const drop = watchDroppedLicense(config.dataDir, store, clock, secrets.current, { vendorPublicKeys: config.vendorPublicKeys, licenseFileKey: config.licenseFileKey }, log);
  await drop.ready;
  return {
    app,
    store,
    scheduler: jobs,
    deliveries,
    url,
    close: async () => {
      drop.close();
      await deliveries.stop();
      await jobs.stop();
      mailer.close();
      await app.close();
      await store.close();
    },
  };
}
