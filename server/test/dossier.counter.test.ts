/**
 * The walk-in desk's two other outcomes (issue 7 "Reception desk"; Nghị định 118/2025/NĐ-CP on the
 * one-stop mechanism, reception of dossiers): papers missing → the supplement request (Mẫu 02), the dossier
 * kept as waiting for a supplement; refused → the refusal (Mẫu 03). The desk's draft is submitted at
 * the counter and the reception step's action applied in one change; the form prints at once.
 */
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, expectStatus, setUpDossierEnv } from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: ['motcua.xa', 'chuyenvien.xa', 'outsider'] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const BIRTH = '1.001193';
const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const pdfText = (res: { rawPayload: Buffer }) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: res.rawPayload })
    .toString('utf8')
    .replace(/\s+/g, ' ');

async function deskDraft() {
  return expectStatus(
    await e.c['motcua.xa']!.post('/api/v1/dossiers', {
      procedureCode: BIRTH,
      agencyCode: A.commune,
      applicant,
      channel: 'in_person',
      submit: false,
    }),
    201,
  );
}

describe('walk-in not received', () => {
  it('papers missing: Mẫu 02 with the reason, the dossier waits for the supplement, then is received', async () => {
    const d = await deskDraft();
    const desk = e.c['motcua.xa']!;
    // Without a reason nothing is written and no number is taken.
    expectStatus(await act(desk, d.id, { kind: 'request_supplement', expectedVersion: d.version }), 422);
    const after = expectStatus(
      await act(desk, d.id, {
        kind: 'request_supplement',
        reason: 'Thiếu giấy chứng sinh bản chính',
        expectedVersion: d.version,
      }),
      200,
    );
    expect(after.status).toBe('pending_supplement');
    expect(after.code).toMatch(/\S/);
    expect(after.receivedAt).toBeNull();
    expect(after.dueAt).toBeNull();
    const history = expectStatus(await desk.get(`/api/v1/dossiers/${d.id}/history`), 200).items;
    expect(history.map((h: any) => h.action)).toEqual(['submit', 'request_supplement']);
    const form = await desk.get(`/api/v1/dossiers/${d.id}/forms/supplement_request`);
    expect(form.statusCode).toBe(200);
    expect(pdfText(form)).toContain('Thiếu giấy chứng sinh bản chính');
    expect(pdfText(form)).toContain(after.code);
    // The applicant comes back with the papers: the desk records the supplement and receives it.
    const back = expectStatus(await act(desk, d.id, { kind: 'provide_supplement' }), 200);
    expect(back.status).toBe('submitted');
    const received = expectStatus(await act(desk, d.id, { kind: 'accept' }), 200);
    expect(received.code).toBe(after.code);
    expect(received.receivedAt).not.toBeNull();
  });

  it('refused at the counter: Mẫu 03 with the reason, the dossier ends', async () => {
    const d = await deskDraft();
    const after = expectStatus(
      await act(e.c['motcua.xa']!, d.id, { kind: 'refuse', reason: 'Không thuộc thẩm quyền của phường' }),
      200,
    );
    expect(after.status).toBe('refused');
    const form = await e.c['motcua.xa']!.get(`/api/v1/dossiers/${d.id}/forms/refusal`);
    expect(form.statusCode).toBe(200);
    expect(pdfText(form)).toContain('Không thuộc thẩm quyền của phường');
  });

  it("an applicant's own draft is not the desk's to refuse, nor the applicant's", async () => {
    const d = expectStatus(
      await e.c.dan!.post('/api/v1/dossiers', {
        procedureCode: BIRTH,
        agencyCode: A.commune,
        applicant,
        submit: false,
      }),
      201,
    );
    const own = await act(e.c.dan!, d.id, { kind: 'refuse', reason: 'x' });
    expect([403, 409]).toContain(own.statusCode);
    const other = await act(e.c.outsider!, d.id, { kind: 'refuse', reason: 'x' });
    expect(other.statusCode).toBe(404);
    // The receiving desk sees the draft but may neither refuse it nor ask for papers: it is the
    // citizen's until submitted.
    for (const kind of ['refuse', 'request_supplement']) {
      const desk = await act(e.c['motcua.xa']!, d.id, { kind, reason: 'Thiếu giấy tờ' });
      expect([403, 409, 422]).toContain(desk.statusCode);
    }
    const still = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${d.id}`), 200);
    expect(still.status).toBe('draft');
    expect(still.code).toBeNull();
  });
});
