/**
 * Back office (issue 7), journey 5, in Chromium at 1366×768 with axe-core on every step: a
 * province administrator opens the construction-permit process of the provincial service centre,
 * makes a new version from a copy (a step's share of the time, a step's name, one action less),
 * sees the server's validation in Vietnamese when a share is not positive, saves the draft and
 * publishes it. A dossier received afterwards follows version 2; the one received before keeps
 * version 1 (Nghị định 118/2025/NĐ-CP: a dossier is handled by the process in force when it was
 * received). Then the working calendar: an extra day off is added to the year and removed again;
 * and the register (Mẫu 07) is downloaded by an agency administrator who is also at the desk.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldTarget, problemText } from '../../../web/src/office/admin/process.problems.ts';
import type { ProcessDefinition } from '../../src/modules/dossier/domain/process.schemas.ts';
import { validateProcessDefinition } from '../../src/modules/dossier/domain/process.validate.ts';
import { demoFormData, demoProcessDefinitions } from '../../src/modules/dossier/index.ts';
import { Client, PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, type OfficePortal, officeSignIn, provinceAdmin, startOffice } from './office.support.ts';
import { officialAt } from './support.ts';

const CENTRE = '000.01.01.H99';
const PROCEDURE = '1.013236';
const DEFINITION = `demo-${PROCEDURE}-${CENTRE}-v1`;
const NAME = 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II';

let portal: OfficePortal;
let desk: Client;

beforeAll(async () => {
  portal = await startOffice({ MFA_REQUIRED_ROLES: 'none' }, [
    provinceAdmin('quantri.journey', CENTRE),
    {
      username: 'quantri.trungtam',
      agencyCode: CENTRE,
      roles: [
        { role: 'agency_admin', agencyCode: CENTRE },
        { role: 'one_stop_officer', agencyCode: CENTRE },
      ],
    },
  ]);
  desk = await officialAt(portal, 'motcua.qt', CENTRE, ['one_stop_officer']);
}, 240_000);

afterAll(() => portal?.close());

async function signedIn(username: string, name: string, path: string): Promise<{ j: OfficeJourney; page: Page }> {
  const j = await portal.office(name);
  await j.page.goto(`/office${path}`);
  await j.page.waitForURL(/\/office\/dang-nhap/);
  await officeSignIn(j.page, username, PASSWORD);
  return { j, page: j.page };
}

async function receive(name: string, idNumber: string): Promise<{ id: string; processVersion: number }> {
  const applicant = { name, idNumber, phone: '0911222333' };
  const res = await desk.post('/api/v1/dossiers', {
    procedureCode: PROCEDURE,
    agencyCode: CENTRE,
    applicant,
    formData: demoFormData(PROCEDURE, applicant) ?? {},
    receive: true,
  });
  expect(res.statusCode, res.body).toBe(201);
  const { id } = res.json() as { id: string };
  const view = await desk.get(`/api/v1/dossiers/${id}`);
  expect(view.statusCode, view.body).toBe(200);
  return { id, processVersion: (view.json() as { processVersion: number }).processVersion };
}

describe('back office: administration', () => {
  it('5. an administrator publishes a new process version; new dossiers follow it, older ones keep theirs', async () => {
    const before = await receive('Trần Văn Cũ', '092090005555');
    expect(before.processVersion).toBe(1);

    const { j, page } = await signedIn('quantri.journey', 'office-5-admin', '/quan-tri');
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    await page.getByRole('navigation', { name: 'Chức năng' }).getByRole('link', { name: 'Quản trị' }).waitFor();
    await j.check('01-admin-home');

    // The definitions with their versions; one of them opened.
    await page
      .getByRole('navigation', { name: 'Quản trị' })
      .getByRole('link', { name: 'Quy trình giải quyết' })
      .click();
    await page.getByLabel('Tìm quy trình').fill(PROCEDURE);
    const v1 = page.getByRole('link', { name: new RegExp(`^Phiên bản 1 của quy trình ${NAME}`) });
    await v1.waitFor();
    await j.check('02-definitions');
    await v1.click();
    await page.getByRole('heading', { level: 1, name: new RegExp(NAME) }).waitFor();
    const steps = page.getByRole('table', { name: /Các bước của quy trình/ });
    await steps.getByText('2. Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa').waitFor();
    await steps.getByText('Gửi lấy ý kiến cơ quan quản lý nhà nước liên quan').waitFor();
    // The server's diagram, drawn and loaded.
    const diagram = page.getByRole('img', { name: /^Sơ đồ quy trình:/ });
    await diagram.scrollIntoViewIfNeeded();
    await expect
      .poll(() => diagram.evaluate((img) => (img as unknown as { naturalWidth: number }).naturalWidth))
      .toBeGreaterThan(100);
    await j.check('03-version-1');

    // A copy edited into version 2; a share of 0 is refused by the server, in Vietnamese.
    await page.getByRole('link', { name: 'Tạo phiên bản mới từ bản này' }).click();
    await page.getByRole('heading', { level: 1, name: `Phiên bản mới 2: ${NAME}` }).waitFor();
    await page.locator('#step-1-share').fill('0');
    await page.getByRole('button', { name: 'Kiểm tra và lưu bản nháp' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Quy trình chưa hợp lệ' });
    await summary
      .getByText(
        'Bước 2, tỷ trọng thời gian: Tỷ trọng thời gian của bước «Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa» phải là số dương',
        { exact: false },
      )
      .waitFor();
    await j.check('04-invalid');

    await page.locator('#step-1-share').fill('2.5');
    await page.locator('#step-3-share').fill('3');
    await page.locator('#step-3-name').fill('Tổng hợp ý kiến, dự thảo giấy phép (rút gọn)');
    await page.locator('fieldset.admin-step').nth(3).getByRole('button', { name: 'Bỏ thao tác Rút hồ sơ' }).click();
    await j.check('05-edited');
    await page.getByRole('button', { name: 'Kiểm tra và lưu bản nháp' }).click();
    await page.getByRole('heading', { name: 'Đã kiểm tra và lưu bản nháp' }).waitFor();
    await page.getByRole('heading', { level: 1, name: /phiên bản 2/ }).waitFor();
    await page.getByText('Bản nháp', { exact: true }).waitFor();
    // A draft is not in force: a dossier received now still follows version 1.
    expect((await receive('Lê Thị Nháp', '092090006666')).processVersion).toBe(1);
    await j.check('06-draft');

    await page.getByRole('button', { name: 'Công bố phiên bản' }).click();
    await page.getByRole('heading', { name: 'Đã công bố' }).waitFor();
    await page.getByText('Đang áp dụng', { exact: true }).waitFor();
    await j.check('07-published');

    // Through the API: the new dossier follows version 2, with its renamed step; the older keeps 1.
    const after = await receive('Phạm Văn Mới', '092090007777');
    expect(after.processVersion).toBe(2);
    const old = await desk.get(`/api/v1/dossiers/${before.id}`);
    expect((old.json() as { processVersion: number }).processVersion).toBe(1);
    const v2 = await desk.get(`/api/v1/process-definitions/${DEFINITION}/versions/2`);
    const def = v2.json() as {
      status: string;
      steps: { id: string; name: string; share: number; actions: { kind: string }[] }[];
    };
    expect(def.status).toBe('published');
    expect(def.steps[1]!.share).toBe(2.5);
    expect(def.steps[3]!.name).toBe('Tổng hợp ý kiến, dự thảo giấy phép (rút gọn)');
    expect(def.steps[3]!.actions.map((a) => a.kind)).not.toContain('withdraw');

    // The list shows both versions.
    await page.getByRole('link', { name: '‹ Danh sách quy trình' }).click();
    await page.getByLabel('Tìm quy trình').fill(PROCEDURE);
    await page.getByRole('link', { name: new RegExp(`^Phiên bản 2 của quy trình ${NAME}`) }).waitFor();
    await j.check('08-definitions-after');
  }, 240_000);

  it('working calendar: an extra day off added to the year and removed', async () => {
    const { j, page } = await signedIn('quantri.journey', 'office-admin-calendar', '/quan-tri/lich-lam-viec');
    await page.getByRole('heading', { level: 1, name: 'Lịch làm việc' }).waitFor();
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
    );
    const offDays = page.getByRole('table', { name: `Ngày nghỉ năm ${year}` });
    await offDays.waitFor();
    await j.check('01-calendar');
    await page.getByLabel('Ngày', { exact: true }).fill(`${year}-12-31`);
    await page.getByLabel('Ngày nghỉ thêm').check();
    await page.getByLabel('Lý do (căn cứ)').fill('Nghỉ theo quyết định của Chủ tịch UBND tỉnh');
    await page.getByRole('button', { name: 'Lưu ngày' }).click();
    await page.getByText('Đã lưu ngày nghỉ 31/12/').waitFor();
    await offDays.getByText('Nghỉ theo quyết định của Chủ tịch UBND tỉnh').waitFor();
    await j.check('02-day-added');
    await page.getByRole('button', { name: `Bỏ ngày 31/12/${year}` }).click();
    await page.getByText(`Đã bỏ ngày 31/12/${year} khỏi lịch.`).waitFor();
    await expect.poll(() => offDays.getByText('Nghỉ theo quyết định của Chủ tịch UBND tỉnh').count()).toBe(0);
    await j.check('03-day-removed');
  }, 120_000);

  it('register (Mẫu 07): the centre administrator at the desk downloads it as PDF and Excel', async () => {
    const { j, page } = await signedIn('quantri.trungtam', 'office-admin-register', '/quan-tri/so-theo-doi');
    await page.getByRole('heading', { level: 1, name: 'Sổ theo dõi hồ sơ (Mẫu 07)' }).waitFor();
    expect(await page.getByLabel('Mã cơ quan tiếp nhận').inputValue()).toBe(CENTRE);
    await j.check('01-register');
    const [pdf] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải sổ theo dõi' }).click(),
    ]);
    expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
    const bytes = await import('node:fs').then(async (fs) => fs.readFileSync((await pdf.path())!));
    expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await page.getByLabel('Excel').check();
    const [xlsx] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Tải sổ theo dõi' }).click(),
    ]);
    expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
    await page.getByText(/^Đã tải so-theo-doi-.*\.xlsx\.$/).waitFor();
    await j.check('02-downloaded');
  }, 120_000);
});

describe('back office: users and roles', () => {
  it('the province administrator creates an official and grants a role on an agency', async () => {
    const { j, page } = await signedIn('quantri.journey', 'office-admin-users', '/quan-tri/nguoi-dung');
    await page.getByRole('heading', { level: 1, name: 'Người dùng và vai trò' }).waitFor();
    await page.getByRole('button', { name: 'Tạo tài khoản cán bộ' }).click();
    await page.getByLabel('Tên đăng nhập').fill('chuyenvien.moi');
    await page.getByLabel('Họ và tên').fill('Võ Thị Hạnh');
    await page.getByLabel('Mã cơ quan').fill(CENTRE);
    await page.getByLabel('Mật khẩu ban đầu').fill('Mot-cua-Can-Tho-2026');
    await page.getByRole('button', { name: 'Tạo tài khoản', exact: true }).click();
    await page.getByText('Đã tạo tài khoản chuyenvien.moi.', { exact: false }).waitFor();
    await j.check('01-created');
    await page.getByRole('searchbox', { name: 'Tìm cán bộ' }).fill('Vo Thi Hanh');
    await page.getByRole('button', { name: 'Tìm', exact: true }).click();
    const row = page.getByRole('row').filter({ hasText: 'chuyenvien.moi' });
    await row.getByRole('button', { name: 'Gán vai trò cho Võ Thị Hạnh' }).click();
    await row.getByLabel('Vai trò', { exact: true }).selectOption('specialist');
    await row.getByRole('button', { name: 'Gán', exact: true }).click();
    await row.getByRole('button', { name: 'Thu hồi vai trò Chuyên viên' }).waitFor();
    await j.check('02-granted');
    // The grant is real: the new official signs in and has the role.
    const official = new Client(portal.app, '10.9.7.1');
    const login = await official.login('chuyenvien.moi', 'Mot-cua-Can-Tho-2026');
    expect(login.statusCode, login.body).toBe(200);
    const me = (await official.get('/api/v1/auth/me')).json() as { roles: { role: string; agencyCode: string }[] };
    expect(me.roles.some((g) => g.role === 'specialist' && g.agencyCode === CENTRE)).toBe(true);
  }, 120_000);
});

describe('the editor says where the server found each problem', () => {
  it('maps the validation of a broken copy to the inputs and names step, action and field', () => {
    const c = CENTRE;
    const codes = {
      commune: c,
      communePolice: c,
      provincePolice: c,
      provinceCentre: c,
      constructionDept: c,
      financeDept: c,
    };
    const source = demoProcessDefinitions(codes).find((d) => d.procedureCode === PROCEDURE)!;
    // Shape problems (an emptied number input is sent as null; an empty label).
    const broken = structuredClone(source);
    broken.steps[1]!.share = Number.NaN;
    broken.steps[3]!.actions[0]!.label = '';
    const show = (def: ProcessDefinition) => {
      const checked = validateProcessDefinition(JSON.parse(JSON.stringify(def)));
      if (checked.ok) throw new Error('expected problems');
      return checked.problems.map((p) => ({
        target: fieldTarget(`/body${p.path}`),
        text: problemText(`/body${p.path}`, p.message, def),
      }));
    };
    const shape = show(broken);
    expect(shape).toContainEqual({
      target: 'step-1-share',
      text: expect.stringMatching(/^Bước 2 «Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa», tỷ trọng thời gian: /),
    });
    expect(shape).toContainEqual({
      target: 'step-3-action-0-label',
      text: expect.stringMatching(/^Bước 4 «.+», thao tác «Chuyển bước tiếp theo», nhãn: /),
    });
    // A graph problem: a forward without its target step.
    const graph = structuredClone(source);
    delete graph.steps[1]!.actions[1]!.to;
    expect(show(graph)).toContainEqual({
      target: 'step-1-action-1-label',
      text: expect.stringMatching(/^Bước 2.*, thao tác «Không cần lấy ý kiến, dự thảo giấy phép»: .*bước đích/),
    });
    for (const p of [...shape, ...show(graph)])
      expect(p.text).toMatch(/[ạảãáàặẳẵắằậẩẫấầẹẻẽéèệểễếềịỉĩíìọỏõóòộổỗốồợởỡớờụủũúùựửữứừỵỷỹýỳđ]/);
  });
});
