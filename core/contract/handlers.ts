/**
 * The shape of a console handler, derived from the contract: a feature's
 * handlers (core/<feature>/handlers.ts) are typed `HandlersFor<'queue'>`, take
 * the validated input and return the contract's own types, so there is one
 * declaration of every shape and nothing to prove compatible.
 */
import type { HandlerOutput, MethodName, ParsedInput } from './methods.ts';

export interface HandlerContext {
  /** Who is acting, for the audit trail (the host decides: OS user, "web console", ...). */
  actor: string;
}

export type Handler<M extends MethodName> = (input: ParsedInput<M>, ctx: HandlerContext) => HandlerOutput<M> | Promise<HandlerOutput<M>>;

/** The handlers of every method whose name starts with one of the prefixes ("plans" → "plans.list", …). */
export type HandlersFor<P extends string> = { [M in MethodName as M extends `${P}.${string}` ? M : never]: Handler<M> };
