export { appendAudit, appendAuditBatch, GENESIS_HASH, type AuditInput } from './log.ts';
export { canonicalJson, redact, isSecretKey, REDACTED } from './canonical-json.ts';
export { verifyAuditChain, type AuditVerification } from './verify.ts';
export { listAudit, auditFacets, type AuditFilter } from './list.ts';
