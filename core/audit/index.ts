export { appendAudit, appendAuditBatch, GENESIS_HASH, type AuditInput } from './log.ts';
export { canonicalJson, redact, isSecretKey, REDACTED } from './canonical-json.ts';
export { verifyAuditChain, verifyAuditChainAsync, auditHeadNow, type AuditVerification } from './verify.ts';
export { listAudit, auditFacets, type AuditFilter } from './list.ts';
export { attachAuditKey, type AuditKeyOptions } from './keyring.ts';
export { flushAuditHead } from './head-sync.ts';
export { auditHeadPath, AUDIT_HEAD_FILE } from './head.ts';
export { formatAnchor, parseAnchor, type AuditAnchor } from './anchor.ts';
export { lastVerification, recordVerification } from './last-verification.ts';
