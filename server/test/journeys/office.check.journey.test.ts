/**
 * Back office (issue 7), the check screen and reassignment, in Chromium at 1366×768 with axe-core
 * on every step:
 *  - two online submissions of the demo citizen (made through the API, with their papers) wait in
 *    the ward's reception queue; the desk opens the first from the queue on the check screen,
 *    previews a paper in the page, marks one component missing with a note and sends the
 *    supplement request: Mẫu 02 carries the note (pdftotext);
 *  - the second is checked complete and received with a named specialist: Mẫu 01 carries its code;
 *  - the ward's leader reassigns it to another specialist from the dossier page ("Phân công xử
 *    lý"); the timeline shows the hand-over and the new handler has it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { crc32, deflateSync } from 'node:zlib';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFormData } from '../../src/modules/dossier/index.ts';
import { type Client, PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, officeJourney, officeSignIn } from './office.support.ts';
import { CHROMIUM, DEMO_CITIZEN, demoCitizenClient, officialAt, type Portal, startPortal } from './support.ts';

let portal: Portal;
let ward: string;
let citizen: Client;
const officials: Record<string, Client> = {};
const journeys: OfficeJourney[] = [];

const PROCEDURE = '1.001193'; // Đăng ký khai sinh (commune level)
const NOTE = 'Bản sao chưa được chứng thực';

/** A one-page PDF with a line of text (the preview shows something). */
function pdf(text: string): Buffer {
  const stream = `BT /F1 18 Tf 30 150 Td (${text}) Tj ET`;
  const objects = [
    '<</Type/Catalog/Pages 2 0 R>>',
    '<</Type/Pages/Kids[3 0 R]/Count 1>>',
    '<</Type/Page/Parent 2 0 R/MediaBox[0 0 300 200]/Contents 4 0 R/Resources<</Font<</F1 5 0 R>>>>>>',
    `<</Length ${stream.length}>>stream\n${stream}\nendstream`,
    '<</Type/Font/Subtype/Type1/BaseFont/Helvetica>>',
  ];
  let body = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((o, i) => {
    offsets.push(body.length);
    body += `${i + 1} 0 obj${o}endobj\n`;
  });
  const xref = body.length;
  body += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const o of offsets) body += `${String(o).padStart(10, '0')} 00000 n \n`;
  body += `trailer<</Size ${objects.length + 1}/Root 1 0 R>>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(body, 'latin1');
}

/** A 320×200 PNG scan: a page with a few dark "lines" of text (the in-page preview shows an image). */
function scan(): Buffer {
  const w = 320;
  const h = 200;
  const raw = Buffer.alloc((w * 3 + 1) * h, 0xff);
  for (let y = 0; y < h; y++) {
    raw[y * (w * 3 + 1)] = 0;
    const line = y % 24 >= 16 && y % 24 < 20 && y > 20 && y < 180;
    for (let x = 0; x < w; x++) {
      const o = y * (w * 3 + 1) + 1 + x * 3;
      const ink = line && x > 24 && x < 24 + ((y * 7) % 250);
      const border = x < 2 || y < 2 || x >= w - 2 || y >= h - 2;
      raw[o] = raw[o + 1] = raw[o + 2] = ink ? 0x30 : border ? 0x90 : 0xfa;
    }
  }
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(td));
    return Buffer.concat([len, td, crc]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(w, 0);
  ihdr.writeUInt32BE(h, 4);
  ihdr[8] = 8;
  ihdr[9] = 2;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** An online submission of the demo citizen with every component uploaded. */
async function onlineSubmission(n: number): Promise<Record<string, any>> {
  const applicant = { name: DEMO_CITIZEN.name, idNumber: DEMO_CITIZEN.username, phone: '0912345678' };
  const res = await citizen.post('/api/v1/dossiers', {
    procedureCode: PROCEDURE,
    agencyCode: ward,
    applicant,
    formData: demoFormData(PROCEDURE, applicant, n) ?? {},
    submit: false,
  });
  if (res.statusCode !== 201) throw new Error(`draft: ${res.statusCode} ${res.body}`);
  const d = res.json();
  // The first paper as a photo (shown in the page as an image), the others as PDF.
  for (const [i, c] of (d.components as { index: number }[]).entries()) {
    const png = i === 0;
    const up = await portal.app.inject({
      method: 'PUT',
      url: `/api/v1/dossiers/${d.id}/components/${c.index}?fileName=thanh-phan-${c.index}.${png ? 'png' : 'pdf'}`,
      remoteAddress: citizen.ip,
      headers: citizen.headers({ 'content-type': png ? 'image/png' : 'application/pdf' }),
      payload: png ? scan() : pdf(`Thanh phan ${c.index}`),
    });
    if (up.statusCode !== 201) throw new Error(`upload ${c.index}: ${up.statusCode} ${up.body}`);
  }
  const sub = await citizen.post(`/api/v1/dossiers/${d.id}/actions`, { kind: 'submit' });
  if (sub.statusCode !== 200) throw new Error(`submit: ${sub.statusCode} ${sub.body}`);
  return sub.json();
}

async function pdfTextOf(page: Page, href: string): Promise<string> {
  const res = await page.request.get(href);
  expect(res.status()).toBe(200);
  expect(res.headers()['content-type']).toMatch(/application\/pdf/);
  return execFileSync('pdftotext', ['-enc', 'UTF-8', '-', '-'], { input: await res.body() })
    .toString('utf8')
    .replace(/\s+/g, ' ');
}

/** Confirms the open action; the form's PDF opens in a new tab, which is closed again. */
async function confirmAndClosePopup(page: Page, button: RegExp) {
  const popup = page.waitForEvent('popup', { timeout: 10_000 }).catch(() => null);
  await page.getByRole('button', { name: button }).click();
  const p = await popup;
  await p?.close().catch(() => {});
}

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  portal = await startPortal({ MFA_REQUIRED_ROLES: 'province_admin' });
  citizen = await demoCitizenClient(portal);
  const list = await citizen.get(
    `/api/v1/catalog/agencies?kind=commune_committee&q=${encodeURIComponent('Ninh Kiều')}`,
  );
  ward = (list.json().items as { code: string }[])[0]!.code;
  officials.desk = await officialAt(portal, 'motcua.kiemtra', ward, ['one_stop_officer']);
  officials.first = await officialAt(portal, 'chuyenvien.mot', ward, ['specialist']);
  officials.second = await officialAt(portal, 'chuyenvien.hai', ward, ['specialist']);
  officials.leader = await officialAt(portal, 'lanhdao.kiemtra', ward, ['leader']);
}, 240_000);

afterAll(async () => {
  for (const j of journeys) await j.close();
  await portal?.close();
});

let supplementDossier: Record<string, any>;
let acceptedDossier: Record<string, any>;

describe('back office: checking online submissions, reassigning', () => {
  it('the desk checks a submission: one paper missing → Mẫu 02 with the note; another complete → Mẫu 01', async () => {
    supplementDossier = await onlineSubmission(1);
    acceptedDossier = await onlineSubmission(2);
    expect(supplementDossier.components.length).toBeGreaterThanOrEqual(2);

    const j = await officeJourney(portal.browser, portal.baseUrl, 'office-check');
    journeys.push(j);
    const page = j.page;
    await page.goto('/office/hang-doi/reception');
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'motcua.kiemtra', PASSWORD);
    await page.waitForURL(/\/office\/hang-doi\/reception$/);
    const row = page.getByRole('row', { name: new RegExp(supplementDossier.code) });
    await row.waitFor();
    await j.check('01-reception-queue');

    // From the queue straight to the check screen.
    await row.getByRole('link', { name: supplementDossier.code }).click();
    await page.waitForURL(new RegExp(`/office/kiem-tra/${supplementDossier.id}$`));
    await page
      .getByRole('heading', { level: 1, name: new RegExp(`Kiểm tra hồ sơ ${supplementDossier.code}`) })
      .waitFor();
    await page.getByRole('region', { name: 'Người nộp và tờ khai' }).getByText(DEMO_CITIZEN.name).first().waitFor();
    const items = page.locator('.check-item');
    expect(await items.count()).toBe(supplementDossier.components.length);
    // "x" shows the next paper in the page.
    await page.keyboard.press('x');
    await page.locator('.check-item img.office-preview').first().waitFor();
    await j.check('02-check-screen-preview');

    await items.nth(0).getByLabel('Đủ', { exact: true }).check();
    await items.nth(1).getByLabel('Thiếu', { exact: true }).check();
    await items
      .nth(1)
      .getByPlaceholder(/Ghi chú/)
      .fill(NOTE);
    await page.getByText(/thiếu hoặc không hợp lệ/).waitFor();
    expect(await page.getByRole('button', { name: 'Tiếp nhận (Mẫu 01)' }).isDisabled()).toBe(true);
    // "b" opens the supplement request with the reason drafted from the checklist.
    // Single-key shortcuts work outside text fields: leave the note field first.
    await page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { blur?(): void } | null } }
      ).document.activeElement?.blur?.(),
    );
    await page.keyboard.press('b');
    const reason = page.getByLabel('Nội dung yêu cầu bổ sung, hoàn thiện');
    await expect.poll(() => reason.inputValue()).toContain(NOTE);
    expect(await reason.inputValue()).toContain(
      `${supplementDossier.components[1].name.trim().replace(/[\s.;:,]+$/, '')}: còn thiếu (${NOTE}).`,
    );
    await j.check('03-supplement-drafted');

    await confirmAndClosePopup(page, /Xác nhận và in Mẫu 02/);
    await page.getByRole('heading', { level: 1, name: 'Đã yêu cầu bổ sung hồ sơ' }).waitFor();
    const link02 = page.getByRole('link', { name: /Phiếu yêu cầu bổ sung.*Mẫu 02/ });
    const text02 = await pdfTextOf(page, (await link02.getAttribute('href'))!);
    expect(text02).toContain(NOTE);
    expect(text02).toContain(supplementDossier.code);
    await j.check('04-supplement-done');

    // The second one: every paper in order → received, handed to a named specialist.
    await page.getByRole('link', { name: 'Về hàng đợi chờ tiếp nhận' }).click();
    const second = page.getByRole('row', { name: new RegExp(acceptedDossier.code) });
    await second.getByRole('link', { name: acceptedDossier.code }).click();
    await page.waitForURL(new RegExp(`/office/kiem-tra/${acceptedDossier.id}$`));
    const all = page.locator('.check-item');
    await all.first().waitFor();
    for (let i = 0; i < (await all.count()); i++) await all.nth(i).getByLabel('Đủ', { exact: true }).check();
    await page.getByText('Hồ sơ đủ thành phần.').waitFor();
    // Single-key shortcuts work outside text fields: leave the note field first.
    await page.evaluate(() =>
      (
        globalThis as unknown as { document: { activeElement: { blur?(): void } | null } }
      ).document.activeElement?.blur?.(),
    );
    await page.keyboard.press('a');
    await page.getByLabel(/Người xử lý tiếp theo/).selectOption({ label: 'Cán bộ chuyenvien.mot' });
    await j.check('05-accept');
    await confirmAndClosePopup(page, /Xác nhận và in Mẫu 01/);
    await page.getByRole('heading', { level: 1, name: 'Đã tiếp nhận hồ sơ' }).waitFor();
    const link01 = page.getByRole('link', { name: /Giấy tiếp nhận.*Mẫu 01/ });
    const text01 = await pdfTextOf(page, (await link01.getAttribute('href'))!);
    expect(text01).toContain(acceptedDossier.code);
    await j.check('06-received');

    const now = await officials.desk!.get(`/api/v1/dossiers/${acceptedDossier.id}`);
    expect(now.json().assigneeId).toBe((await officials.first!.get('/api/v1/auth/me')).json().id);
    const waiting = await officials.desk!.get(`/api/v1/dossiers/${supplementDossier.id}`);
    expect(waiting.json().status).toBe('pending_supplement');
  });

  it('the leader reassigns the received dossier to another specialist; the timeline shows it', async () => {
    expect(acceptedDossier).toBeTruthy();
    const j = await officeJourney(portal.browser, portal.baseUrl, 'office-reassign');
    journeys.push(j);
    const page = j.page;
    await page.goto(`/office/ho-so/${acceptedDossier.id}`);
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'lanhdao.kiemtra', PASSWORD);
    await page.getByRole('heading', { level: 1, name: new RegExp(acceptedDossier.code) }).waitFor();
    await page.getByRole('button', { name: 'Phân công xử lý' }).click();
    const picker = page.getByLabel('Cán bộ được phân công');
    await picker.waitFor();
    await picker.selectOption({ label: 'Cán bộ chuyenvien.hai' });
    await j.check('01-assign-form');
    await page.getByRole('button', { name: 'Xác nhận: Phân công xử lý' }).click();
    const timeline = page.getByRole('region', { name: 'Quá trình xử lý' });
    await timeline.getByText('Phân công xử lý').first().waitFor();
    await j.check('02-assigned');

    const secondId = (await officials.second!.get('/api/v1/auth/me')).json().id;
    expect((await officials.second!.get(`/api/v1/dossiers/${acceptedDossier.id}`)).json().assigneeId).toBe(secondId);
    expect((await officials.first!.get(`/api/v1/dossiers/${acceptedDossier.id}`)).statusCode).toBe(404);
  });
});
