/**
 * Full lifecycles through HTTP: every demo process definition along its main path (with the
 * transfers and the fee payments it needs), then a supplement pause and a transfer with exact
 * due instants on the real 2026 calendar.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoProcessDefinitions, type ProcessDefinition } from '../src/modules/dossier/index.ts';
import {
  A,
  applicant,
  DEMO_CODES,
  type DossierTestEnv,
  expectStatus,
  OFFICIALS,
  resultFileId,
  setUpDossierEnv,
  vn,
} from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv();
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);

/** Where each definition is received in the test tree. */
function receivingAgencyOf(def: ProcessDefinition): string {
  return def.agencyCode === 'scope:commune' ? A.commune : def.agencyCode;
}

/** The official of `role` working for `agency` (own agency, or a unit working for it). */
function officialFor(role: string, agency: string): string {
  const parentOf: Record<string, string> = { [A.communeCentre]: A.commune, [A.justiceDivision]: A.justice };
  const found = Object.entries(OFFICIALS).find(
    ([name, o]) => name !== 'outsider' && o.role === role && (o.agency === agency || parentOf[o.agency] === agency),
  );
  if (!found) throw new Error(`no ${role} for ${agency}`);
  return found[0];
}

async function pay(client: Client, id: string) {
  const start = expectStatus(await client.post(`/api/v1/dossiers/${id}/payments`, {}), 201);
  const cb = expectStatus(await client.post(start.redirectUrl, { outcome: 'success' }), 200);
  const r = expectStatus(await e.t.app.inject({ method: 'POST', url: '/api/v1/payments/callback', payload: cb }), 200);
  expect(r.result).toBe('paid');
}

describe('every demo process definition, along its main path', () => {
  for (const def of demoProcessDefinitions(DEMO_CODES)) {
    it(`${def.procedureCode} ${def.name.slice(0, 40)}`, async () => {
      const agency = receivingAgencyOf(def);
      const desk = officialFor('one_stop_officer', agency);
      // Counter reception (identity checked at the desk), so identity-level guards pass.
      let d = expectStatus(
        await e.c[desk]!.post('/api/v1/dossiers', { procedureCode: def.procedureCode, agencyCode: agency, applicant }),
        201,
      );
      expect(d.status).toBe('submitted');
      expect(d.code).toMatch(new RegExp(`^${agency.replaceAll('.', '\\.')}-260316-\\d{4}$`));
      const steps = new Map(def.steps.map((s) => [s.id, s]));
      let handler = desk;
      for (let guard = 0; guard < 20 && d.status !== 'returned'; guard++) {
        const step = steps.get(d.stepId)!;
        const handlingAgency = d.handlingAgency as string;
        const actorName = d.assigneeId
          ? Object.keys(e.ids).find((k) => e.ids[k] === d.assigneeId)!
          : officialFor(step.role, handlingAgency);
        handler = actorName;
        const client = e.c[actorName]!;
        // The actions offered depend on who asks.
        d = expectStatus(await client.get(`/api/v1/dossiers/${d.id}`), 200);
        const actions = d.availableActions as { kind: string; to: string | null }[];
        const kinds = actions.map((a) => a.kind);
        let body: Record<string, unknown>;
        if (kinds.includes('return_result')) body = { kind: 'return_result' };
        else if (kinds.includes('accept')) body = { kind: 'accept' };
        else if (!d.resultFileIds.length && kinds.includes('attach_result'))
          body = { kind: 'attach_result', resultFileIds: [await resultFileId(client, d.id)] };
        else if (kinds.includes('return_transfer')) body = { kind: 'return_transfer', comment: 'Đã xử lý xong' };
        else if (kinds.includes('transfer'))
          body = { kind: 'transfer', targetAgency: A.health, comment: 'Đề nghị cho ý kiến' };
        else if (kinds.includes('approve')) body = { kind: 'approve' };
        else if (kinds.includes('forward'))
          body = { kind: 'forward', to: actions.find((a) => a.kind === 'forward')!.to };
        else
          throw new Error(
            `${def.procedureCode}: stuck at ${d.stepId} (${d.status}) as ${actorName}: ${kinds.join(',')}`,
          );
        // Hand the next step to a named official where the state machine would leave it unassigned.
        const nextId = actions.find((a) => a.kind === body['kind'])?.to;
        const next = nextId ? steps.get(nextId) : undefined;
        if (next && next.agency.kind !== 'transfer_target' && body['kind'] !== 'return_transfer') {
          const nextAgency = next.agency.kind === 'fixed' ? next.agency.code : agency;
          body['nextHandler'] = e.ids[officialFor(next.role, nextAgency)];
        }
        let res = await act(client, d.id, body);
        if (res.statusCode === 409 && res.json().code === 'DOSSIER_FEE_NOT_PAID') {
          await pay(e.c[desk]!, d.id);
          res = await act(client, d.id, body);
        }
        d = expectStatus(res, 200);
      }
      expect(d.status).toBe('returned');
      expect(d.timeliness).not.toBeNull();
      expect(handler).toBe(desk); // the desk returns the result
      const history = expectStatus(await e.c[desk]!.get(`/api/v1/dossiers/${d.id}/history`), 200);
      expect(history.items[0].action).toBe('submit');
      expect(history.items.at(-1).action).toBe('return_result');
      expect(history.items.map((h: { seq: number }) => h.seq)).toEqual(
        history.items.map((_: unknown, i: number) => i + 1),
      );
      // Every action that leaves a step is classified against that step's due instant.
      expect(
        history.items.filter((h: { stepTimeliness: string | null }) => h.stepTimeliness !== null).length,
      ).toBeGreaterThan(0);
    }, 60_000);
  }
});

describe('exact due instants', () => {
  it('birth registration (1 working day, 15:00 cutoff): received Monday 09:00 → due Tuesday 17:00', async () => {
    await e.at('2026-03-16 09:00');
    const d = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
      201,
    );
    expect(d.status).toBe('submitted');
    expect(d.dueAt).toBeNull(); // the clock starts at receipt, not at online submission
    const r = expectStatus(
      await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }),
      200,
    );
    expect(r.receivedAt).toBe(vn('2026-03-16 09:00'));
    expect(r.dueAt).toBe(vn('2026-03-17 17:00'));
    // After the 15:00 cutoff the clock starts the next working day: due Wednesday 17:00.
    await e.at('2026-03-16 15:30');
    const late = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
      201,
    );
    const r2 = expectStatus(await act(e.c['motcua.xa']!, late.id, { kind: 'accept' }), 200);
    expect(r2.dueAt).toBe(vn('2026-03-18 17:00'));
  });

  it('permanent residence (7 working days): a supplement paused two working days moves the due instant by two working days', async () => {
    await e.at('2026-03-16 09:00');
    const d = expectStatus(
      await e.c['motcua.xa']!.post('/api/v1/dossiers', {
        procedureCode: '1.004222',
        agencyCode: A.commune,
        applicant,
        receive: true,
      }),
      201,
    );
    expect(d.status).toBe('in_progress');
    expect(d.dueAt).toBe(vn('2026-03-25 17:00'));
    // The desk received it; the dossier waits, unassigned, in the commune specialists' queue.
    await e.at('2026-03-17 09:00');
    const paused = expectStatus(
      await act(e.c['chuyenvien.xa']!, d.id, { kind: 'request_supplement', reason: 'Thiếu hợp đồng thuê nhà' }),
      200,
    );
    expect(paused.status).toBe('pending_supplement');
    expect(paused.paused).toBe(true);
    // While paused nothing but refuse/stop/withdraw is possible.
    const blocked = await act(e.c['chuyenvien.xa']!, d.id, { kind: 'forward', to: 'sign' });
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('DOSSIER_AWAITING_SUPPLEMENT');
    await e.at('2026-03-19 09:00');
    const pdf = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
    expectStatus(
      await e.c['motcua.xa']!.request('PUT', `/api/v1/dossiers/${d.id}/components/0?fileName=hop-dong.pdf`, pdf, {
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    );
    const resumed = expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'provide_supplement' }), 200);
    expect(resumed.status).toBe('in_progress');
    expect(resumed.dueAt).toBe(vn('2026-03-27 17:00'));
    expect(resumed.appointmentAt).toBe(vn('2026-03-27 17:00'));
    const history = expectStatus(await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200);
    expect(history.items.map((h: { action: string }) => h.action)).toEqual([
      'submit',
      'accept',
      'request_supplement',
      'provide_supplement',
    ]);
    expect(history.items[2].form).toBe('supplement_request');
  });

  it('construction permit (20 working days): the transfer to another department carries the consult step due instant and comes back', async () => {
    await e.at('2026-03-16 09:00');
    // The appointment a citizen is shown before submitting, for the same instant.
    const predicted = expectStatus(
      await e.t.app.inject({ method: 'GET', url: `/api/v1/procedures/1.013236/appointment?agency=${A.centre}` }),
      200,
    );
    expect(predicted.dueAt).toBe(vn('2026-04-13 17:00'));
    const d = expectStatus(
      await e.c['motcua.tinh']!.post('/api/v1/dossiers', {
        procedureCode: '1.013236',
        agencyCode: A.centre,
        applicant,
        receive: true,
      }),
      201,
    );
    expect(d.dueAt).toBe(vn('2026-04-13 17:00'));
    expect(d.handlingAgency).toBe(A.construction);
    await e.at('2026-03-18 10:00');
    const t = expectStatus(
      await act(e.c['chuyenvien.sxd']!, d.id, { kind: 'transfer', targetAgency: A.health, comment: 'Lấy ý kiến' }),
      200,
    );
    expect(t.status).toBe('transferred');
    expect(t.handlingAgency).toBe(A.health);
    expect(t.assigneeId).toBeNull();
    // Shares 0.5 + 3.5 + 12 of 20: the consult step ends when 16/20 of the dossier's working
    // minutes are used, the planned due of that step (the same as the citizen was shown).
    expect(t.transfer.dueAt).toBe(predicted.steps.find((s: { stepId: string }) => s.stepId === 'consult').dueAt);
    expect(t.transfer.dueAt).toBe(vn('2026-04-07 15:42'));
    // The Health specialists' queue sees it; the construction specialist no longer does.
    expectStatus(await e.c['chuyenvien.syt']!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect((await e.c['chuyenvien.sxd']!.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
    await e.at('2026-03-25 10:00');
    const back = expectStatus(
      await act(e.c['chuyenvien.syt']!, d.id, { kind: 'return_transfer', comment: 'Thống nhất' }),
      200,
    );
    expect(back.stepId).toBe('conclude');
    expect(back.handlingAgency).toBe(A.construction);
    expect(back.transfer).toBeNull();
    expect(back.assigneeId).toBeNull(); // it was unassigned when transferred: back in the department's queue
    expectStatus(await e.c['chuyenvien.sxd']!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect(back.dueAt).toBe(vn('2026-04-13 17:00'));
  });
});
