/**
 * Back office (issue 7), administration of the catalogue, in Chromium at 1366×768 with axe-core on
 * every step: a province administrator lists the procedures that have fields to check, opens the
 * birth registration (its time limit was crawled as a bare "1" without a unit), is told by the
 * server what is missing when the source is left out, then corrects the time limit citing the
 * publishing decision: the version in force (imported today) is amended and the flag is gone. Then an
 * agency: a new division of the Department of Justice is created (its code checked against QCVN
 * 102:2016) and its contacts are changed.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, type OfficePortal, officeSignIn, provinceAdmin, startOffice } from './office.support.ts';

const CENTRE = '000.01.01.H99';
const JUSTICE = '000.00.03.H99';
const NEW_DIVISION = '000.04.03.H99';
const PROCEDURE = '1.001193';

let portal: OfficePortal;

beforeAll(async () => {
  portal = await startOffice({ MFA_REQUIRED_ROLES: 'none' }, [provinceAdmin('quantri.danhmuc', CENTRE)]);
}, 240_000);

afterAll(() => portal?.close());

async function signedIn(name: string, path: string): Promise<{ j: OfficeJourney; page: Page }> {
  const j = await portal.office(name);
  await j.page.goto(`/office${path}`);
  await j.page.waitForURL(/\/office\/dang-nhap/);
  await officeSignIn(j.page, 'quantri.danhmuc', PASSWORD);
  return { j, page: j.page };
}

describe('back office: catalogue administration', () => {
  it('a flagged field of a procedure is corrected with its source: the version amended, the flag gone', async () => {
    const { j, page } = await signedIn('office-admin-procedures', '/quan-tri');
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    await page.getByRole('navigation', { name: 'Quản trị' }).getByRole('link', { name: 'Thủ tục' }).click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục hành chính' }).waitFor();
    await page.getByLabel('Chỉ thủ tục có trường cần kiểm tra').check();
    await page.getByRole('searchbox', { name: 'Tìm thủ tục' }).fill('dang ky khai sinh');
    await page.keyboard.press('Enter');
    const row = page.getByRole('row').filter({ hasText: 'Thủ tục đăng ký khai sinh' }).first();
    await row.waitFor();
    const before = Number((await row.getByText(/\d+ trường/).textContent())!.match(/\d+/)![0]);
    expect(before).toBeGreaterThan(3);
    await j.check('01-flagged-procedures');

    await row.getByRole('link', { name: PROCEDURE }).click();
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    const flags = page.getByRole('region', { name: /Trường cần kiểm tra/ });
    await flags.getByText('Thời hạn giải quyết — cách thức 1, dòng 1').waitFor();
    await page.getByRole('heading', { name: 'Các phiên bản (1)' }).waitFor();
    await j.check('02-procedure');

    // The flag's link leads to its input; the value without a source is refused by the server.
    await flags
      .getByRole('listitem')
      .filter({ hasText: 'Thời hạn giải quyết — cách thức 1, dòng 1' })
      .getByRole('link', { name: 'Sửa trường này' })
      .click();
    await expect.poll(() => new URL(page.url()).hash).toBe('#sua-channels-0-processingTimes-0-');
    const amount = page.locator('#sua-channels-0-processingTimes-0-');
    await amount.fill('1');
    await page
      .getByRole('combobox', { name: 'Thời hạn giải quyết — cách thức 1, dòng 1: đơn vị' })
      .selectOption('working_day');
    await page.getByLabel('Lý do sửa').fill('Cột thời gian thiếu đơn vị; văn bản công bố ghi 01 ngày làm việc');
    await page.getByRole('button', { name: /^Lưu 1 thay đổi/ }).click();
    await page.locator('#fix-source-error').getByText('Cần ghi nguồn của giá trị mới', { exact: false }).waitFor();
    await expect.poll(() => page.getByLabel('Nguồn của giá trị mới').getAttribute('aria-invalid')).toBe('true');
    await j.check('03-source-missing');

    await page.getByLabel('Nguồn của giá trị mới').fill('Quyết định 1872/QĐ-BTP ngày 04/9/2020 của Bộ Tư pháp');
    await page.getByRole('button', { name: /^Lưu 1 thay đổi/ }).click();
    // Imported today, corrected today: the version in force is amended (its earlier content is in
    // the audit record); a correction on a later day opens a new version (API tests).
    await page.getByRole('heading', { name: 'Đã sửa phiên bản hiện hành' }).waitFor();
    await page.getByRole('heading', { name: 'Các phiên bản (1)' }).waitFor();
    await expect.poll(() => flags.getByText('Thời hạn giải quyết — cách thức 1, dòng 1').count()).toBe(0);
    await page.getByRole('heading', { name: `Trường cần kiểm tra (${before - 1})` }).waitFor();
    await page.getByText('nguồn: Quyết định 1872/QĐ-BTP', { exact: false }).waitFor();
    await j.check('04-corrected');

    // Through the API: the version in force today has the value.
    const res = await portal.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${PROCEDURE}` });
    expect(res.json().record.channels.value[0].processingTimes[0].value).toEqual({ amount: 1, unit: 'working_day' });
  }, 240_000);

  it('an agency is created under the Department of Justice and its contacts changed', async () => {
    const { j, page } = await signedIn('office-admin-agencies', '/quan-tri/co-quan');
    await page.getByRole('heading', { level: 1, name: 'Cơ quan, đơn vị' }).waitFor();
    await page.getByRole('region', { name: /Cây cơ quan có hiệu lực hôm nay/ }).waitFor();
    await j.check('01-tree');

    await page.getByRole('searchbox', { name: 'Tìm cơ quan' }).fill('so tu phap');
    await page.keyboard.press('Enter');
    await page
      .getByRole('link', { name: /^Sở Tư pháp/ })
      .first()
      .waitFor();
    await j.check('02-search');

    await page.getByRole('button', { name: 'Thêm cơ quan' }).click();
    const form = page.getByRole('region', { name: 'Thêm cơ quan' });
    await form.getByLabel('Mã định danh điện tử').fill('000.0403.H99');
    await form.getByLabel('Tên cơ quan').fill('Phòng Phổ biến, giáo dục pháp luật');
    await form.getByLabel('Loại cơ quan').selectOption('division');
    await form.getByLabel('Mã cơ quan cấp trên').fill(JUSTICE);
    await form.getByLabel('Văn bản thành lập, lý do').fill('Quyết định 77/QĐ-STP thành lập phòng');
    await form.getByRole('button', { name: 'Lưu cơ quan' }).click();
    // The server's check of the code, against the input, with the likely intended code.
    await form.locator('#new-agency-code-error').getByText('có thể là «000.04.03.H99»', { exact: false }).waitFor();
    await j.check('03-code-refused');
    await form.getByLabel('Mã định danh điện tử').fill(NEW_DIVISION);
    await form.getByRole('button', { name: 'Lưu cơ quan' }).click();
    await page.getByRole('heading', { level: 1, name: 'Phòng Phổ biến, giáo dục pháp luật' }).waitFor();
    await page
      .getByRole('link', { name: /^Sở Tư pháp/ })
      .first()
      .waitFor();
    await j.check('04-created');

    const edit = page.getByRole('region', { name: 'Sửa thông tin' });
    await edit.getByLabel('Điện thoại').fill('0292 3822 404');
    await edit.getByLabel('Địa chỉ').fill('Số 4 Đường Thử, phường Trung Tâm');
    await edit.getByLabel('Văn bản, lý do').fill('Bổ sung thông tin liên hệ theo Công văn 12/STP-VP');
    await edit.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await edit.getByRole('heading', { name: 'Đã lưu' }).waitFor();
    await page.getByText('0292 3822 404', { exact: false }).first().waitFor();
    await j.check('05-changed');

    const res = await portal.app.inject({ method: 'GET', url: `/api/v1/catalog/agencies/${NEW_DIVISION}` });
    expect(res.json()).toMatchObject({ parentCode: JUSTICE, phone: '0292 3822 404', kind: 'division' });
  }, 240_000);
});
