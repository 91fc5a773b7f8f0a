/**
 * Back office (issue 7, "Administration: process definitions"), in Chromium at 1366×768 with
 * axe-core on every step: a province administrator makes version 2 of the construction-permit
 * process of the provincial service centre. A step is added (the server's dry run reports at once
 * that it has no action and cannot be reached, and the diagram marks it), moved up after the
 * appraisal, assigned to the Department of Agriculture and Environment picked from the catalogue,
 * given its action and made the appraisal's way forward: the problems go away. The draft is saved,
 * edited again in place, and published; a throw-away draft is deleted from its page.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../../src/modules/dossier/domain/process.schemas.ts';
import { PASSWORD } from '../fixtures/identity.ts';
import { type OfficePortal, officeSignIn, provinceAdmin, startOffice } from './office.support.ts';
import { officialAt } from './support.ts';

const CENTRE = '000.01.01.H99';
const AGRICULTURE = '000.00.06.H99';
const PROCEDURE = '1.013236';
const DEFINITION = `demo-${PROCEDURE}-${CENTRE}-v1`;
const NAME = 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II';
const NEW_STEP = 'Sở Nông nghiệp và Môi trường cho ý kiến về đất đai';

let portal: OfficePortal;

beforeAll(async () => {
  portal = await startOffice({ MFA_REQUIRED_ROLES: 'none' }, [provinceAdmin('quantri.quytrinh', CENTRE)]);
}, 240_000);

afterAll(() => portal?.close());

/** The live check panel beside the editor. */
const panel = (page: Page) => page.getByRole('complementary', { name: 'Kiểm tra và sơ đồ' });

/** The SVG the preview shows, decoded from its data URL. */
async function previewSvg(page: Page): Promise<string> {
  const src = await panel(page)
    .getByRole('img', { name: /^Sơ đồ xem trước/ })
    .getAttribute('src');
  return decodeURIComponent((src ?? '').replace(/^data:image\/svg\+xml;charset=utf-8,/, ''));
}

describe('back office: editing a process definition', () => {
  it('add, move and assign a step with the live check and diagram; save, edit the draft, publish; delete a draft', async () => {
    const j = await portal.office('office-admin-process');
    const { page } = j;
    page.on('dialog', (d) => void d.accept());
    await page.goto(`/office/quan-tri/quy-trinh/${encodeURIComponent(DEFINITION)}/1`);
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'quantri.quytrinh', PASSWORD);
    await page.getByRole('heading', { level: 1, name: new RegExp(NAME) }).waitFor();

    // A copy of version 1: valid as it is, with the sum of the shares and the diagram.
    await page.getByRole('link', { name: 'Tạo phiên bản mới từ bản này' }).click();
    await page.getByRole('heading', { level: 1, name: `Phiên bản mới 2: ${NAME}` }).waitFor();
    await panel(page).getByText('Quy trình hợp lệ.').waitFor();
    await panel(page).getByText('Tổng tỷ trọng: 20 = 20 ngày làm việc').waitFor();
    await j.check('01-copy');

    // A new step: reported at once (no action, unreachable) and marked in the diagram.
    await page.getByRole('button', { name: 'Thêm bước' }).click();
    await page.getByText('Đã thêm bước 7 (mã buoc_7).').waitFor();
    await page.locator('#step-6-name').fill(NEW_STEP);
    await panel(page)
      .getByText(/lỗi cần sửa/)
      .waitFor();
    await panel(page)
      .getByRole('link', { name: /^Bước 7.*không có thao tác nào/ })
      .waitFor();
    await panel(page)
      .getByRole('link', { name: new RegExp(`^Bước 7.*Không có đường nào từ bước bắt đầu đến bước «${NEW_STEP}»`) })
      .waitFor();
    await panel(page).getByText('Tổng tỷ trọng: 21 = 20 ngày làm việc').waitFor();
    await expect.poll(() => previewSvg(page), { timeout: 15_000 }).toContain('ý kiến về đất đai');
    expect(await previewSvg(page)).toContain('<title>Bước có lỗi</title>');
    await j.check('02-step-added');

    // Moved up to the third place, after the appraisal.
    for (let i = 6; i > 2; i--) await page.locator(`#step-${i}-up`).click();
    await page.getByRole('group', { name: `Bước 3: ${NEW_STEP}` }).waitFor();
    await page.getByText(`Đã chuyển bước «${NEW_STEP}» lên vị trí 3.`).waitFor();

    // Assigned to another agency, picked from the catalogue by a few letters without diacritics.
    const step = page.getByRole('group', { name: `Bước 3: ${NEW_STEP}` });
    await step.getByLabel('Cơ quan thực hiện').selectOption('fixed');
    await step.getByLabel('Tìm cơ quan').fill('nong nghiep');
    const choice = step.getByLabel('Cơ quan', { exact: true });
    await expect
      .poll(() => choice.locator('option').allTextContents())
      .toContainEqual(expect.stringContaining(`(${AGRICULTURE})`));
    await choice.selectOption(AGRICULTURE);
    await expect.poll(() => previewSvg(page), { timeout: 15_000 }).toContain('Chuyên viên · Sở Nông nghiệp');
    await j.check('03-moved-assigned');

    // Fixed: the new step forwards to the conclusion, and the appraisal's way forward goes to it.
    await step.getByLabel(`Thêm thao tác tại bước «${NEW_STEP}»`).selectOption('forward');
    await step.getByRole('button', { name: `Thêm thao tác tại bước ${NEW_STEP}` }).click();
    await page.locator('#step-2-action-0-label').fill('Gửi ý kiến, chuyển tổng hợp');
    await page.locator('#step-2-action-0-to').selectOption('conclude');
    await page.locator('#step-1-action-1-to').selectOption('buoc_7');
    await panel(page).getByText('Quy trình hợp lệ.').waitFor();
    await expect.poll(() => previewSvg(page), { timeout: 15_000 }).not.toContain('<title>Bước có lỗi</title>');
    await j.check('04-fixed');

    await page.getByRole('button', { name: 'Kiểm tra và lưu bản nháp' }).click();
    await page.getByRole('heading', { name: 'Đã kiểm tra và lưu bản nháp' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /phiên bản 2/ }).waitFor();
    const steps = page.getByRole('table', { name: /Các bước của quy trình/ });
    await steps.getByText(`3. ${NEW_STEP}`).waitFor();
    await steps.getByText(/^Sở Nông nghiệp và Môi trường/).waitFor();
    await j.check('05-draft-saved');

    // The draft edited in place: same version, a new share.
    await page.getByRole('link', { name: 'Sửa bản nháp' }).click();
    await page.getByRole('heading', { level: 1, name: `Sửa bản nháp 2: ${NAME}` }).waitFor();
    await page.locator('#step-2-share').fill('2');
    await panel(page).getByText('Tổng tỷ trọng: 22 = 20 ngày làm việc').waitFor();
    await panel(page).getByText('Quy trình hợp lệ.').waitFor();
    await j.check('06-edit-draft');
    await page.getByRole('button', { name: 'Kiểm tra và lưu bản nháp' }).click();
    await page.getByRole('heading', { name: 'Đã lưu bản nháp đã sửa' }).waitFor();

    await page.getByRole('button', { name: 'Công bố phiên bản' }).click();
    await page.getByRole('heading', { name: 'Đã công bố' }).waitFor();
    await page.getByText('Đang áp dụng', { exact: true }).waitFor();
    await j.check('07-published');

    const admin = await officialAt(portal, 'quantri.kiemtra', CENTRE, ['one_stop_officer']);
    const v2 = (await admin.get(`/api/v1/process-definitions/${DEFINITION}/versions/2`)).json() as ProcessDefinition;
    expect(v2.status).toBe('published');
    expect(v2.steps.map((s) => s.id)).toEqual([
      'receive',
      'appraise',
      'buoc_7',
      'consult',
      'conclude',
      'sign',
      'deliver',
    ]);
    expect(v2.steps[2]).toMatchObject({ name: NEW_STEP, share: 2, agency: { kind: 'fixed', code: AGRICULTURE } });
    expect(v2.steps[1]!.actions[1]!.to).toBe('buoc_7');

    // A throw-away draft (version 3) deleted from its page.
    await page.getByRole('link', { name: 'Tạo phiên bản mới từ bản này' }).click();
    await page.getByRole('heading', { level: 1, name: `Phiên bản mới 3: ${NAME}` }).waitFor();
    await panel(page).getByText('Quy trình hợp lệ.').waitFor();
    await page.getByRole('button', { name: 'Kiểm tra và lưu bản nháp' }).click();
    await page.getByRole('heading', { name: 'Đã kiểm tra và lưu bản nháp' }).waitFor();
    await page.getByRole('button', { name: 'Xoá bản nháp' }).click();
    await page.getByRole('heading', { name: 'Đã xoá bản nháp' }).waitFor();
    await j.check('08-draft-deleted');
    expect((await admin.get(`/api/v1/process-definitions/${DEFINITION}/versions/3`)).statusCode).toBe(404);
  }, 300_000);
});
