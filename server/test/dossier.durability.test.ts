/**
 * Durability of online submission (issue 5) on PostgreSQL, with real server processes on real
 * ports sharing one database, the way several app nodes behind a load balancer do:
 *
 * 1. 2,000 submissions sent at once, spread over two processes → 2,000 dossiers with 2,000
 *    distinct codes; per (agency, day) no number is used twice and, since none failed, none is
 *    skipped (ARCHITECTURE.md, deviation 10: the number is taken just before the dossier's
 *    transaction, so only a failed submission may leave a gap).
 * 2. The same Idempotency-Key sent twice — one after the other to the two processes, or at the
 *    same moment one copy to each — gives one dossier, the second answer is a replay with the
 *    same body, and no number is skipped: the key is claimed before the number is taken, so the
 *    copy that replays waits for the answer instead of taking a number (deviation 10).
 * 3. SIGKILL of one process while 5,000 submissions are being sent: every submission that got a
 *    201 is there after a restart, with its history, audit and event rows; one that got no
 *    answer may or may not exist, but nothing is half-written, the audit chains verify, the
 *    other process answers all of its own, and a client that retries an unanswered submission
 *    with its key gets exactly one dossier at once: the claims the killed process left on its
 *    keys are taken over because their database sessions died with it.
 *
 * PGlite is one embedded process: these tests only run under TINHSO_TEST_DB=postgres.
 */
import { rmSync } from 'node:fs';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IDEMPOTENCY_CLAIM_LEASE_MS } from '../src/modules/dossier/dossier.service.ts';
import { demoFormData, demoProcessDefinitions } from '../src/modules/dossier/index.ts';
import { DEMO_CITIZEN, DEMO_OFFICIALS, DEMO_ORGANISATION, DEMO_PASSWORD } from '../src/modules/identity/index.ts';
import { createAuditLog } from '../src/platform/audit/index.ts';
import { systemClock } from '../src/platform/clock/index.ts';
import type { Database } from '../src/platform/db/index.ts';
import { A, DEMO_CODES } from './dossier.support.ts';
import {
  type ClusterEnv,
  clusterEnv,
  forEachLimit,
  type HttpAnswer,
  HttpClient,
  type ServerProcess,
  type Session,
  seedDemoProvince,
  signIn,
  startServer,
} from './fixtures/dossier-cluster.ts';
import { createTestDatabase, type TestDatabase, testDbKind } from './support.ts';

const onPostgres = testDbKind === 'postgres';
const CONNECTIONS = 16; // keep-alive sockets per client and server

let testDb: TestDatabase;
let database: Database;
let env: ClusterEnv;
const servers: ServerProcess[] = [];
let a: ServerProcess;
let b: ServerProcess;

/** Who submits what where: citizens and organisations online to communes, the desk in person. */
interface Submitter {
  session: Session;
  procedureCode: string;
  agencyCode: string;
}
let submitters: Submitter[];

async function start(): Promise<ServerProcess> {
  const s = await startServer(env);
  servers.push(s);
  return s;
}

beforeAll(async () => {
  if (!onPostgres) return;
  testDb = await createTestDatabase();
  env = clusterEnv(testDb.url);
  await seedDemoProvince(env);
  database = await testDb.open();
  [a, b] = await Promise.all([start(), start()]);
  const client = new HttpClient(a.port, 2);
  try {
    const communes = (await client.request('GET', '/api/v1/catalog/agencies?kind=commune_committee&limit=2')).json()
      .items as { code: string }[];
    expect(communes).toHaveLength(2);
    const defs = demoProcessDefinitions(DEMO_CODES);
    const birth = defs.find((d) => d.agencyCode === 'scope:commune')!;
    // The demo one-stop officer receives in person at the service centre of the province.
    const officer = DEMO_OFFICIALS.find((o) => o.role === 'one_stop_officer' && o.grantOn === A.centre)!;
    const atCentre = defs.find((d) => d.agencyCode === A.centre)!;
    const citizen = await signIn(client, DEMO_CITIZEN.citizenId, DEMO_PASSWORD);
    const organisation = await signIn(client, DEMO_ORGANISATION.taxCode, DEMO_PASSWORD);
    const desk = await signIn(client, officer.username, DEMO_PASSWORD);
    submitters = [
      { session: citizen, procedureCode: birth.procedureCode, agencyCode: communes[0]!.code },
      { session: organisation, procedureCode: birth.procedureCode, agencyCode: communes[1]!.code },
      { session: desk, procedureCode: atCentre.procedureCode, agencyCode: A.centre },
      { session: citizen, procedureCode: birth.procedureCode, agencyCode: communes[1]!.code },
    ];
  } finally {
    client.close();
  }
}, 300_000);

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await database?.close();
  await testDb?.drop();
  if (env) rmSync(env.dataDir, { recursive: true, force: true });
}, 60_000);

// --- submissions -----------------------------------------------------------------------------

interface Submission {
  /** Also the applicant's name, so the dossier can be found in the database whatever happened. */
  name: string;
  key: string;
  submitter: Submitter;
  body: Record<string, unknown>;
}

/** `tag` is ASCII: it goes into the Idempotency-Key header. */
function submission(tag: string, i: number): Submission {
  const submitter = submitters[i % submitters.length]!;
  const name = `Người nộp ${tag} ${String(i).padStart(5, '0')}`;
  const applicant = { name, idNumber: '092090001111', phone: '0912345678' };
  // A complete e-form of the procedure (the demo form data the seed also uses).
  const formData = demoFormData(submitter.procedureCode, applicant, i);
  return {
    name,
    key: `${tag}-${i}`,
    submitter,
    body: {
      procedureCode: submitter.procedureCode,
      agencyCode: submitter.agencyCode,
      applicant,
      ...(formData ? { formData } : {}),
    },
  };
}

function send(client: HttpClient, s: Submission, onSent?: () => void): Promise<HttpAnswer> {
  return client.request('POST', '/api/v1/dossiers', {
    body: s.body,
    headers: { ...s.submitter.session.headers, 'idempotency-key': s.key },
    ...(onSent ? { onSent } : {}),
  });
}

// --- what the database holds -------------------------------------------------------------------

interface DossierRow {
  id: string;
  code: string | null;
  applicant_name: string;
  receiving_agency: string;
  status: string;
}

async function dossiers(): Promise<DossierRow[]> {
  const r = await sql<DossierRow>`
    select id::text, code, applicant_name, receiving_agency, status from dossier.dossier`.execute(database.db);
  return r.rows;
}

function byName(rows: DossierRow[]): Map<string, DossierRow[]> {
  const m = new Map<string, DossierRow[]>();
  for (const r of rows) m.set(r.applicant_name, [...(m.get(r.applicant_name) ?? []), r]);
  return m;
}

/** Per (agency, day): the counter's last number and the numbers the stored codes carry. */
type Numbering = Map<string, { last: number; seqs: number[] }>;

async function numbering(): Promise<Numbering> {
  const m: Numbering = new Map();
  const counters = await sql<{ agency: string; day: string; last: number }>`
    select agency, day::text as day, last from dossier.code_sequence`.execute(database.db);
  for (const c of counters.rows) m.set(`${c.agency}|${c.day}`, { last: c.last, seqs: [] });
  for (const d of await dossiers()) {
    if (d.code === null) continue;
    // Thông tư 01/2018/TT-VPCP Art. 19: <receiving agency>-<YYMMDD>-<daily sequence>.
    const match = /^(.+)-(\d{2})(\d{2})(\d{2})-(\d{4,})$/.exec(d.code);
    expect(match, d.code).not.toBeNull();
    const [, agency, yy, mm, dd, seq] = match!;
    expect(agency).toBe(d.receiving_agency);
    const key = `${agency}|20${yy}-${mm}-${dd}`;
    const entry = m.get(key);
    expect(entry, `no counter for ${d.code}`).toBeDefined();
    entry!.seqs.push(Number(seq));
  }
  return m;
}

/** The numbers handed out between two snapshots: duplicates anywhere, out of range, and skipped. */
function numbersBetween(before: Numbering, after: Numbering) {
  const duplicates: string[] = [];
  const outOfRange: string[] = [];
  const gaps: string[] = [];
  let allocated = 0;
  for (const [key, { last, seqs }] of after) {
    const seen = new Set<number>();
    for (const s of seqs) {
      if (seen.has(s)) duplicates.push(`${key}#${s}`);
      seen.add(s);
      if (s < 1 || s > last) outOfRange.push(`${key}#${s} > ${last}`);
    }
    const from = before.get(key)?.last ?? 0;
    allocated += last - from;
    for (let s = from + 1; s <= last; s++) if (!seen.has(s)) gaps.push(`${key}#${s}`);
  }
  return { duplicates, outOfRange, gaps, allocated };
}

/**
 * Dossiers whose rows are not all there: each history row with its audit row, the creation's
 * audit row and events, the stored answer of each idempotency key. Whole tables are read once
 * (no index serves a per-dossier lookup of audit rows or events).
 */
async function halfWritten(options: { claimsLeft?: boolean } = {}): Promise<string[]> {
  const db = database.db;
  const rows = await sql<{ id: string; code: string | null }>`select id::text, code from dossier.dossier`.execute(db);
  const history = await sql<{ id: string; seq: number; action: string }>`
    select dossier_id::text as id, seq, action from dossier.history`.execute(db);
  const audit = await sql<{ id: string; action: string; seq: string | null }>`
    select entity_id as id, action, data->>'seq' as seq from platform.audit_log
    where entity_type = 'dossier'`.execute(db);
  const events = await sql<{ id: string; type: string }>`
    select payload->>'dossierId' as id, type from platform.outbox where module = 'dossier'`.execute(db);
  const audited = new Set(audit.rows.map((x) => `${x.id}|${x.action}|${x.seq ?? ''}`));
  const published = new Set(events.rows.map((x) => `${x.id}|${x.type}`));
  const historyOf = new Map<string, { seq: number; action: string }[]>();
  for (const h of history.rows) historyOf.set(h.id, [...(historyOf.get(h.id) ?? []), h]);
  const problems: string[] = [];
  for (const r of rows.rows) {
    const where = `${r.id} (${r.code})`;
    const hs = historyOf.get(r.id) ?? [];
    if (r.code !== null && hs.length === 0) problems.push(`${where}: a code but no history`);
    if (!audited.has(`${r.id}|dossier.created|`)) problems.push(`${where}: no dossier.created audit row`);
    if (!published.has(`${r.id}|dossier.created`)) problems.push(`${where}: no dossier.created event`);
    if (r.code !== null && !published.has(`${r.id}|dossier.submitted`)) {
      problems.push(`${where}: no dossier.submitted event`);
    }
    for (const h of hs) {
      if (!audited.has(`${r.id}|dossier.${h.action}|${h.seq}`)) {
        problems.push(`${where}: history #${h.seq} ${h.action} has no audit row`);
      }
    }
  }
  // An answered key has its dossier and answer. A claimed key (a submission under way, or one a
  // killed process left) has neither yet; claims may be left only right after a kill, until the
  // client retries.
  const orphans = await sql<{ key: string; claimed: boolean }>`
    select i.key, i.claimant_boot is not null as claimed from dossier.idempotency i
    left join dossier.dossier d on d.id = i.dossier_id
    where i.claimant_boot is not null or d.id is null or i.response = '{}'::jsonb`.execute(db);
  for (const o of orphans.rows) {
    if (o.claimed && options.claimsLeft) continue;
    problems.push(`idempotency key ${o.key}: ${o.claimed ? 'still claimed' : 'no dossier or no stored answer'}`);
  }
  if (options.claimsLeft) {
    // A claim left by the kill never has a dossier: the claim's answer and its dossier commit together.
    const claimedWithDossier = await sql<{ key: string }>`
      select i.key from dossier.idempotency i join dossier.dossier d on d.id = i.dossier_id
      where i.claimant_boot is not null`.execute(db);
    for (const o of claimedWithDossier.rows) problems.push(`idempotency key ${o.key}: claimed but its dossier exists`);
  }
  return problems;
}

function rate(n: number, ms: number): string {
  return `${n} in ${(ms / 1000).toFixed(1)} s (${Math.round((n * 1000) / ms)}/s)`;
}

describe(`durable submissions across processes (${testDbKind})`, () => {
  it.skipIf(!onPostgres)(
    '2,000 concurrent submissions to two processes give 2,000 dossiers with distinct codes and no number skipped',
    async () => {
      const ca = new HttpClient(a.port, CONNECTIONS);
      const cb = new HttpClient(b.port, CONNECTIONS);
      try {
        const n = 2000;
        const subs = Array.from({ length: n }, (_, i) => submission('bulk', i));
        const before = await numbering();
        const rowsBefore = (await dossiers()).length;
        const t0 = performance.now();
        const answers = await Promise.all(subs.map((s, i) => send(i % 2 === 0 ? ca : cb, s)));
        const ms = performance.now() - t0;
        const failed = answers.filter((r) => r.status !== 201);
        expect(failed.map((r) => `${r.status} ${r.body}`).slice(0, 5)).toEqual([]);
        expect(answers.filter((r) => r.headers['idempotent-replayed'] !== undefined)).toHaveLength(0);
        const bodies = answers.map((r) => r.json() as { id: string; code: string });
        expect(new Set(bodies.map((x) => x.id)).size).toBe(n);
        expect(new Set(bodies.map((x) => x.code)).size).toBe(n);

        const rows = await dossiers();
        expect(rows.length - rowsBefore).toBe(n);
        const named = byName(rows);
        subs.forEach((s, i) => {
          expect(named.get(s.name), s.name).toEqual([
            {
              id: bodies[i]!.id,
              code: bodies[i]!.code,
              applicant_name: s.name,
              receiving_agency: s.submitter.agencyCode,
              status: 'submitted',
            },
          ]);
        });
        // None failed, so no number may be missing (ARCHITECTURE.md, deviation 10).
        const numbers = numbersBetween(before, await numbering());
        expect(numbers.duplicates).toEqual([]);
        expect(numbers.outOfRange).toEqual([]);
        expect({ skipped: numbers.gaps.length, first: numbers.gaps.slice(0, 5) }).toEqual({ skipped: 0, first: [] });
        expect(numbers.allocated).toBe(n);
        expect(await halfWritten()).toEqual([]);
        console.info(`[durability] two processes: ${rate(n, ms)}, ${CONNECTIONS} connections to each`);
      } finally {
        ca.close();
        cb.close();
      }
    },
    240_000,
  );

  it.skipIf(!onPostgres)(
    'an Idempotency-Key sent twice, one after the other or at the same moment to both processes, gives one dossier and a replay of the same body, and skips no number',
    async () => {
      const ca = new HttpClient(a.port, CONNECTIONS);
      const cb = new HttpClient(b.port, CONNECTIONS);
      try {
        const before = await numbering();
        // One after the other: the first to one process, the second to the other.
        const seq = Array.from({ length: 20 }, (_, i) => submission('sequential', i));
        for (const s of seq) {
          const first = await send(ca, s);
          expect(first.status, first.body).toBe(201);
          expect(first.headers['idempotent-replayed']).toBeUndefined();
          const second = await send(cb, s);
          expect(second.status, second.body).toBe(201);
          expect(second.headers['idempotent-replayed']).toBe('true');
          expect(second.json()).toEqual(first.json());
        }
        // The same key with another content is refused and creates nothing.
        const s0 = seq[0]!;
        const reused = await send(cb, {
          ...s0,
          body: { ...s0.body, applicant: { name: s0.name, phone: '0987654321' } },
        });
        expect(reused.status, reused.body).toBe(422);
        expect(reused.json().code).toBe('IDEMPOTENCY_KEY_REUSED');

        // At the same moment, one copy to each process (a double click behind a load balancer).
        const pairs = Array.from({ length: 100 }, (_, i) => submission('pair', i));
        const answers = await Promise.all(pairs.map((s) => Promise.all([send(ca, s), send(cb, s)])));
        for (const [x, y] of answers) {
          expect([x.status, y.status], `${x.body} ${y.body}`).toEqual([201, 201]);
          // Exactly one of the two created the dossier; the other replays its answer.
          expect([x.headers['idempotent-replayed'], y.headers['idempotent-replayed']].sort()).toEqual([
            'true',
            undefined,
          ]);
          expect(y.json()).toEqual(x.json());
        }
        const after = byName(await dossiers());
        for (const s of [...seq, ...pairs]) expect(after.get(s.name), s.name).toHaveLength(1);
        pairs.forEach((s, i) => {
          expect(after.get(s.name)![0]!.id).toBe(answers[i]![0].json().id);
        });
        expect(await halfWritten()).toEqual([]);

        const numbers = numbersBetween(before, await numbering());
        expect(numbers.duplicates).toEqual([]);
        expect(numbers.outOfRange).toEqual([]);
        console.info(
          `[durability] ${seq.length} sequential and ${pairs.length} concurrent duplicate pairs: ` +
            `${seq.length + pairs.length} dossiers, ${numbers.allocated} numbers taken, ${numbers.gaps.length} skipped`,
        );
        // The key is claimed before the number is taken (ARCHITECTURE.md, deviation 10): the copy
        // that replays waits for the other's answer and takes no number, so none is skipped.
        expect({ skipped: numbers.gaps.length, first: numbers.gaps.slice(0, 5) }).toEqual({ skipped: 0, first: [] });
        expect(numbers.allocated).toBe(seq.length + pairs.length);
      } finally {
        ca.close();
        cb.close();
      }
    },
    240_000,
  );

  it.skipIf(!onPostgres)(
    'SIGKILL of one process with 5,000 submissions in flight: every 201 is there after a restart, nothing is half-written, the other process answers all its own, a retry with the key gives one dossier',
    async () => {
      const victim = a;
      const survivor = b;
      // More connections to the victim than its database pool (10): at the kill some requests are
      // inside a transaction and some wait for a connection.
      const cv = new HttpClient(victim.port, 2 * CONNECTIONS);
      const cs = new HttpClient(survivor.port, CONNECTIONS);
      const total = 5000;
      const killAfter = 800; // 201s from the victim before it is killed
      const subs = Array.from({ length: total }, (_, i) => submission('kill', i));
      // Nine in ten go to the victim, at once. The survivor's tenth: half at once, half at the
      // moment its peer is killed, so it is working while the peer's connections die.
      type Fate = {
        toVictim: boolean;
        late: boolean;
        sentAt?: number;
        answeredAt?: number;
        answer?: HttpAnswer;
        error?: string;
      };
      let survivors = 0;
      const fates: Fate[] = subs.map((_, i) => {
        const toVictim = i % 10 !== 0;
        return { toVictim, late: !toVictim && survivors++ >= total / 20 };
      });
      let victimAcks = 0;
      let killedAt: number | undefined;
      let atKill = { answered: 0, victimInFlight: 0, survivorInFlight: 0 };
      let onKill!: () => void;
      const killed = new Promise<void>((resolve) => (onKill = resolve));
      const inFlight = (f: Fate) => f.sentAt !== undefined && !f.answer && !f.error;
      const before = await numbering();
      const t0 = performance.now();
      const victimDone = Promise.all(
        subs.map(async (s, i) => {
          const fate = fates[i]!;
          if (fate.late) await killed;
          try {
            fate.answer = await send(fate.toVictim ? cv : cs, s, () => (fate.sentAt ??= performance.now()));
            fate.answeredAt = performance.now();
            if (fate.toVictim && fate.answer.status === 201 && ++victimAcks === killAfter) {
              process.kill(victim.pid, 'SIGKILL');
              killedAt = performance.now();
              atKill = {
                answered: fates.filter((f) => f.answer).length,
                victimInFlight: fates.filter((f) => f.toVictim && inFlight(f)).length,
                survivorInFlight: fates.filter((f) => !f.toVictim && inFlight(f)).length,
              };
              onKill();
            }
          } catch (err) {
            fate.error = (err as Error).message;
          }
        }),
      );
      // Should the victim somehow answer everything first, the late ones still go (and the test fails below).
      void victimDone.then(() => onKill());
      await killed;
      await victimDone;
      const ms = performance.now() - t0;
      expect(killedAt, 'the victim was killed').toBeDefined();
      expect(await victim.exited).toBeNull();
      expect(victim.child.signalCode).toBe('SIGKILL');

      // No process answered anything but 201; the survivor answered every one of its own.
      const answered = fates.filter((f) => f.answer);
      expect(answered.filter((f) => f.answer!.status !== 201).map((f) => f.answer!.body)).toEqual([]);
      const survivorFates = fates.filter((f) => !f.toVictim);
      expect(survivorFates.filter((f) => !f.answer).map((f) => f.error)).toEqual([]);
      const acked = subs.flatMap((s, i) => (fates[i]!.answer ? [{ s, body: fates[i]!.answer!.json() }] : []));
      const neverSent = subs.filter((_, i) => !fates[i]!.answer && fates[i]!.sentAt === undefined);
      const ambiguous = subs.filter((_, i) => !fates[i]!.answer && fates[i]!.sentAt !== undefined);

      // --- restart against the same database ----------------------------------------------------
      const t1 = performance.now();
      const restarted = await start();
      const restartMs = performance.now() - t1;
      const cr = new HttpClient(restarted.port, CONNECTIONS);
      try {
        const named = byName(await dossiers());
        for (const { s, body } of acked) {
          expect(named.get(s.name), `${s.name}: acknowledged as ${body.code}`).toEqual([
            {
              id: body.id,
              code: body.code,
              applicant_name: s.name,
              receiving_agency: s.submitter.agencyCode,
              status: 'submitted',
            },
          ]);
        }
        for (const s of neverSent) expect(named.get(s.name), `${s.name} was never sent`).toBeUndefined();
        for (const s of ambiguous) expect((named.get(s.name) ?? []).length).toBeLessThanOrEqual(1);
        const committedUnanswered = ambiguous.filter((s) => named.has(s.name)).length;

        expect(await halfWritten({ claimsLeft: true })).toEqual([]);
        const audit = await createAuditLog(database.db, systemClock).verify();
        expect(audit.breaks).toEqual([]);
        expect(audit.ok).toBe(true);

        // Numbers: never twice; one may be skipped only by a submission the kill interrupted.
        const numbers = numbersBetween(before, await numbering());
        expect(numbers.duplicates).toEqual([]);
        expect(numbers.outOfRange).toEqual([]);
        expect(numbers.allocated - numbers.gaps.length).toBe(acked.length + committedUnanswered);
        expect(numbers.gaps.length).toBeLessThanOrEqual(ambiguous.length - committedUnanswered);

        // The restarted process serves what the victim acknowledged last before it died: the
        // dossier and its history (the database checks above cover every one).
        const victimAcked = acked.filter(({ s }) => fates[subs.indexOf(s)]!.toVictim);
        const lastAcked = [...victimAcked]
          .sort((x, y) => fates[subs.indexOf(y.s)]!.answeredAt! - fates[subs.indexOf(x.s)]!.answeredAt!)
          .slice(0, 100);
        await forEachLimit(lastAcked, CONNECTIONS, async ({ s, body }) => {
          const got = await cr.request('GET', `/api/v1/dossiers/${body.id}`, { headers: s.submitter.session.headers });
          expect(got.status, got.body).toBe(200);
          expect(got.json()).toMatchObject({ id: body.id, code: body.code, status: 'submitted' });
          const history = await cr.request('GET', `/api/v1/dossiers/${body.id}/history`, {
            headers: s.submitter.session.headers,
          });
          expect(history.status, history.body).toBe(200);
          expect(history.json().items.length).toBeGreaterThanOrEqual(1);
        });

        // The client retries what got no answer, with the same key: one dossier each; one that
        // had committed is replayed, not created again.
        const claimsLeft = (
          await sql<{
            n: number;
          }>`select count(*)::int as n from dossier.idempotency where claimant_boot is not null`.execute(database.db)
        ).rows[0]!.n;
        const tRetry = performance.now();
        const retried = await Promise.all(ambiguous.map((s) => send(cr, s)));
        const retryMs = performance.now() - tRetry;
        // Taken over because the claimant's database session died with it, not after the lease.
        expect(retryMs).toBeLessThan(IDEMPOTENCY_CLAIM_LEASE_MS);
        const afterRetry = byName(await dossiers());
        ambiguous.forEach((s, i) => {
          const r = retried[i]!;
          expect(r.status, r.body).toBe(201);
          expect(afterRetry.get(s.name), s.name).toHaveLength(1);
          expect(afterRetry.get(s.name)![0]!.id).toBe(r.json().id);
          expect(r.headers['idempotent-replayed']).toBe(named.has(s.name) ? 'true' : undefined);
        });
        expect(await halfWritten()).toEqual([]);

        console.info(
          `[durability] kill: ${rate(atKill.answered, killedAt! - t0)} answered before the kill; at the kill ` +
            `${atKill.victimInFlight} in flight to the killed process, ${atKill.survivorInFlight} to the other, ` +
            `${total - atKill.answered} not yet answered; ${acked.length} 201s in all ` +
            `(${victimAcked.length} from the killed process), all found after the restart; ` +
            `${ambiguous.length} sent but unanswered, ${committedUnanswered} of them committed; ` +
            `${neverSent.length} never sent; ${numbers.gaps.length} numbers skipped; ` +
            `${claimsLeft} claims left by the kill, retries answered in ${(retryMs / 1000).toFixed(1)} s; ` +
            `submitting ${(ms / 1000).toFixed(1)} s, restart ${(restartMs / 1000).toFixed(1)} s, ` +
            `checks ${((performance.now() - t1 - restartMs) / 1000).toFixed(1)} s`,
        );
      } finally {
        cv.close();
        cs.close();
        cr.close();
      }
    },
    240_000,
  );
});
