/**
 * The one generic dispatcher behind every host: finds the method in the
 * contract, validates the input, runs the handler, validates the output and
 * turns every failure into `{code, message, kind}`. Hosts only move frames.
 */
import { randomBytes } from 'node:crypto';
import type { z } from 'zod';
import type { ContractError, DispatchResult, MethodDef } from '../contract/index.ts';
import { isGatewayError } from '../errors.ts';

export interface DispatchContext {
  /** Who is acting, for the audit trail (the host decides: OS user, "web console", ...). */
  actor: string;
}

export interface ContractShape {
  methods: Record<string, MethodDef>;
}

export type HandlersOf<C extends ContractShape> = {
  [M in keyof C['methods'] & string]: (
    input: z.output<C['methods'][M]['input']>,
    ctx: DispatchContext,
  ) => Promise<z.input<C['methods'][M]['output']>> | z.input<C['methods'][M]['output']>;
};

export interface DispatcherLogger {
  error(message: string, err?: unknown): void;
}

export interface DispatcherOptions {
  /** Validate (and strip) every result before it leaves; on by default, so nothing undeclared crosses. */
  validateOutput?: boolean;
  logger?: DispatcherLogger;
  /** Turns what a handler threw into what the console reads (e.g. a fault of the store into its sentence); identity by default. */
  translateError?: (e: unknown) => unknown;
}

export interface Dispatcher {
  dispatch(method: string, rawInput: unknown, ctx: DispatchContext): Promise<DispatchResult>;
  readonly methodNames: readonly string[];
}

/** "limit: Too big: expected number to be <=5000; planId: Invalid input: expected number, received undefined" */
export function describeZodIssues(error: z.ZodError): string {
  return error.issues
    .slice(0, 10)
    .map((i) => (i.path.length > 0 ? `${i.path.map(String).join('.')}: ${i.message}` : i.message))
    .join('; ');
}

const consoleLogger: DispatcherLogger = { error: (m, e) => console.error(m, e) };

export function createDispatcher<C extends ContractShape>(contract: C, handlers: HandlersOf<C>, opts: DispatcherOptions = {}): Dispatcher {
  const validateOutput = opts.validateOutput ?? true;
  const log = opts.logger ?? consoleLogger;
  const names = Object.keys(contract.methods);
  for (const name of names) {
    if (typeof (handlers as Record<string, unknown>)[name] !== 'function') throw new Error(`no handler for contract method "${name}"`);
  }

  const fail = (error: ContractError): DispatchResult => ({ ok: false, error });

  return {
    methodNames: names,
    async dispatch(method, rawInput, ctx) {
      if (typeof method !== 'string' || !Object.hasOwn(contract.methods, method)) {
        return fail({ code: 'unknown_method', message: `unknown method "${String(method).slice(0, 100)}"`, kind: 'permanent' });
      }
      const def = contract.methods[method]!;
      const parsed = def.input.safeParse(rawInput ?? {});
      if (!parsed.success) {
        return fail({ code: 'invalid_input', message: `invalid input for ${method}: ${describeZodIssues(parsed.error)}`, kind: 'permanent' });
      }
      let result: unknown;
      try {
        const handler = (handlers as Record<string, (i: unknown, c: DispatchContext) => unknown>)[method]!;
        result = await handler(parsed.data, ctx);
      } catch (thrown) {
        const e = opts.translateError ? opts.translateError(thrown) : thrown;
        if (isGatewayError(e)) return fail({ code: e.code, message: e.message, kind: e.kind });
        const ref = randomBytes(4).toString('hex');
        log.error(`${method} failed unexpectedly (ref ${ref}), actor ${ctx.actor}:`, e);
        return fail({
          code: 'internal_error',
          message:
            def.kind === 'command'
              ? `${method} failed unexpectedly (ref ${ref}); it may have been partly done: check the state before repeating it. The gateway log has the details.`
              : `${method} failed unexpectedly (ref ${ref}); the gateway log has the details.`,
          kind: def.kind === 'command' ? 'unknown_outcome' : 'retryable',
        });
      }
      if (!validateOutput) return { ok: true, result };
      const out = def.output.safeParse(result);
      if (!out.success) {
        const ref = randomBytes(4).toString('hex');
        log.error(`${method} returned a result that breaks the contract (ref ${ref}): ${describeZodIssues(out.error)}`);
        return fail({
          code: 'invalid_output',
          message: `${method} produced a result the console cannot read (ref ${ref}); the gateway log has the details.`,
          kind: def.kind === 'command' ? 'unknown_outcome' : 'permanent',
        });
      }
      return { ok: true, result: out.data };
    },
  };
}
