export { canonicalJson } from './audit.canonical.ts';
export {
  type Actor,
  AUDIT_SHARDS,
  type AuditBreak,
  type AuditEntry,
  type AuditLog,
  type AuditVerification,
  chainFor,
  createAuditLog,
  type PendingAuditEntry,
} from './audit.service.ts';
