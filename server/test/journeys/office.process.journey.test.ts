/**
 * Back office (issue 7), journey 2, in Chromium at 1366×768 with axe-core on every step: a
 * construction permit received at the city's service centre is appraised by a specialist of the
 * Department of Construction, who transfers it to the Department of Health for its opinion; Health
 * answers and the dossier comes back; the specialist attaches the result and submits it; the
 * leader approves; the desk hands the result back. Each official works in their own browser, on
 * the dossier page, with the actions the server offers them there.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFormData } from '../../src/modules/dossier/index.ts';
import type { Client } from '../fixtures/identity.ts';
import { PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, type OfficePortal, officeSignIn, startOffice } from './office.support.ts';
import { officialAt } from './support.ts';

const CENTRE = '000.01.01.H99';
const RESULT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);
const CONSTRUCTION = '000.00.07.H99';
const HEALTH = '000.00.11.H99';

let portal: OfficePortal;
let desk: Client;

beforeAll(async () => {
  portal = await startOffice({ MFA_REQUIRED_ROLES: 'province_admin' });
  desk = await officialAt(portal, 'motcua.trungtam', CENTRE, ['one_stop_officer']);
  await officialAt(portal, 'chuyenvien.sxd', CONSTRUCTION, ['specialist']);
  await officialAt(portal, 'lanhdao.sxd', CONSTRUCTION, ['leader']);
  await officialAt(portal, 'chuyenvien.syt', HEALTH, ['specialist']);
}, 240_000);

afterAll(() => portal?.close());

async function as(username: string, id: string): Promise<{ j: OfficeJourney; page: Page }> {
  const j = await portal.office(`office-2-${username}`);
  await j.page.goto(`/office/ho-so/${id}`);
  await j.page.waitForURL(/\/office\/dang-nhap/);
  await officeSignIn(j.page, username, PASSWORD);
  await j.page.getByRole('heading', { level: 1, name: /^Hồ sơ / }).waitFor();
  return { j, page: j.page };
}

async function run(page: Page, label: string, fill: Record<string, string> = {}): Promise<void> {
  const open = page.getByRole('heading', { level: 3, name: label });
  if (!(await open.isVisible())) await page.getByRole('button', { name: label, exact: true }).click();
  for (const [field, value] of Object.entries(fill)) await page.getByLabel(field, { exact: true }).fill(value);
  await page.getByRole('button', { name: `Xác nhận: ${label}` }).click();
  // Done: the form closes and the page says what was done; refused: the server's words in the form.
  const form = page.locator('.office-action-form');
  const refused = form.locator('.alert--error');
  await Promise.race([form.waitFor({ state: 'detached' }), refused.waitFor()]);
  if (await refused.isVisible()) throw new Error(`${label}: ${await refused.textContent()}`);
  const done = page.getByRole('heading', { name: 'Đã thực hiện' }).locator('xpath=..');
  await expect.poll(() => done.textContent()).toContain(label);
}

const status = (page: Page) => page.getByRole('region', { name: 'Tình trạng' });

describe('back office: process, transfer, answer, approve, return', () => {
  it('2. specialist → other department → back → leader approves → desk returns the result', async () => {
    const applicant = { name: 'Nguyễn Thị Mai', idNumber: '092090004444', phone: '0911222333' };
    const created = await desk.post('/api/v1/dossiers', {
      procedureCode: '1.013236',
      agencyCode: CENTRE,
      applicant,
      formData: demoFormData('1.013236', applicant) ?? {},
      receive: true,
    });
    expect(created.statusCode, created.body).toBe(201);
    const { id, code } = created.json() as { id: string; code: string };

    // The construction specialist appraises and asks Health for its opinion.
    const sxd = await as('chuyenvien.sxd', id);
    await status(sxd.page).getByText('Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa').waitFor();
    await sxd.j.check('01-specialist-dossier');
    await sxd.page
      .getByRole('button', { name: 'Gửi lấy ý kiến cơ quan quản lý nhà nước liên quan', exact: true })
      .click();
    await sxd.page.getByLabel('Mã cơ quan nhận').fill(HEALTH);
    await sxd.page.getByLabel('Ý kiến').fill('Đề nghị Sở Y tế cho ý kiến về phòng cháy và vệ sinh môi trường.');
    await sxd.j.check('02-transfer-form');
    await sxd.page.getByRole('button', { name: /^Xác nhận: Gửi lấy ý kiến/ }).click();
    await sxd.page.getByRole('heading', { name: 'Đã thực hiện' }).waitFor();
    await status(sxd.page).getByText('Sở Y tế').waitFor();
    await sxd.j.check('03-transferred');

    // Health sees it and answers; the dossier goes back to Construction.
    const syt = await as('chuyenvien.syt', id);
    await run(syt.page, 'Gửi văn bản trả lời', { 'Ý kiến': 'Thống nhất, đủ điều kiện.' });
    await status(syt.page).getByText('Tổng hợp ý kiến, dự thảo giấy phép xây dựng').waitFor();
    await syt.j.check('04-answered');

    // Back at Construction: attach the draft permit and submit it to the leader.
    await sxd.page.reload();
    await status(sxd.page).getByText('Tổng hợp ý kiến, dự thảo giấy phép xây dựng').waitFor();
    const timeline = sxd.page.getByRole('region', { name: 'Quá trình xử lý' });
    await timeline.getByText('Thống nhất, đủ điều kiện.', { exact: false }).waitFor();
    await sxd.page.getByRole('button', { name: 'Đính kèm kết quả', exact: true }).click();
    await sxd.page.getByLabel('Tệp kết quả đã ký (PDF, ảnh)').setInputFiles({
      name: `giay-phep-xay-dung-${code}.pdf`,
      mimeType: 'application/pdf',
      buffer: RESULT_PDF,
    });
    await sxd.j.check('05-attach-result');
    await run(sxd.page, 'Đính kèm kết quả');
    await run(sxd.page, 'Trình lãnh đạo Sở ký');
    await status(sxd.page).getByText('Lãnh đạo Sở Xây dựng ký giấy phép').waitFor();
    await sxd.j.check('06-submitted-to-leader');

    // The leader approves.
    const leader = await as('lanhdao.sxd', id);
    await run(leader.page, 'Ký duyệt, chuyển trả kết quả');
    await status(leader.page).getByText('Trả kết quả', { exact: true }).waitFor();
    await leader.j.check('07-approved');

    // The desk hands the result back; the dossier is closed, with every hand-over in its timeline.
    const front = await as('motcua.trungtam', id);
    await run(front.page, 'Trả kết quả cho người nộp');
    await status(front.page).getByText('Đã trả kết quả').waitFor();
    await front.page.getByText('Bạn không có thao tác nào trên hồ sơ ở bước này.').waitFor();
    const items = front.page.getByRole('region', { name: 'Quá trình xử lý' }).getByRole('listitem');
    await expect.poll(() => items.count()).toBeGreaterThanOrEqual(7);
    // The signed result, as uploaded, under the dossier.
    const result = front.page
      .getByRole('region', { name: 'Kết quả giải quyết' })
      .getByRole('link', { name: 'Tệp kết quả 1' });
    const got = await front.page.request.get((await result.getAttribute('href'))!);
    expect(got.status()).toBe(200);
    expect((await got.body()).equals(RESULT_PDF)).toBe(true);
    await front.j.check('08-returned');
  }, 240_000);
});
