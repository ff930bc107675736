/** What the console shows about the running gateway itself. */
import { z } from 'zod';
import { instantSchema } from './common.ts';

export const appInfoSchema = z.object({
  version: z.string(),
  /** Which host serves the console. */
  host: z.enum(['desktop', 'web']),
  /** True when built-in simulators stand in for 1C or MCE (the console says "Demo: built-in simulators"). */
  demo: z.boolean(),
  /** Which links the simulators stand in for. */
  simulated: z.array(z.enum(['onec', 'mce'])).default([]),
  dataDir: z.string(),
  /** IANA zone of the gateway machine, for showing times. */
  zone: z.string(),
  startedAt: instantSchema,
  /** Who the host says is acting (audit "by" for commands without a typed name). */
  actor: z.string(),
  /**
   * Set by the desktop app attached to a headless gateway (no engine of its own): which one
   * it talks to, shown in the header. Absent everywhere else.
   */
  attachedTo: z.object({ url: z.string(), pinned: z.boolean() }).nullable().optional(),
});

export type AppInfo = z.infer<typeof appInfoSchema>;
