import { closeOverdueSessions } from '../services/session.service.js';
import type { Job } from './scheduler.js';

/** Closes sessions whose heartbeat is overdue with reason `timeout` (they stopped counting already). */
export const sessionTimeouts: Job = {
  name: 'sessions.timeout',
  everySeconds: 15,
  scope: 'tenant',
  async run(store, tenant, now) {
    await closeOverdueSessions(store.db, tenant, now);
  },
};
