/**
 * core/contract: the one API of the gateway (ARCHITECTURE.md, principle 2).
 * Runs anywhere (Node, Electron preload, browser); imports nothing of ours.
 */
export * from './define.ts';
export * from './common.ts';
export * from './plans.ts';
export * from './directory.ts';
export * from './config.ts';
export * from './credentials.ts';
export * from './health.ts';
export * from './app.ts';
export * from './queue.ts';
export * from './schedule.ts';
export * from './audit.ts';
export * from './agents.ts';
export * from './mce.ts';
export * from './schedules.ts';
export * from './timesheets.ts';
export * from './handlers.ts';
export * from './methods.ts';
export * from './wire.ts';
export * from './desktop.ts';
