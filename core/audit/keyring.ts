/**
 * Which connection chains audit rows under which key, kept beside the
 * connection (as checkpointerOf(db) keeps its checkpointer) rather than
 * passed through every call that audits: the gateway attaches its key once,
 * when it opens the database (core/service.ts), and every appendAudit,
 * appendAuditBatch and the bulk writer's plan row on that connection is keyed.
 *
 * A connection without a key (a bare test database) chains plain SHA-256 as
 * before, and refuses to add to a log that is keyed already: a plain row after
 * keyed ones is what a forger without the key would write, and verify says so.
 */
import type { Db } from '../db/open.ts';
import { GatewayError, isGatewayError } from '../errors.ts';
import type { Clock } from '../time/clock.ts';
import { deriveAuditKey, type AuditKey } from './key.ts';

export interface AuditKeyOptions {
  /** The gateway's 32-byte data key; read on first use (the desktop's keychain is asked only then). */
  dataKey: () => Buffer;
  /** The sealed head's file (head.ts); null keeps none. */
  headFile: string | null;
  clock: Clock;
}

export interface AuditKeyring {
  readonly headFile: string | null;
  readonly clock: Clock;
  /** The audit key; a GatewayError when the data key cannot be had (nothing is written then). */
  key(): AuditKey;
  /** A head update waits for the surrounding transaction to end. */
  headPending: boolean;
  /** Why the last head update did not happen (the log stays correct; verify reports the head behind). */
  headProblem: string | null;
}

const rings = new WeakMap<Db, AuditKeyring>();

export function attachAuditKey(db: Db, opts: AuditKeyOptions): AuditKeyring {
  let key: AuditKey | null = null;
  const ring: AuditKeyring = {
    headFile: opts.headFile,
    clock: opts.clock,
    headPending: false,
    headProblem: null,
    key() {
      if (key) return key;
      try {
        key = deriveAuditKey(opts.dataKey());
      } catch (e) {
        // Already the whole story in one sentence: the desktop app holds this directory's key.
        if (isGatewayError(e) && e.code === 'secret_key_in_keychain') throw e;
        throw new GatewayError('audit_key_unavailable', `the audit key cannot be had: ${(e as Error).message}`, 'permanent');
      }
      return key;
    },
  };
  rings.set(db, ring);
  return ring;
}

export function auditKeyringOf(db: Db): AuditKeyring | undefined {
  return rings.get(db);
}
