import { activeUserRelease } from './active-users.job.js';
import { consoleSessionsPurge } from './console-sessions.job.js';
import type { Job } from './scheduler.js';
import { sessionTimeouts } from './sessions.job.js';

/** Every job the server runs. */
export const allJobs: Job[] = [consoleSessionsPurge, sessionTimeouts, activeUserRelease];
