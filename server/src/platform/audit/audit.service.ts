/**
 * The audit log: one row per state change, written in the same transaction as the change.
 *
 * Rows are hash-chained so an edit or a deletion shows: each row stores the SHA-256 of the
 * canonical encoding of its content plus the previous row's hash. One global chain would make
 * every write in the province queue on one row, so the log is split into partitions
 * ("<module>#<shard>", the shard chosen from the entity id): writes to different partitions do
 * not wait for each other, and all rows of one entity stay in one chain, in order.
 */
import { createHash } from 'node:crypto';
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import { v7 as uuidv7 } from 'uuid';
import type { Clock } from '../clock/index.ts';
import { canonicalJson } from './audit.canonical.ts';

export const AUDIT_SHARDS = 16;
export const GENESIS_HASH = '0'.repeat(64);

export interface Actor {
  kind: 'official' | 'citizen' | 'organisation' | 'system' | 'admin-token' | 'anonymous';
  id: string;
  name?: string;
}

export interface AuditEntry {
  module: string;
  action: string;
  actor: Actor;
  entityType: string;
  entityId: string;
  data?: Record<string, unknown>;
  requestId?: string;
}

interface AuditRow {
  id: string;
  chain: string;
  seq: number;
  at: Date;
  module: string;
  action: string;
  actor: Actor;
  entity_type: string;
  entity_id: string;
  data: Record<string, unknown>;
  request_id: string | null;
  prev_hash: string;
  hash: string;
}

function shardOf(entityId: string): number {
  // FNV-1a: cheap, stable across processes and versions.
  let h = 0x811c9dc5;
  for (let i = 0; i < entityId.length; i++) {
    h ^= entityId.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h % AUDIT_SHARDS;
}

export function chainFor(module: string, entityId: string): string {
  return `${module}#${shardOf(entityId)}`;
}

export function hashRow(row: Omit<AuditRow, 'hash'>): string {
  const content = canonicalJson({
    id: row.id,
    chain: row.chain,
    seq: row.seq,
    at: row.at,
    module: row.module,
    action: row.action,
    actor: row.actor,
    entityType: row.entity_type,
    entityId: row.entity_id,
    data: row.data,
    requestId: row.request_id,
    prevHash: row.prev_hash,
  });
  return createHash('sha256').update(content).digest('hex');
}

/** An entry as taken when the change made it: its instant, and its data as it was then. */
export interface PendingAuditEntry extends AuditEntry {
  at: Date;
}

export interface AuditLog {
  /** Appends one row inside the caller's transaction. */
  record(tx: Transaction<any>, entry: AuditEntry): Promise<{ id: string; chain: string; seq: number }>;
  /**
   * Appends rows inside the caller's transaction, in the order given within each chain: two
   * statements per chain (lock the head, then insert the rows and move the head in one), however
   * many rows. Chains are taken in name order, so two transactions writing the same chains lock
   * their heads in the same order. `alongside`: a data-modifying statement of the same transaction
   * (the change's outbox insert) sent with the first head's lock, as a CTE: one round trip less.
   */
  recordAll(
    tx: Transaction<any>,
    entries: readonly PendingAuditEntry[],
    options?: { alongside?: RawBuilder<unknown> },
  ): Promise<{ id: string; chain: string; seq: number }[]>;
  /** Walks every chain; returns the first broken row per chain (empty when intact). */
  verify(options?: { onProgress?: (checked: number) => void }): Promise<AuditVerification>;
  /** History of one entity, oldest first. */
  history(entityType: string, entityId: string): Promise<AuditRow[]>;
}

export interface AuditBreak {
  chain: string;
  seq: number;
  id: string | null;
  reason: string;
}

export interface AuditVerification {
  ok: boolean;
  chains: number;
  rows: number;
  breaks: AuditBreak[];
}

export function createAuditLog(db: Kysely<any>, clock: Clock): AuditLog {
  const log: AuditLog = {
    async record(tx, entry) {
      const [written] = await log.recordAll(tx, [{ ...entry, at: clock.now() }]);
      return written!;
    },

    async recordAll(tx, entries, options = {}) {
      let alongside = options.alongside;
      const byChain = new Map<string, number[]>();
      entries.forEach((entry, i) => {
        const chain = chainFor(entry.module, entry.entityId);
        byChain.set(chain, [...(byChain.get(chain) ?? []), i]);
      });
      const written: { id: string; chain: string; seq: number }[] = new Array(entries.length);
      for (const chain of [...byChain.keys()].sort()) {
        let head = await sql<{ seq: number; hash: string }>`
          ${alongside ? sql`with alongside as (${alongside})` : sql``}
          select seq, hash from platform.audit_head where chain = ${chain} for update`.execute(tx);
        alongside = undefined;
        if (head.rows.length === 0) {
          // Concurrent first writers: on conflict waits for the other one, then does nothing.
          await sql`insert into platform.audit_head (chain, seq, hash) values (${chain}, 0, ${GENESIS_HASH})
                    on conflict (chain) do nothing`.execute(tx);
          head = await sql<{ seq: number; hash: string }>`
            select seq, hash from platform.audit_head where chain = ${chain} for update`.execute(tx);
        }
        let prev = head.rows[0]!;
        const rows: AuditRow[] = [];
        for (const i of byChain.get(chain)!) {
          const entry = entries[i]!;
          const row: Omit<AuditRow, 'hash'> = {
            id: uuidv7(),
            chain,
            seq: prev.seq + 1,
            at: entry.at,
            module: entry.module,
            action: entry.action,
            actor: entry.actor,
            entity_type: entry.entityType,
            entity_id: entry.entityId,
            data: JSON.parse(JSON.stringify(entry.data ?? {})),
            request_id: entry.requestId ?? null,
            prev_hash: prev.hash,
          };
          const hash = hashRow(row);
          rows.push({ ...row, hash });
          written[i] = { id: row.id, chain, seq: row.seq };
          prev = { seq: row.seq, hash };
        }
        // The rows and the head's move in one statement: one round trip while the head is locked.
        const values = rows.map(
          (r) =>
            sql`(${r.id}, ${r.chain}, ${r.seq}, ${r.at}, ${r.module}, ${r.action}, ${JSON.stringify(r.actor)}::jsonb,
                 ${r.entity_type}, ${r.entity_id}, ${JSON.stringify(r.data)}::jsonb, ${r.request_id}, ${r.prev_hash},
                 ${r.hash})`,
        );
        await sql`
          with written as (
            insert into platform.audit_log
              (id, chain, seq, at, module, action, actor, entity_type, entity_id, data, request_id, prev_hash, hash)
            values ${sql.join(values)}
          )
          update platform.audit_head set seq = ${prev.seq}, hash = ${prev.hash} where chain = ${chain}`.execute(tx);
      }
      if (alongside) await alongside.execute(tx);
      return written;
    },

    async verify(options = {}) {
      const heads = await sql<{ chain: string; seq: number; hash: string }>`
        select chain, seq, hash from platform.audit_head order by chain`.execute(db);
      const breaks: AuditBreak[] = [];
      let rows = 0;
      const pageSize = 1000;
      for (const head of heads.rows) {
        let expectedSeq = 1;
        let prevHash = GENESIS_HASH;
        let broken: AuditBreak | undefined;
        let after = 0;
        for (;;) {
          const page = await sql<AuditRow>`
            select * from platform.audit_log where chain = ${head.chain} and seq > ${after}
            order by seq limit ${pageSize}`.execute(db);
          for (const r of page.rows) {
            rows++;
            if (r.seq !== expectedSeq) {
              broken = {
                chain: head.chain,
                seq: expectedSeq,
                id: null,
                reason: `thiếu bản ghi số ${expectedSeq} (bị xoá?); bản ghi kế tiếp là số ${r.seq}`,
              };
            } else if (r.prev_hash !== prevHash) {
              broken = { chain: head.chain, seq: r.seq, id: r.id, reason: 'mã băm của bản ghi trước không khớp' };
            } else if (hashRow(r) !== r.hash) {
              broken = {
                chain: head.chain,
                seq: r.seq,
                id: r.id,
                reason: 'nội dung bản ghi đã bị sửa (mã băm không khớp)',
              };
            }
            if (broken) break;
            prevHash = r.hash;
            expectedSeq++;
          }
          if (broken || page.rows.length < pageSize) break;
          after = page.rows[page.rows.length - 1]!.seq;
          options.onProgress?.(rows);
        }
        if (!broken && (head.seq !== expectedSeq - 1 || head.hash !== prevHash)) {
          broken = {
            chain: head.chain,
            seq: expectedSeq,
            id: null,
            reason: `đầu chuỗi ghi số ${head.seq} nhưng chuỗi chỉ có ${expectedSeq - 1} bản ghi hợp lệ (bản ghi cuối bị xoá?)`,
          };
        }
        if (broken) breaks.push(broken);
      }
      return { ok: breaks.length === 0, chains: heads.rows.length, rows, breaks };
    },

    async history(entityType, entityId) {
      const r = await sql<AuditRow>`
        select * from platform.audit_log where entity_type = ${entityType} and entity_id = ${entityId}
        order by at, seq`.execute(db);
      return r.rows;
    },
  };
  return log;
}
