/**
 * An anchor: the sealed head written as one line an administrator keeps
 * outside the gateway (a ticket, a syslog server). `audit verify --anchor`
 * proves the log still holds that row with that hash, and that the chain up to
 * it verifies: then nothing up to it was changed, removed or re-chained, even
 * by someone holding the key, since every hash covers all rows before it.
 */
import { GatewayError } from '../errors.ts';

export const ANCHOR_PREFIX = 'argus-audit-anchor:v1';

export interface AuditAnchor {
  id: number;
  count: number;
  hash: string;
}

export function formatAnchor(a: AuditAnchor): string {
  return `${ANCHOR_PREFIX}:${a.id}:${a.count}:${a.hash}`;
}

const ANCHOR = /^argus-audit-anchor:v1:([1-9]\d{0,15}):([1-9]\d{0,15}):([0-9a-f]{64})$/;

export function parseAnchor(text: string): AuditAnchor {
  const m = ANCHOR.exec(text.trim());
  if (!m) {
    throw new GatewayError('invalid_anchor', `"${text.trim().slice(0, 120)}" is not an audit anchor: expected ${ANCHOR_PREFIX}:<id>:<count>:<64 hex digits>, as "gatewayctl audit anchor" prints it`, 'permanent');
  }
  return { id: Number(m[1]), count: Number(m[2]), hash: m[3]! };
}
