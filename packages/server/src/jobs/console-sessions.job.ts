import { attemptWindowStart } from '@allot/core';
import { deleteExpiredConsoleSessions, deleteLoginAttemptsBefore } from '@allot/storage';
import type { Job } from './scheduler.js';

/** Removes expired console sessions and the login-attempt counters of windows that have ended. */
export const consoleSessionsPurge: Job = {
  name: 'console-sessions.purge',
  everySeconds: 600,
  scope: 'global',
  async run(store, now) {
    await deleteExpiredConsoleSessions(store.db, now);
    await deleteLoginAttemptsBefore(store.db, attemptWindowStart(now));
  },
};
