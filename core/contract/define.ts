/**
 * The building blocks of the contract: a method is a query (reads, safe to
 * repeat) or a command (changes state), each with a zod input and output.
 * Hosts and the renderer client are generic over these definitions.
 */
import type { z } from 'zod';

export type MethodKind = 'query' | 'command';

export interface MethodDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType, K extends MethodKind = MethodKind> {
  kind: K;
  input: I;
  output: O;
  /** One line for people reading the contract or an error message. */
  summary: string;
  /**
   * Query methods whose cached results this command makes stale (renderer
   * invalidates them after success). Names, or prefixes ending in '.' ('plans.').
   */
  invalidates?: readonly string[];
}

export interface EventDef<P extends z.ZodType = z.ZodType> {
  payload: P;
  summary: string;
  /** Query methods (names or 'prefix.') whose cached results this event makes stale. */
  invalidates?: readonly string[];
}

export function query<I extends z.ZodType, O extends z.ZodType>(input: I, output: O, summary: string): MethodDef<I, O, 'query'> {
  return { kind: 'query', input, output, summary };
}

export function command<I extends z.ZodType, O extends z.ZodType>(
  input: I,
  output: O,
  summary: string,
  invalidates: readonly string[] = [],
): MethodDef<I, O, 'command'> {
  return { kind: 'command', input, output, summary, invalidates };
}

export function event<P extends z.ZodType>(payload: P, summary: string, invalidates: readonly string[] = []): EventDef<P> {
  return { payload, summary, invalidates };
}

/** True when `method` is named by `pattern`: exactly, or by a 'prefix.' pattern. */
export function matchesMethod(pattern: string, method: string): boolean {
  return pattern.endsWith('.') ? method.startsWith(pattern) : pattern === method;
}
