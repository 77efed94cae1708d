/** @roster/server: the composition root. */
export { startServer, type RunningServer, type StartOptions } from './start-server.ts';
export { createApp, type MountedService, type AppDeps } from './app.ts';
