/**
 * Every failure the engine reports carries a kind (ARCHITECTURE.md, principle 8):
 * the queue decides retries from it and the console explains it to the operator.
 */
import type { ContractErrorKind } from './contract/index.ts';

export type ErrorKind = ContractErrorKind;

export class GatewayError extends Error {
  readonly code: string;
  readonly kind: ErrorKind;
  readonly details: Record<string, unknown> | undefined;

  constructor(code: string, message: string, kind: ErrorKind = 'permanent', details?: Record<string, unknown>) {
    super(message);
    this.name = 'GatewayError';
    this.code = code;
    this.kind = kind;
    this.details = details;
  }
}

export function isGatewayError(e: unknown): e is GatewayError {
  return e instanceof GatewayError;
}

/** A message a person can read, whatever was thrown. */
export function errorMessage(e: unknown): string {
  if (e instanceof Error) return e.message;
  return String(e);
}
