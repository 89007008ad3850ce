export { buildApp, bodyLimitBytes, type App, type AppDeps, type BuildOptions } from './app.js';
export { loadConfig, flagsToEnv, type Config } from './config.js';
export { startServer, defaultWebRoot, type RunningServer } from './server.js';
export { Scheduler, type Job } from './jobs/scheduler.js';
export { allJobs } from './jobs/all-jobs.js';
export { systemClock, type Clock, type ServiceContext } from './services/context.js';
export { createVendorKey } from './services/api-key.service.js';
export { prepareInstallation } from './services/signing-keys.service.js';
export { openApiDocument } from './openapi.js';
