/** The MCE/Oktell link as the console and Health see it: mode, counters, last error, connection test. */
import { z } from 'zod';
import { instantSchema } from './common.ts';
import { mceModeSchema } from './agents.ts';
import { connectionTestSchema } from './credentials.ts';

export const mceCountersSchema = z.object({
  /** Status frames applied, and snapshots (socket or REST) taken, since the listener started. */
  events: z.number().int().min(0),
  snapshots: z.number().int().min(0),
  /** Gaps in `seq` (frames lost), each answered with a resync. */
  seqGaps: z.number().int().min(0),
  resyncs: z.number().int().min(0),
  reconnects: z.number().int().min(0),
  tokenRefreshes: z.number().int().min(0),
  /** Frames that did not parse or broke the contract (counted, logged, skipped). */
  badFrames: z.number().int().min(0),
  /** REST polls made while the socket was down. */
  polls: z.number().int().min(0),
});
export type MceCounters = z.infer<typeof mceCountersSchema>;

export const mceErrorSchema = z.object({
  code: z.string(),
  /** One sentence for the operator. */
  message: z.string(),
  at: instantSchema,
  /** True when retrying cannot help until someone acts (bad credentials, no URL). */
  permanent: z.boolean(),
});

export const mceStatusSchema = z.object({
  mode: mceModeSchema,
  /** When the current mode began. */
  modeSince: instantSchema.nullable(),
  /** The MCE base URL in use (no credentials in it); null when not configured. */
  endpoint: z.string().nullable(),
  /** True when the built-in MCE simulator stands in (demo mode). */
  simulated: z.boolean(),
  lastEventAt: instantSchema.nullable(),
  /** Agents in the current state. */
  agents: z.number().int().min(0),
  /** Status frames per second over the last minute. */
  eventsPerSec: z.number().min(0),
  counters: mceCountersSchema,
  lastError: mceErrorSchema.nullable(),
  /** When the process running the listener last wrote this status (the CLI reads it from the database). */
  writtenAt: instantSchema.nullable(),
  /** True when read from the database and not written for a while: no process here runs the listener. */
  stale: z.boolean(),
});
export type MceStatus = z.infer<typeof mceStatusSchema>;

/** The MCE test is a token request plus one REST read of the agent list. */
export const mceTestResultSchema = connectionTestSchema.extend({
  /** Agents the REST read returned. */
  agents: z.number().int().min(0).nullable(),
});
export type MceTestResult = z.infer<typeof mceTestResultSchema>;
