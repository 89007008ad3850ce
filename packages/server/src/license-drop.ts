import { createHash } from 'node:crypto';
import { existsSync, readFileSync, renameSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import type { Store } from '@allot/storage';
import type { FastifyBaseLogger } from 'fastify';
import type { SecretKey } from './security/secret-key.js';
import type { Clock } from './services/context.js';
import { loadLicenseFile, type FileTrust } from './services/license-file.service.js';

/**
 * Loads `license.lic` from the data dir at start and whenever it changes, into the tenant with its
 * customer code; a loaded file is renamed `license.lic.loaded`. A refused file stays for the admin,
 * and why is logged (once per content); the server runs on with the licenses it had.
 */
export function watchDroppedLicense(dataDir: string, store: Store, clock: Clock, secretKey: SecretKey, trust: FileTrust, log: Pick<FastifyBaseLogger, 'info' | 'warn'>): { ready: Promise<void>; close(): void } {
  const path = join(dataDir, 'license.lic');
  let lastRefused = '';
  let timer: NodeJS.Timeout | null = null;
  let running: Promise<void> = Promise.resolve();

  const load = async (): Promise<void> => {
    if (!existsSync(path)) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return;
    }
    const digest = createHash('sha256').update(text).digest('hex');
    if (digest === lastRefused) return;
    try {
      const loaded = await loadLicenseFile({ store, clock, secretKey, principal: { kind: 'vendor_admin', actor: 'license.lic' }, requestId: null }, null, text, trust, false);
      renameSync(path, `${path}.loaded`);
      log.info({ tenantId: loaded.tenant.id, version: loaded.version, licenses: loaded.licenses }, 'license.lic loaded');
    } catch (error) {
      lastRefused = digest;
      log.warn({ reason: error instanceof Error ? error.message : String(error), file: path }, 'license.lic refused; the file is left in place and the licenses are unchanged');
    }
  };
  const schedule = () => {
    if (timer !== null) clearTimeout(timer);
    timer = setTimeout(() => {
      running = running.then(load);
    }, 150);
  };

  running = running.then(load);
  let watcher: FSWatcher | null = null;
  try {
    watcher = watch(dataDir, (_event, file) => {
      if (file === 'license.lic') schedule();
    });
  } catch {
    log.warn({ dataDir }, 'cannot watch the data dir; license.lic is read at start only');
  }
  return {
    ready: running,
    close: () => {
      watcher?.close();
      if (timer !== null) clearTimeout(timer);
    },
  };
}
