import { Temporal, formatInstant } from '@allot/core';
import { deleteExpiredConsoleSessions, deleteLoginAttemptsBefore } from '@allot/storage';
import { loginLimits } from '../services/auth.service.js';
import type { Job } from './scheduler.js';

/** Removes expired console sessions and failed-login records older than the rate-limit window. */
export const consoleSessionsPurge: Job = {
  name: 'console-sessions.purge',
  everySeconds: 600,
  scope: 'global',
  async run(store, now) {
    await deleteExpiredConsoleSessions(store.db, now);
    await deleteLoginAttemptsBefore(store.db, formatInstant(Temporal.Instant.from(now).subtract({ minutes: loginLimits.windowMinutes })));
  },
};

