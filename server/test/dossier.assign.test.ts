/**
 * `assign` (phân công / phân công lại), the dossier's own action (dossier.machine.ts assignRight):
 * the leader of the handling agency sets or changes the current step's handler to an official of
 * that agency holding the step's role; the one-stop desk does it at reception; the handler can
 * only give it back to the queue with a reason. The step and its due date stay; the change, its
 * history row, audit row and event are one transaction; a stale version answers 409.
 */
import { execFileSync } from 'node:child_process';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, expectStatus, setUpDossierEnv, signIn } from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';
import { createOfficial } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({
    officials: [
      'motcua.xa',
      'chuyenvien.xa',
      'chuyenvien2.xa',
      'lanhdao.xa',
      'outsider',
      'lanhdao.syt',
      'motcua.tinh',
      'chuyenvien.sxd',
    ],
  });
  // A second one-stop officer at the commune's desk: reception work can be shared among them.
  e.ids['motcua2.xa'] = await createOfficial(e.t.app, {
    username: 'motcua2.xa',
    agencyCode: A.communeCentre,
    roles: [{ role: 'one_stop_officer', agencyCode: A.communeCentre }],
  });
  e.c['motcua2.xa'] = await signIn(e.t, 'motcua2.xa');
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const BIRTH = '1.001193';
const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const get = async (c: Client, id: string) => expectStatus(await c.get(`/api/v1/dossiers/${id}`), 200);

async function submitted() {
  return expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode: BIRTH, agencyCode: A.commune, applicant }),
    201,
  );
}
async function atReview() {
  const d = await submitted();
  return expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
}
const count = async (where: ReturnType<typeof sql>) =>
  Number((await sql<{ n: number }>`select count(*)::int8 as n from ${where}`.execute(e.t.database.db)).rows[0]!.n);
const audits = (id: string) => count(sql`platform.audit_log where entity_id = ${id} and action = 'dossier.assign'`);
const events = (id: string) =>
  count(sql`platform.outbox where type = 'dossier.assigned' and payload->>'dossierId' = ${id}`);

describe('assign by the leader of the handling agency', () => {
  it('changes the handler, keeps the step and its due date, writes history, audit and event', async () => {
    const d = await atReview();
    const leaderView = await get(e.c['lanhdao.xa']!, d.id);
    const offered = leaderView.availableActions.find((a: any) => a.kind === 'assign');
    expect(offered).toMatchObject({ label: 'Phân công xử lý', requires: ['next_handler'], toAgency: A.commune });
    expect(offered.toRole).toBe('specialist');

    const after = expectStatus(
      await act(e.c['lanhdao.xa']!, d.id, {
        kind: 'assign',
        nextHandler: e.ids['chuyenvien2.xa'],
        comment: 'Chia đều khối lượng',
        expectedVersion: d.version,
      }),
      200,
    );
    expect(after.assigneeId).toBe(e.ids['chuyenvien2.xa']);
    expect(after.stepId).toBe(d.stepId);
    expect(after.stepDueAt).toBe(d.stepDueAt);
    expect(after.dueAt).toBe(d.dueAt);
    expect(after.status).toBe(d.status);
    expect(after.version).toBe(d.version + 1);

    const timeline = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200).items;
    const last = timeline.at(-1);
    expect(last).toMatchObject({
      action: 'assign',
      label: 'Phân công xử lý',
      assigneeId: e.ids['chuyenvien2.xa'],
      // Officials see to whom the step went, by name.
      assigneeName: 'Cán bộ chuyenvien2.xa',
      fromStepId: 'review',
      toStepId: 'review',
      comment: 'Chia đều khối lượng',
    });
    expect(await audits(d.id)).toBe(1);
    expect(await events(d.id)).toBe(1);

    // The new handler now sees and may act on it; the previous one no longer can.
    const mine = await get(e.c['chuyenvien2.xa']!, d.id);
    expect(mine.availableActions.map((a: any) => a.kind)).toContain('forward');
    expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${d.id}`), 404);
  });

  it('refuses an official of another agency with a Vietnamese problem and changes nothing', async () => {
    const d = await atReview();
    const res = await act(e.c['lanhdao.xa']!, d.id, { kind: 'assign', nextHandler: e.ids.outsider });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json().detail).toMatch(/phải là cán bộ đang công tác tại cơ quan đang giải quyết hồ sơ/);
    // A leader of that agency, an unknown id and a citizen are refused alike.
    for (const other of [e.ids['lanhdao.syt'], '01900000-0000-7000-8000-000000000000', e.ids.dan])
      expectStatus(await act(e.c['lanhdao.xa']!, d.id, { kind: 'assign', nextHandler: other }), 422);
    const now = await get(e.c['lanhdao.xa']!, d.id);
    expect(now.version).toBe(d.version);
    expect(now.assigneeId).toBe(e.ids['chuyenvien.xa']);
    expect(await audits(d.id)).toBe(0);
    expect(await events(d.id)).toBe(0);
  });

  it('answers 409 on a stale version', async () => {
    const d = await atReview();
    const res = await act(e.c['lanhdao.xa']!, d.id, {
      kind: 'assign',
      nextHandler: e.ids['chuyenvien2.xa'],
      expectedVersion: d.version - 1,
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('DOSSIER_CHANGED');
    expect((await get(e.c['lanhdao.xa']!, d.id)).assigneeId).toBe(e.ids['chuyenvien.xa']);
  });

  it('refuses assigning the same handler again', async () => {
    const d = await atReview();
    expectStatus(await act(e.c['lanhdao.xa']!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien.xa'] }), 422);
  });
});

describe('handlers named by other actions', () => {
  it('accept or forward cannot hand the dossier to an outsider or a citizen: 422, nothing changed', async () => {
    const d = await submitted();
    for (const stranger of [e.ids.outsider!, e.ids.dan!]) {
      for (const field of ['nextHandler', 'coHandlers'] as const) {
        const body =
          field === 'nextHandler'
            ? { kind: 'accept', nextHandler: stranger }
            : { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'], coHandlers: [stranger] };
        const res = await act(e.c['motcua.xa']!, d.id, body);
        expect(res.statusCode).toBe(422);
        expect(res.headers['content-type']).toContain('application/problem+json');
        expect(res.json().errors[0].field).toBe(`/body/${field}`);
      }
    }
    const still = await get(e.c['motcua.xa']!, d.id);
    expect(still.status).toBe('submitted');
    expect(still.version).toBe(d.version);
    expect((await e.c.outsider!.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
    // An eligible specialist of the handling agency is still fine.
    const ok = await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] });
    expect(ok.statusCode).toBe(200);
  });
});

describe('who may assign', () => {
  it('an official who cannot see the dossier gets 404', async () => {
    const d = await atReview();
    const res = await act(e.c.outsider!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien2.xa'] });
    expect(res.statusCode).toBe(404);
    const other = await act(e.c['lanhdao.syt']!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien2.xa'] });
    expect(other.statusCode).toBe(404);
  });

  it('the desk sees the dossier after reception but may not assign a specialist step (403)', async () => {
    const d = await atReview();
    const view = await get(e.c['motcua.xa']!, d.id);
    expect(view.availableActions.map((a: any) => a.kind)).not.toContain('assign');
    const res = await act(e.c['motcua.xa']!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien2.xa'] });
    expect(res.statusCode).toBe(403);
    expect(res.json().detail).toMatch(/lãnh đạo/);
  });

  it('the handler may not pass it to a colleague, but may give it back with a reason', async () => {
    const d = await atReview();
    const sv = e.c['chuyenvien.xa']!;
    const offered = (await get(sv, d.id)).availableActions.find((a: any) => a.kind === 'assign');
    expect(offered).toMatchObject({ label: 'Trả lại để phân công lại', requires: ['reason'] });
    expectStatus(await act(sv, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien2.xa'] }), 403);
    const noReason = await act(sv, d.id, { kind: 'assign' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.json().detail).toMatch(/lý do/);
    const released = expectStatus(
      await act(sv, d.id, { kind: 'assign', reason: 'Có quan hệ họ hàng với người nộp hồ sơ' }),
      200,
    );
    expect(released.assigneeId).toBeNull();
    expect(released.stepId).toBe('review');
    // Back in the agency's queue: the other specialist sees it unassigned; the leader assigns it.
    expectStatus(await e.c['chuyenvien2.xa']!.get(`/api/v1/dossiers/${d.id}`), 200);
    const again = expectStatus(
      await act(e.c['lanhdao.xa']!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien2.xa'] }),
      200,
    );
    expect(again.assigneeId).toBe(e.ids['chuyenvien2.xa']);
    const timeline = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200).items;
    expect(timeline.slice(-2).map((h: any) => [h.action, h.reason])).toEqual([
      ['assign', 'Có quan hệ họ hàng với người nộp hồ sơ'],
      ['assign', null],
    ]);
  });

  it('at reception a one-stop officer of the receiving agency hands an online submission to a colleague', async () => {
    const d = await submitted();
    const desk = e.c['motcua.xa']!;
    const offered = (await get(desk, d.id)).availableActions.find((a: any) => a.kind === 'assign');
    expect(offered).toMatchObject({ requires: ['next_handler'], toRole: 'one_stop_officer' });
    // A specialist does not hold the reception step's role.
    expectStatus(await act(desk, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien.xa'] }), 422);
    const after = expectStatus(await act(desk, d.id, { kind: 'assign', nextHandler: e.ids['motcua2.xa'] }), 200);
    expect(after.assigneeId).toBe(e.ids['motcua2.xa']);
    expect(after.status).toBe('submitted');
    expect(after.receivedAt).toBeNull();
    // The colleague receives it.
    expectStatus(await act(e.c['motcua2.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
  });

  it('a closed dossier cannot be assigned', async () => {
    const d = await submitted();
    expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'refuse', reason: 'Không thuộc thẩm quyền' }), 200);
    const res = await act(e.c['lanhdao.xa']!, d.id, { kind: 'assign', nextHandler: e.ids['chuyenvien.xa'] });
    expect([404, 409]).toContain(res.statusCode);
  });
});

describe('the register (Mẫu 07) for administrators', () => {
  const url = (agency: string, format = 'pdf') =>
    `/api/v1/dossiers/register.pdf?agency=${encodeURIComponent(agency)}&from=2026-03-01&to=2026-03-31&format=${format}`;
  const pdfText = (res: { rawPayload: Buffer }) =>
    execFileSync('pdftotext', ['-layout', '-', '-'], { input: res.rawPayload }).toString('utf8');

  it("an agency administrator exports the register of the agency's dossiers; another agency's is 403", async () => {
    const received = await atReview();
    const adminId = await createOfficial(e.t.app, {
      username: 'quantri.xa',
      agencyCode: A.commune,
      roles: [{ role: 'agency_admin', agencyCode: A.commune }],
    });
    const admin = await signIn(e.t, 'quantri.xa');
    const res = await admin.get(url(A.commune));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(pdfText(res)).toContain(received.code);
    // Each applicant named in the register leaves a personal-data access trace of the exporter.
    const traced = await count(
      sql`identity.personal_data_access where official_id = ${adminId}::uuid and purpose = 'Xuất sổ theo dõi hồ sơ (Mẫu 07)' and record = ${`dossier:${received.code}`}`,
    );
    expect(traced).toBe(1);
    const xlsx = await admin.get(url(A.commune, 'xlsx'));
    expect(xlsx.statusCode).toBe(200);
    expect(xlsx.rawPayload.subarray(0, 2).toString('latin1')).toBe('PK');
    // The administrator still sees no dossier itself.
    expect((await admin.get(`/api/v1/dossiers/${received.id}`)).statusCode).toBe(404);
    // Not an administrator of the other commune.
    const other = await admin.get(url(A.otherCommune));
    expect(other.statusCode).toBe(403);
    expect(other.json().detail).toMatch(/Sổ theo dõi/);
  });
});

describe('the handler picker of the provincial centre', () => {
  const officials = (c: Client, code: string) => c.get(`/api/v1/identity/agencies/${code}/officials?role=specialist`);

  it("the provincial centre's desk lists a department's specialists; a commune desk or a department cannot", async () => {
    const res = await officials(e.c['motcua.tinh']!, A.construction);
    expect(res.statusCode).toBe(200);
    expect(res.json().items.map((i: any) => i.id)).toEqual([e.ids['chuyenvien.sxd']]);
    expect((await officials(e.c['motcua.xa']!, A.construction)).statusCode).toBe(403);
    expect((await officials(e.c['chuyenvien.sxd']!, A.health)).statusCode).toBe(403);
  });
});
