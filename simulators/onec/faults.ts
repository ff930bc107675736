/**
 * Fault injection: what the next requests to the 1C methods suffer. Admin
 * endpoints (/_sim/…) are never faulted, so a script can always clear faults.
 */
import { z } from 'zod';

export interface FaultOptions {
  /** Delay before answering, ms. */
  latencyMs?: number;
  /** Answer HTTP 500 with a message as JSON {"message": …}, plain text, or an empty body. */
  status500?: { message?: string; body?: 'json' | 'text' | 'empty' };
  /** Answer 200 with a body that is not valid JSON. */
  malformedJson?: boolean;
  /** Declare the full Content-Length, send half the body, close the connection. */
  truncateBody?: boolean;
  /** Reset the TCP connection (RST) once the request has been read. */
  resetConnection?: boolean;
  /** Read the request and never answer. */
  hang?: boolean;
  /** Apply to the next N requests, then clear; absent: until changed. */
  times?: number;
}

export const faultOptionsSchema = z
  .object({
    latencyMs: z.number().int().min(0).max(600_000).optional(),
    status500: z
      .object({ message: z.string().optional(), body: z.enum(['json', 'text', 'empty']).optional() })
      .strict()
      .optional(),
    malformedJson: z.boolean().optional(),
    truncateBody: z.boolean().optional(),
    resetConnection: z.boolean().optional(),
    hang: z.boolean().optional(),
    times: z.number().int().min(1).optional(),
  })
  .strict();

export const DEFAULT_500_MESSAGE = 'Нет доступа к базе';

export class FaultState {
  private faults: FaultOptions = {};
  private remaining: number | null = null;

  set(f: FaultOptions): void {
    const parsed = faultOptionsSchema.parse(f);
    this.faults = parsed;
    this.remaining = parsed.times ?? null;
  }

  /** The faults for this request (null when none), counting down `times`. */
  take(): FaultOptions | null {
    const { times: _t, ...active } = this.faults;
    if (Object.keys(active).length === 0) return null;
    if (this.remaining !== null) {
      this.remaining--;
      if (this.remaining <= 0) {
        this.faults = {};
        this.remaining = null;
      }
    }
    return active;
  }

  /** What is set now, with how many requests are left when counted. */
  current(): FaultOptions & { remaining: number | null } {
    return { ...this.faults, remaining: this.remaining };
  }
}
