import { activeUserRelease } from './active-users.job.js';
import { consoleSessionsPurge } from './console-sessions.job.js';
import { expiryNotices } from './expiry.job.js';
import { inAppNotifications } from './notifications.job.js';
import type { Job } from './scheduler.js';
import { sessionTimeouts } from './sessions.job.js';

/** Every job the server runs that needs nothing but the store; `startServer` adds the e-mail job, which needs the mail settings. */
export const allJobs: Job[] = [consoleSessionsPurge, sessionTimeouts, activeUserRelease, expiryNotices, inAppNotifications];
