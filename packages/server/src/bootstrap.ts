import { writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { withAdvisoryLock, type Store } from '@allot/storage';
import { createBootstrapKeyIfNone } from './services/api-key.service.js';
import type { SecretKey } from './security/secret-key.js';
import type { Clock } from './services/context.js';

/**
 * With no `ALLOT_ADMIN_TOKEN` and no vendor-admin key yet, makes one, writes it to
 * `<data dir>/admin-token` (mode 0600) and answers it so that it is printed once.
 */
export async function ensureAdminKey(store: Store, clock: Clock, secretKey: SecretKey, dataDir: string): Promise<string | null> {
  const outcome = await withAdvisoryLock(store, 'allot:bootstrap', () =>
    createBootstrapKeyIfNone({ store, clock, secretKey, principal: { kind: 'vendor_admin', actor: 'bootstrap' }, requestId: null }),
  );
  if (!outcome.ran || outcome.value === null) return null;
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(join(dataDir, 'admin-token'), `${outcome.value.key}\n`, { mode: 0o600 });
  return outcome.value.key;
}
