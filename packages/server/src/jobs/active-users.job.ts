import { releaseLinks } from '../services/active-user.service.js';
import type { Job } from './scheduler.js';

/** Returns active-user licenses whose retention has run out to the pool (they stopped counting already). */
export const activeUserRelease: Job = {
  name: 'active-users.release',
  everySeconds: 60,
  scope: 'tenant',
  async run(store, tenant, now) {
    await releaseLinks(store.db, tenant, now);
  },
};
