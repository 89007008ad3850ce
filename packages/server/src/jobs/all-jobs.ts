import { activeUserRelease } from './active-users.job.js';
import { consoleSessionsPurge } from './console-sessions.job.js';
import { deliveryPruning } from './delivery-pruning.job.js';
import { expiryNotices } from './expiry.job.js';
import { inAppNotifications } from './notifications.job.js';
import type { Job } from './scheduler.js';
import { sessionTimeouts } from './sessions.job.js';

/** Every job the server runs; the channels that send run in `startServer`'s `DeliveryDispatcher`, which needs the mail settings and the secret keys. */
export const allJobs: Job[] = [consoleSessionsPurge, sessionTimeouts, activeUserRelease, expiryNotices, inAppNotifications, deliveryPruning];
