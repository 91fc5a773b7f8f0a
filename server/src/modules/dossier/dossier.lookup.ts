/**
 * Public status lookup (tra cứu hồ sơ): anyone with the dossier code and the last four digits of
 * the applicant's phone or identity number sees the status and the timeline, nothing personal.
 *
 * Rate limit, unchanged in meaning: every attempt counts, per client address (30) and per code
 * (10) in fixed 10-minute windows, in the database so it holds across app nodes, and the count is
 * taken before the answer is decided — so four digits cannot be guessed faster than that, even by
 * many requests at once. What changed is the cost: requests are not counted one statement each.
 * Lookups that arrive while a batch is in flight wait for the next one, and one statement per batch
 * adds the batch's attempts to their buckets (returning the new counts) and reads the dossiers.
 * Within a batch the attempts on one bucket are numbered in arrival order, so the (n+1)-th attempt
 * is refused exactly as when each request incremented the counter on its own. One statement then
 * serves a whole batch instead of four per request, and it commits without waiting for a WAL flush
 * (the counts are rate-limit state: a PostgreSQL crash may forget the last fraction of a second of
 * attempts, see DossierRepository.lookupBatch).
 *
 * Rows of ended windows are deleted by a job (JOB_LOOKUP_CLEANUP, dossier.jobs.ts) planned by the
 * first batch of each window on each node.
 */
import { checkValueMatches, type ProcessDefinition, STATUS_INFO } from './domain/index.ts';
import { dossierErrors } from './dossier.errors.ts';
import type { DossierRepository, PublicDossierRow } from './dossier.repository.ts';

/** Public lookup limits, per client address and per dossier code, in a 10-minute window. */
export const LOOKUP_WINDOW_MS = 10 * 60 * 1000;
export const LOOKUP_LIMIT_PER_IP = 30;
export const LOOKUP_LIMIT_PER_CODE = 10;
export const JOB_LOOKUP_CLEANUP = 'dossier.lookup_attempt_cleanup';

/** Largest batch: one statement with up to 2 × this many bucket rows. */
const MAX_BATCH = 256;

export interface PublicDossierView {
  code: string;
  procedureCode: string;
  procedureName: string;
  status: string;
  statusLabel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  appointmentAt: string | null;
  completedAt: string | null;
  timeliness: string | null;
  timeline: { at: string; label: string; status: string; statusLabel: string; step: string }[];
}

interface Pending {
  code: string;
  check: string;
  ip: string;
  resolve(view: PublicDossierView): void;
  reject(err: unknown): void;
}

export interface LookupDeps {
  repo: DossierRepository;
  now(): Date;
  definitionOf(id: string, version: number): Promise<ProcessDefinition>;
  /** Plans the cleanup of the window that starts at `windowStart` (idempotent: a singleton job). */
  planCleanup(windowStart: Date): Promise<void>;
  /** Batches run at the same time (PGlite has one connection: 1 is enough there). */
  parallel: number;
  onCleanupPlanError?: (err: unknown) => void;
}

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function publicLookups(deps: LookupDeps) {
  const queue: Pending[] = [];
  let running = 0;
  /** Windows whose cleanup this node has planned. */
  const planned = new Set<number>();

  function pump(): void {
    while (running < deps.parallel && queue.length > 0) {
      const batch = queue.splice(0, MAX_BATCH);
      running++;
      void run(batch).finally(() => {
        running--;
        pump();
      });
    }
  }

  async function run(batch: Pending[]): Promise<void> {
    try {
      const t = deps.now().getTime();
      const windowStart = new Date(t - (t % LOOKUP_WINDOW_MS));
      // Attempts per bucket, and each request's rank among this batch's attempts on its buckets.
      const perBucket = new Map<string, number>();
      const ranks = batch.map((p) => {
        const ip = `ip:${p.ip}`;
        const code = `code:${p.code.slice(0, 64)}`;
        const ipRank = (perBucket.get(ip) ?? 0) + 1;
        perBucket.set(ip, ipRank);
        const codeRank = (perBucket.get(code) ?? 0) + 1;
        perBucket.set(code, codeRank);
        return { ip, ipRank, code, codeRank };
      });
      const { counts, dossiers } = await withDeadlockRetry(() =>
        deps.repo.lookupBatch(
          [...perBucket].map(([bucket, n]) => ({ bucket, n })),
          windowStart,
          [...new Set(batch.map((p) => p.code))],
        ),
      );
      if (!planned.has(windowStart.getTime())) {
        // A failure here must not fail the lookups: the next batch plans it again.
        try {
          await deps.planCleanup(windowStart);
          planned.clear();
          planned.add(windowStart.getTime());
        } catch (err) {
          deps.onCleanupPlanError?.(err);
        }
      }
      const byCode = new Map(dossiers.map((d) => [d.code, d]));
      for (const [i, p] of batch.entries()) {
        const r = ranks[i]!;
        // The count before this batch, plus this request's rank in it: its place in the window.
        // (A bucket the statement did not return counts as over the limit: refuse rather than guess.)
        const ipPlace = (counts.get(r.ip) ?? Number.POSITIVE_INFINITY) - perBucket.get(r.ip)! + r.ipRank;
        const codePlace = (counts.get(r.code) ?? Number.POSITIVE_INFINITY) - perBucket.get(r.code)! + r.codeRank;
        if (ipPlace > LOOKUP_LIMIT_PER_IP || codePlace > LOOKUP_LIMIT_PER_CODE) {
          p.reject(dossierErrors.rateLimited());
          continue;
        }
        const row = byCode.get(p.code);
        // A wrong check answers exactly like an unknown code.
        if (!row || !checkValueMatches(p.code, p.check, row.lookup_checks)) {
          p.reject(dossierErrors.notFound());
          continue;
        }
        publicView(row).then(p.resolve, p.reject);
      }
    } catch (err) {
      for (const p of batch) p.reject(err);
    }
  }

  async function publicView(row: PublicDossierRow): Promise<PublicDossierView> {
    const def = await deps.definitionOf(row.process_id, row.process_version);
    return {
      code: row.code,
      procedureCode: row.procedure_code,
      procedureName: row.procedure_name,
      status: row.status,
      statusLabel: STATUS_INFO[row.status as keyof typeof STATUS_INFO].label,
      submittedAt: iso(row.submitted_at),
      receivedAt: iso(row.received_at),
      appointmentAt: iso(row.appointment_at),
      completedAt: iso(row.completed_at),
      timeliness: row.timeliness,
      // Steps and times only: no names of officials, no comments, no reasons (they may hold personal data).
      timeline: row.history.map((h) => ({
        at: h.at,
        label: h.label,
        status: h.toStatus,
        statusLabel: STATUS_INFO[h.toStatus].label,
        step: def.steps.find((s) => s.id === h.toStepId)?.name ?? h.toStepId,
      })),
    };
  }

  return {
    lookup(code: string, check: string, ip: string): Promise<PublicDossierView> {
      return new Promise((resolve, reject) => {
        queue.push({ code, check, ip, resolve, reject });
        pump();
      });
    },
  };
}

/** Buckets are upserted in one order, so a deadlock should not happen; if one does, run the batch again once. */
async function withDeadlockRetry<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    if ((err as { code?: string }).code !== '40P01') throw err;
    return work();
  }
}
