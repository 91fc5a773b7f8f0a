/**
 * The one-stop forms over HTTP (issue 5 "forms as PDF"): Mẫu 01 of a received dossier carries
 * the code, the applicant's name with its diacritics, the procedure, the appointment in Vietnam
 * time and the public lookup address of its QR code; forms follow the dossier's visibility (404
 * for outsiders) and its history (409 for a form the dossier has not issued); the register
 * (Mẫu 07) is for the receiving agency's officers only.
 */
import { execFileSync } from 'node:child_process';
import type { LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { formatVnDateTime, publicLookupUrl } from '../src/modules/dossier/forms/index.ts';
import { A, applicant, type DossierTestEnv, expectStatus, setUpDossierEnv } from './dossier.support.ts';
import { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({
    officials: ['motcua.xa', 'chuyenvien.xa', 'lanhdao.xa', 'outsider', 'lanhdao.syt', 'motcua.tinh'],
  });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const pdfText = (res: LightMyRequestResponse) =>
  execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: res.rawPayload })
    .toString('utf8')
    .replace(/\s+/g, ' ');
const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const form = (c: Client, id: string, f: string) => c.get(`/api/v1/dossiers/${id}/forms/${f}`);
const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');

async function birthDossier() {
  return expectStatus(
    await e.c.dan!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
}

describe('forms of a received dossier', () => {
  let d: any;
  beforeAll(async () => {
    const created = await birthDossier();
    // The applicant attaches one component, then the desk receives the dossier (Mẫu 01).
    const up = await e.c.dan!.request(
      'PUT',
      `/api/v1/dossiers/${created.id}/components/0?fileName=giay-chung-sinh.pdf`,
      scan,
      {
        headers: { 'content-type': 'application/pdf' },
      },
    );
    expect(up.statusCode).toBe(201);
    expectStatus(
      await act(e.c['motcua.xa']!, created.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }),
      200,
    );
    d = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${created.id}`), 200);
  });

  it('Mẫu 01 is a PDF with the code, the applicant with diacritics, the procedure, the appointment and the lookup URL', async () => {
    const res = await form(e.c.dan!, d.id, 'receipt');
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    expect(res.headers['content-disposition']).toBe(`inline; filename="${d.code}-receipt.pdf"`);
    expect(res.rawPayload.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    const text = pdfText(res);
    expect(text).toContain(d.code);
    expect(text).toContain('Nguyễn Văn Dân');
    expect(text).toContain(d.procedureName);
    expect(text).toContain(formatVnDateTime(new Date(d.appointmentAt)));
    expect(text).toContain(formatVnDateTime(new Date(d.receivedAt)));
    // The QR code's payload is printed under it, from the configured public address.
    const url = publicLookupUrl(e.t.app.tinhso.config.publicUrl, d.code);
    expect(url).toBe(`${e.t.app.tinhso.config.publicUrl}/tra-cuu/${d.code}`);
    expect(text).toContain(url);
    // The component the applicant attached is listed; the agency heads the form.
    expect(text).toContain(d.components[0].name.slice(0, 30));
    expect(text).toContain('ỦY BAN NHÂN DÂN PHƯỜNG NINH KIỀU');
    expect(text).toContain('NGƯỜI TIẾP NHẬN HỒ SƠ');
  });

  it('whoever sees the dossier gets its forms: the desk, the assignee, the commune leader', async () => {
    for (const who of ['motcua.xa', 'chuyenvien.xa', 'lanhdao.xa']) {
      const res = await form(e.c[who]!, d.id, 'receipt');
      expect(res.statusCode, who).toBe(200);
    }
  });

  it('outsiders get the same 404 as for a dossier that does not exist', async () => {
    for (const who of ['outsider', 'lanhdao.syt', 'motcua.tinh', 'khac']) {
      for (const f of ['receipt', 'control_sheet', 'supplement_request']) {
        const res = await form(e.c[who]!, d.id, f);
        expect(res.statusCode, `${who} ${f}`).toBe(404);
        expect(res.json().code).toBe('DOSSIER_NOT_FOUND');
      }
    }
    const missing = await form(e.c.dan!, '01900000-0000-7000-8000-000000000000', 'receipt');
    expect(missing.statusCode).toBe(404);
  });

  it('anonymous callers get 401; an unknown form id 400', async () => {
    expect((await form(new Client(e.t.app), d.id, 'receipt')).statusCode).toBe(401);
    expect((await form(e.c.dan!, d.id, 'register')).statusCode).toBe(400);
    expect((await form(e.c.dan!, d.id, 'mau-99')).statusCode).toBe(400);
  });

  it('a form the dossier has not issued answers 409 with the reason in Vietnamese', async () => {
    for (const f of ['supplement_request', 'refusal', 'apology_extension', 'stop_notice']) {
      const res = await form(e.c.dan!, d.id, f);
      expect(res.statusCode, f).toBe(409);
      expect(res.headers['content-type']).toContain('application/problem+json');
      const body = res.json();
      expect(body.code).toBe('DOSSIER_FORM_NOT_APPLICABLE');
      expect(body.title).toBe('Hồ sơ không có biểu mẫu này');
      expect(body.detail).toMatch(/Hồ sơ/);
    }
  });

  it('Mẫu 06 lists every hand-over with time, from/to and result', async () => {
    const res = await form(e.c['lanhdao.xa']!, d.id, 'control_sheet');
    expect(res.statusCode).toBe(200);
    const text = pdfText(res);
    expect(text).toContain('PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
    const history = expectStatus(await e.c['lanhdao.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200);
    expect(history.items.length).toBeGreaterThanOrEqual(2);
    for (const h of history.items) {
      expect(text).toContain(formatVnDateTime(new Date(h.at)));
      expect(text).toContain(h.label);
    }
    expect(text).toContain('Tiếp nhận, kiểm tra hồ sơ');
  });

  it('after an extension, Mẫu 04 gives the old and the new appointment', async () => {
    await e.at('2026-03-17 10:00');
    const newDue = '2026-03-27';
    expectStatus(
      await act(e.c['chuyenvien.xa']!, d.id, {
        kind: 'extend',
        newDueDate: newDue,
        reason: 'Cần xác minh nơi sinh với cơ sở y tế.',
      }),
      200,
    );
    const res = await form(e.c.dan!, d.id, 'apology_extension');
    expect(res.statusCode).toBe(200);
    const text = pdfText(res);
    expect(text).toContain(formatVnDateTime(new Date(d.appointmentAt)));
    expect(text).toContain('27/03/2026 17:00');
    expect(text).toContain('Cần xác minh nơi sinh với cơ sở y tế.');
    // The receipt still shows the appointment given at receipt.
    expect(pdfText(await form(e.c.dan!, d.id, 'receipt'))).toContain(formatVnDateTime(new Date(d.appointmentAt)));
  });
});

describe('forms of a dossier not received', () => {
  it('supplement requested at reception: Mẫu 02 with the reason; no Mẫu 01 or 06 (409)', async () => {
    const d = await birthDossier();
    expectStatus(
      await act(e.c['motcua.xa']!, d.id, { kind: 'request_supplement', reason: 'Thiếu giấy chứng sinh bản chính.' }),
      200,
    );
    const res = await form(e.c.dan!, d.id, 'supplement_request');
    expect(res.statusCode).toBe(200);
    const text = pdfText(res);
    expect(text).toContain('PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
    expect(text).toContain('Thiếu giấy chứng sinh bản chính.');
    expect(text).toContain(d.code);
    for (const f of ['receipt', 'control_sheet']) {
      const r = await form(e.c.dan!, d.id, f);
      expect(r.statusCode, f).toBe(409);
      expect(r.json().code).toBe('DOSSIER_FORM_NOT_APPLICABLE');
    }
  });

  it('refused: Mẫu 03 with the reason', async () => {
    const d = await birthDossier();
    expectStatus(
      await act(e.c['motcua.xa']!, d.id, { kind: 'refuse', reason: 'Không thuộc thẩm quyền của phường.' }),
      200,
    );
    const text = pdfText(await form(e.c.dan!, d.id, 'refusal'));
    expect(text).toContain('PHIẾU TỪ CHỐI TIẾP NHẬN, GIẢI QUYẾT HỒ SƠ');
    expect(text).toContain('Không thuộc thẩm quyền của phường.');
  });
});

describe('the register (Mẫu 07)', () => {
  const url = (agency: string, from: string, to: string) =>
    `/api/v1/dossiers/register.pdf?agency=${encodeURIComponent(agency)}&from=${from}&to=${to}`;

  it("lists the agency's received dossiers of the range, landscape", async () => {
    const list = expectStatus(
      await e.c['motcua.xa']!.get(`/api/v1/dossiers?receivingAgency=${A.commune}&limit=200`),
      200,
    );
    const received = list.items.filter((x: any) => x.receivedAt !== null);
    const notReceived = list.items.filter((x: any) => x.receivedAt === null && x.code !== null);
    expect(received.length).toBeGreaterThan(0);
    const res = await e.c['motcua.xa']!.get(url(A.commune, '2026-03-16', '2026-03-16'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const text = pdfText(res);
    expect(text).toContain('SỔ THEO DÕI HỒ SƠ');
    expect(text).toContain('Từ ngày 16/03/2026 đến ngày 16/03/2026');
    for (const x of received) expect(text).toContain(x.code);
    for (const x of notReceived) expect(text).not.toContain(x.code);
    const size = execFileSync('pdfinfo', ['-'], { input: res.rawPayload }).toString('utf8');
    expect(size).toMatch(/Page size:\s+841\.\d+ x 595\.\d+/);
    // Another range has none of them.
    const other = pdfText(await e.c['lanhdao.xa']!.get(url(A.commune, '2026-04-01', '2026-04-30')));
    for (const x of received) expect(other).not.toContain(x.code);
  });

  it('only officers of that agency: others 403, citizens 403, anonymous 401', async () => {
    for (const who of ['lanhdao.syt', 'motcua.tinh', 'outsider', 'chuyenvien.xa', 'dan']) {
      const res = await e.c[who]!.get(url(A.commune, '2026-03-01', '2026-03-31'));
      expect(res.statusCode, who).toBe(403);
    }
    expect((await new Client(e.t.app).get(url(A.commune, '2026-03-01', '2026-03-31'))).statusCode).toBe(401);
  });

  it('a reversed or too long range is refused in Vietnamese', async () => {
    const rev = await e.c['motcua.xa']!.get(url(A.commune, '2026-03-31', '2026-03-01'));
    expect(rev.statusCode).toBe(422);
    expect(rev.json().detail).toContain('Ngày bắt đầu');
    expect((await e.c['motcua.xa']!.get(url(A.commune, '2024-01-01', '2026-03-01'))).statusCode).toBe(422);
    expect((await e.c['motcua.xa']!.get(url(A.commune, '16-03-2026', '2026-03-01'))).statusCode).toBe(400);
  });
});
