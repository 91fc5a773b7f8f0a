/**
 * Citizen portal, part 4: following a dossier, paying, transparency (issue 6, journeys 2 and 3).
 *   1. The officials (through the API) receive a dossier and ask for a supplement → the citizen
 *      sees why in "Hồ sơ của tôi", downloads the request (Mẫu 02), photographs the document and
 *      sends it → the officials upload the result file, attach it and hand it back → the citizen
 *      downloads the result and the receipt, and rates the service (once).
 *   2. Fees: the payment page shows what is due and the VietQR code (the code on the page encodes
 *      the server's payload); a failed payment at the gateway leaves the dossier as it was; a
 *      successful one marks the fee paid.
 *   3. The transparency page shows the year's figures per agency and per procedure, as the public
 *      statistics API counts them.
 *   4. An unknown address is a "not found" page that asks search engines not to index it.
 * Each step: axe-core (no serious/critical violation) and screenshots at 360 and 1280 px.
 */
import { existsSync } from 'node:fs';
import type { Page } from 'playwright-core';
import QRCode from 'qrcode';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFormData, verifyVietQr } from '../../src/modules/dossier/index.ts';
import { unsentMail } from '../../src/modules/identity/index.ts';
import { multipart } from '../dossier.support.ts';
import { type Client, PASSWORD, registerCitizen, registrationTokenIn } from '../fixtures/identity.ts';
import {
  actOn,
  CHROMIUM,
  DEMO_CITIZEN,
  demoCitizenClient,
  officialAt,
  type Portal,
  signInWithPage,
  startPortal,
} from './support.ts';

let portal: Portal;
let citizen: Client;
let ward: string;
let officials: { desk: Client; specialist: Client; leader: Client };

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8/5+hHgAHggJ/PchI7wAAAABJRU5ErkJggg==',
  'base64',
);
const RESULT_PDF = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const SUPPLEMENT_REASON = 'Ảnh Giấy chứng sinh bị mờ, đề nghị chụp lại rõ nét cả trang.';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  // The ward's leader signs through the API here; a second factor is another journey's subject.
  portal = await startPortal({ MFA_REQUIRED_ROLES: 'province_admin' });
  citizen = await demoCitizenClient(portal);
  const list = await citizen.get(
    `/api/v1/catalog/agencies?kind=commune_committee&q=${encodeURIComponent('Ninh Kiều')}`,
  );
  ward = (list.json().items as { code: string }[])[0]!.code;
  officials = {
    desk: await officialAt(portal, 'motcua.phuong', ward, ['one_stop_officer']),
    specialist: await officialAt(portal, 'hotich.phuong', ward, ['specialist']),
    leader: await officialAt(portal, 'lanhdao.phuong', ward, ['leader']),
  };
}, 240_000);

afterAll(async () => {
  await portal?.close();
});

/** A dossier the demo citizen submitted online (through the API), with valid e-form data. */
async function submitted(procedureCode: string, n: number): Promise<Record<string, any>> {
  const applicant = { name: DEMO_CITIZEN.name, idNumber: DEMO_CITIZEN.username, phone: '0912345678' };
  const res = await citizen.post('/api/v1/dossiers', {
    procedureCode,
    agencyCode: ward,
    applicant,
    formData: demoFormData(procedureCode, applicant, n) ?? {},
  });
  if (res.statusCode !== 201) throw new Error(`submit ${procedureCode}: ${res.statusCode} ${res.body}`);
  return res.json();
}

async function asCitizen(id: string): Promise<Record<string, any>> {
  const res = await citizen.get(`/api/v1/dossiers/${id}`);
  expect(res.statusCode).toBe(200);
  return res.json();
}

/** Clicks a link that downloads, returns the file's bytes and name. */
async function download(page: Page, link: ReturnType<Page['getByRole']>): Promise<{ name: string; bytes: Buffer }> {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const chunks: Buffer[] = [];
  for await (const c of await file.createReadStream()) chunks.push(c as Buffer);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

describe('citizen portal: my dossiers', () => {
  it('supplement asked (API) → uploaded and sent → result returned (API) → receipt downloaded, rated', async () => {
    const d = await submitted('1.001193', 1);
    await actOn(officials.desk, d.id, { kind: 'accept' });
    await actOn(officials.specialist, d.id, { kind: 'request_supplement', reason: SUPPLEMENT_REASON });

    const j = await portal.journey('10-supplement-result-rating');
    const page = j.page;
    await page.goto('/ho-so-cua-toi');
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page);
    await page.waitForURL(/\/ho-so-cua-toi$/);
    const item = page.getByTestId('my-dossiers').locator('li').filter({ hasText: d.code });
    await item.getByText('cần bạn bổ sung').waitFor();
    await j.check('01-list-supplement');

    await item.getByRole('link').click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}$`));
    expect((await page.getByTestId('dossier-status').textContent())?.trim()).toBe('Chờ bổ sung');
    expect((await page.getByTestId('supplement-reason').textContent())?.trim()).toBe(SUPPLEMENT_REASON);
    // The timeline says it too, with the reason.
    await expect.poll(() => page.getByTestId('dossier-timeline').textContent()).toContain(SUPPLEMENT_REASON);
    const request = await download(page, page.getByRole('link', { name: /Phiếu yêu cầu bổ sung/ }).first());
    expect(request.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    await j.check('02-supplement-asked');

    // The photo, from the camera input of the birth certificate's row, then "send".
    await page
      .locator('#supplement-3-camera')
      .setInputFiles({ name: 'giay-chung-sinh.png', mimeType: 'image/png', buffer: PNG });
    await page.getByText('Đã tải lên «giay-chung-sinh.png».').waitFor();
    await page.getByRole('button', { name: 'Gửi bổ sung' }).click();
    await page.getByText('Đã gửi bổ sung. Hồ sơ được giải quyết tiếp.').waitFor();
    await expect.poll(async () => (await asCitizen(d.id)).status).toBe('in_progress');
    expect((await page.getByTestId('dossier-status').textContent())?.trim()).toBe('Đang giải quyết');
    expect((await asCitizen(d.id)).components.find((c: { index: number }) => c.index === 3).file.fileName).toBe(
      'giay-chung-sinh.png',
    );
    await j.check('03-supplement-sent');

    // The officials resolve it: the signed result is uploaded as a file, attached, and handed back.
    const resultName = `Giấy khai sinh ${d.code}.pdf`;
    const upload = multipart(RESULT_PDF, resultName);
    const uploaded = await officials.specialist.request('POST', `/api/v1/dossiers/${d.id}/results`, upload.payload, {
      headers: { 'content-type': upload.contentType },
    });
    expect(uploaded.statusCode, uploaded.body).toBe(201);
    await actOn(officials.specialist, d.id, { kind: 'attach_result', resultFileIds: [uploaded.json().fileId] });
    await actOn(officials.specialist, d.id, { kind: 'forward' });
    await actOn(officials.leader, d.id, { kind: 'approve' });
    const returned = await actOn(officials.desk, d.id, { kind: 'return_result' });
    expect(returned.status).toBe('returned');

    await page.reload();
    await page.getByTestId('dossier-status').getByText('Đã trả kết quả').waitFor();
    expect(await page.getByTestId('result-files').textContent()).toContain(resultName);
    // The result itself, byte for byte, under its own name.
    const result = await download(page, page.getByTestId('result-files').getByRole('link', { name: resultName }));
    expect(result.name).toBe(resultName);
    expect(result.bytes.equals(RESULT_PDF)).toBe(true);
    // The forms issued are read from the history, which arrives with its own request.
    await expect.poll(() => page.getByTestId('dossier-forms').textContent()).toContain('Mẫu 02');
    expect(await page.getByTestId('dossier-forms').textContent()).toContain('Mẫu 01');
    const receipt = await download(page, page.getByRole('link', { name: /Giấy tiếp nhận hồ sơ/ }));
    expect(receipt.bytes.subarray(0, 5).toString()).toBe('%PDF-');
    expect(receipt.name).toMatch(/\.pdf$/);
    await j.check('04-returned');

    // Rating: a choice is required; then once, shown back.
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('Chọn mức độ hài lòng của bạn.').waitFor();
    await j.check('05-rating-error');
    await page.getByLabel('Hài lòng', { exact: true }).check();
    await page.getByLabel('Góp ý (không bắt buộc)').fill('Cán bộ hướng dẫn rõ ràng.');
    await page.getByRole('button', { name: 'Gửi đánh giá' }).click();
    await page.getByText('Cảm ơn bạn đã đánh giá').waitFor();
    expect(await page.getByTestId('rating-given').textContent()).toContain('Hài lòng (4/5)');
    const rating = await citizen.get(`/api/v1/dossiers/${d.id}/rating`);
    expect(rating.statusCode).toBe(200);
    expect(rating.json().score).toBe(4);
    expect(await page.getByRole('button', { name: 'Gửi đánh giá' }).count()).toBe(0);
    await j.check('06-rated');
  }, 300_000);

  it('fees: VietQR shown; a failed payment changes nothing; a successful one marks the fee paid', async () => {
    const d = await submitted('1.014063', 2);
    const summary = (await citizen.get(`/api/v1/dossiers/${d.id}/payments`)).json();
    expect(summary.dueVnd).toBeGreaterThan(0);
    const due = new Intl.NumberFormat('vi-VN', { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(
      summary.dueVnd,
    );

    const j = await portal.journey('11-payment');
    const page = j.page;
    await page.goto(`/ho-so-cua-toi/${d.id}`);
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page);
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}$`));
    await page.getByText('Còn phí, lệ phí chưa nộp').waitFor();
    await page.getByRole('link', { name: 'Thanh toán phí, lệ phí' }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}/thanh-toan$`));
    expect(await page.getByTestId('payment-due').textContent()).toContain(due);

    // The QR code drawn on the page is the server's VietQR payload (checked module by module).
    expect(verifyVietQr(summary.vietQr)).toBe(true);
    const path = (await page.getByTestId('vietqr').locator('path').getAttribute('d')) ?? '';
    const dark = new Set(
      [...path.matchAll(/M(\d+) (\d+)h1v1h-1z/g)].map((m) => `${Number(m[2]) - 4},${Number(m[1]) - 4}`),
    );
    const matches = [0, 1, 2, 3, 4, 5, 6, 7].some((mask) => {
      const ref = QRCode.create([{ data: summary.vietQr, mode: 'byte' }] as never, {
        errorCorrectionLevel: 'M',
        maskPattern: mask as never,
      });
      const { size, data } = ref.modules;
      let same = dark.size === [...data].filter(Boolean).length;
      for (let r = 0; same && r < size; r++)
        for (let c = 0; same && c < size; c++) same = !!data[r * size + c] === dark.has(`${r},${c}`);
      return same;
    });
    expect(matches).toBe(true);
    await page.getByText('Xem nội dung mã QR dạng chữ').click();
    expect((await page.getByTestId('vietqr-text').textContent())?.trim()).toBe(summary.vietQr);
    await j.check('01-payment-page');

    const before = await asCitizen(d.id);
    await page.getByRole('button', { name: `Thanh toán ${due}` }).click();
    await page.waitForURL(/\/thanh-toan\/gia-lap\//);
    await page.getByRole('heading', { level: 1, name: 'Xác nhận thanh toán' }).waitFor();
    await j.check('02-gateway');
    await page.getByRole('button', { name: 'Giả lập thanh toán thất bại' }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}/thanh-toan\\?giao-dich=`));
    await page.getByTestId('payment-result').getByText('Thanh toán không thành công').waitFor();
    const afterFailure = await asCitizen(d.id);
    expect(afterFailure.status).toBe(before.status);
    expect(afterFailure.version).toBe(before.version);
    expect(afterFailure.fees.every((f: { status: string }) => f.status === 'unpaid')).toBe(true);
    expect(await page.getByTestId('payment-due').textContent()).toContain(due);
    await j.check('03-payment-failed');

    await page.getByRole('button', { name: `Thanh toán ${due}` }).click();
    await page.waitForURL(/\/thanh-toan\/gia-lap\//);
    await page.getByRole('button', { name: 'Thanh toán', exact: true }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}/thanh-toan\\?giao-dich=`));
    await page.getByTestId('payment-result').getByText('Thanh toán thành công').waitFor();
    const afterPayment = await asCitizen(d.id);
    expect(afterPayment.fees.every((f: { status: string }) => f.status === 'paid')).toBe(true);
    // Paying never moves the dossier itself: officials do, when the fee is paid.
    expect(afterPayment.status).toBe(before.status);
    const zero = new Intl.NumberFormat('vi-VN', {
      style: 'currency',
      currency: 'VND',
      maximumFractionDigits: 0,
    }).format(0);
    expect(await page.getByTestId('payment-due').textContent()).toContain(zero);
    expect(await page.getByTestId('vietqr').count()).toBe(0);
    await j.check('04-payment-paid');
  }, 300_000);
  it('withdrawal: asked to confirm, the reason required; then withdrawn, nothing more to do', async () => {
    const d = await submitted('1.001193', 4);
    const j = await portal.journey('14-withdraw');
    const page = j.page;
    await page.goto(`/ho-so-cua-toi/${d.id}`);
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page);
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}$`));
    await page.getByRole('link', { name: 'Rút hồ sơ' }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}/rut-ho-so$`));
    await page.getByRole('heading', { level: 1, name: 'Bạn chắc chắn muốn rút hồ sơ?' }).waitFor();
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await page.getByRole('alert').getByText('Nhập lý do rút hồ sơ.').waitFor();
    expect((await asCitizen(d.id)).status).toBe('submitted');
    await j.check('01-confirm-error');
    await page.getByLabel('Lý do rút hồ sơ').fill('Nộp nhầm thủ tục.');
    await page.getByRole('button', { name: 'Rút hồ sơ' }).click();
    await page.waitForURL(new RegExp(`/ho-so-cua-toi/${d.id}$`));
    await page.getByText('Đã rút hồ sơ.').first().waitFor();
    expect((await page.getByTestId('dossier-status').textContent())?.trim()).toBe('Đã rút hồ sơ');
    expect((await asCitizen(d.id)).status).toBe('withdrawn');
    expect(await page.getByRole('link', { name: 'Rút hồ sơ' }).count()).toBe(0);
    await expect.poll(() => page.getByTestId('dossier-timeline').textContent()).toContain('Nộp nhầm thủ tục.');
    await j.check('02-withdrawn');
  }, 180_000);
});

describe('citizen portal: drafts, registration, identity level', () => {
  it('a draft is deleted after a confirmation; "Không xóa" keeps it', async () => {
    const applicant = { name: DEMO_CITIZEN.name, idNumber: DEMO_CITIZEN.username, phone: '0912345678' };
    const res = await citizen.post('/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: ward,
      applicant,
      channel: 'online',
      submit: false,
      formData: {},
    });
    expect(res.statusCode, res.body).toBe(201);
    const draft = res.json() as { id: string; status: string };
    expect(draft.status).toBe('draft');

    const j = await portal.journey('15-draft-delete');
    const page = j.page;
    await page.goto('/ho-so-cua-toi');
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page);
    await page.waitForURL(/\/ho-so-cua-toi$/);
    const item = page
      .getByTestId('my-dossiers')
      .locator('li')
      .filter({ has: page.locator(`a[href*="${draft.id}"]`) });
    await item.getByRole('button', { name: 'Xóa bản nháp' }).click();
    await item.getByText('Xóa bản nháp này?').waitFor();
    await j.check('01-confirm');
    await item.getByRole('button', { name: 'Không xóa' }).click();
    expect((await citizen.get(`/api/v1/dossiers/${draft.id}`)).statusCode).toBe(200);
    await item.getByRole('button', { name: 'Xóa bản nháp' }).click();
    await item.getByRole('button', { name: 'Xóa', exact: true }).click();
    await page.getByRole('status').getByText('Đã xóa bản nháp.').waitFor();
    await expect.poll(() => page.locator(`a[href*="${draft.id}"]`).count()).toBe(0);
    expect((await citizen.get(`/api/v1/dossiers/${draft.id}`)).statusCode).toBe(404);
    await j.check('02-deleted');
  }, 180_000);

  it('the link mailed at registration completes it once; opened again it says so', async () => {
    const seen = unsentMail(portal.app).length;
    const email = 'dang.ky.moi@example.vn';
    const reg = await portal.app.inject({
      method: 'POST',
      url: '/api/v1/auth/register',
      remoteAddress: '198.18.200.1',
      payload: { citizenId: '092090007777', name: 'Lê Thị Mới', email, password: PASSWORD },
    });
    expect(reg.statusCode).toBe(202);
    const token = registrationTokenIn(unsentMail(portal.app).slice(seen), email);

    const j = await portal.journey('16-registration-complete');
    const page = j.page;
    await page.goto(`/hoan-tat-dang-ky#token=${token}`);
    await page.getByRole('heading', { level: 1, name: 'Đăng ký thành công' }).waitFor();
    // The token leaves the address bar.
    expect(new URL(page.url()).hash).toBe('');
    await j.check('01-done');
    await page.getByRole('link', { name: 'Đăng nhập' }).last().click();
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page, '092090007777', PASSWORD);

    await page.goto(`/hoan-tat-dang-ky#token=${token}`);
    await page.getByRole('alert').getByText('Liên kết không dùng được').waitFor();
    await j.check('02-used-again');
  }, 180_000);

  it('forgotten password: the link asked from the sign-in page sets a new one; the old one stops working', async () => {
    const citizenId = '092090008888';
    const email = 'quen.mat.khau@example.vn';
    await registerCitizen(portal.app, citizenId, email);
    const j = await portal.journey('18-password-reset');
    const page = j.page;
    await page.goto('/dang-nhap');
    await page.getByRole('link', { name: 'Quên mật khẩu?' }).click();
    await page.waitForURL(/\/quen-mat-khau$/);
    const seen = unsentMail(portal.app).length;
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(citizenId);
    await page.getByRole('button', { name: 'Gửi liên kết đặt lại mật khẩu' }).click();
    await page.getByText('Đã nhận yêu cầu').waitFor();
    await j.check('01-asked');
    const mail = unsentMail(portal.app)
      .slice(seen)
      .find((m) => m.to === email)!;
    const link = /\/dat-lai-mat-khau#token=[A-Za-z0-9_-]+/.exec(mail.text)![0];

    await page.goto(link);
    await page.getByRole('heading', { level: 1, name: 'Đặt mật khẩu mới' }).waitFor();
    expect(new URL(page.url()).hash).toBe('');
    const fresh = 'Cay-tre-Viet-Nam-2026';
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(`${fresh}x`);
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    // The error summary at the top lists the problem, linked to its field, and takes the focus.
    const summary = page.locator('.error-summary');
    await summary.getByRole('link', { name: 'Hai lần nhập mật khẩu không giống nhau.' }).waitFor();
    expect(
      await page.evaluate(() => {
        const d = (globalThis as unknown as { document: { activeElement: { className?: string } | null } }).document;
        return d.activeElement?.className ?? '';
      }),
    ).toContain('error-summary');
    await j.check('02-mismatch');
    await page.getByLabel('Nhập lại mật khẩu mới').fill(fresh);
    await page.getByRole('button', { name: 'Đặt mật khẩu mới' }).click();
    await page.getByRole('heading', { level: 1, name: 'Đã đặt mật khẩu mới' }).waitFor();
    await j.check('03-done');
    const old = await portal.app.inject({
      method: 'POST',
      url: '/api/v1/auth/login',
      remoteAddress: '198.18.201.1',
      payload: { username: citizenId, password: PASSWORD },
    });
    expect(old.statusCode).toBe(401);
    await page.getByRole('link', { name: 'Đăng nhập' }).last().click();
    await signInWithPage(page, citizenId, fresh);
  }, 180_000);

  it('a procedure that needs identity level 2: a password session is told why and offered step-up', async () => {
    const providers = (await (await fetch(`${portal.baseUrl}/api/v1/auth/external/providers`)).json()) as {
      items: { startUrl: string }[];
    };
    const j = await portal.journey('17-step-up');
    const page = j.page;
    await page.goto('/nop-ho-so/3.000333?buoc=noi-nop');
    await page.waitForURL(/\/dang-nhap/);
    await signInWithPage(page);
    await page.waitForURL(/\/nop-ho-so\/3\.000333/);
    const agencies = (await (await fetch(`${portal.baseUrl}/api/v1/procedures/3.000333/agencies`)).json()) as {
      items: { name: string; minIdentityLevel: number }[];
    };
    expect(agencies.items.length).toBeGreaterThan(0);
    expect(agencies.items.every((a) => a.minIdentityLevel === 2)).toBe(true);
    if (agencies.items.length > 1) await page.getByLabel(agencies.items[0]!.name).check();
    await page.getByRole('button', { name: 'Tiếp tục' }).click();
    await page.getByText('Cần đăng nhập bằng tài khoản định danh điện tử mức độ 2').waitFor();
    if (providers.items.length > 0) {
      const href = (await page.getByTestId('step-up').getAttribute('href')) ?? '';
      const url = new URL(href, portal.baseUrl);
      expect(url.pathname).toBe(providers.items[0]!.startUrl);
      expect(url.searchParams.get('acr')).toBe('2');
      expect(url.searchParams.get('returnTo')).toBe('/nop-ho-so/3.000333?buoc=noi-nop');
    }
    await j.check('01-step-up');
    await page.getByRole('button', { name: 'Chọn nơi nộp khác' }).click();
    await page.getByRole('button', { name: 'Tiếp tục' }).waitFor();
  }, 180_000);
});

describe('citizen portal: transparency and not found', () => {
  it('the transparency page shows the statistics API figures per agency and per procedure', async () => {
    const year = Number(
      new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Ho_Chi_Minh', year: 'numeric' }).format(new Date()),
    );
    const stats = (await (await fetch(`${portal.baseUrl}/api/v1/public/statistics?year=${year}`)).json()) as {
      totals: { received: number; completed: number };
      agencies: unknown[];
      procedures: unknown[];
    };
    const j = await portal.journey('12-transparency');
    const page = j.page;
    await page.goto('/');
    await page.getByRole('link', { name: 'Kết quả giải quyết hồ sơ' }).click();
    await page.waitForURL(/\/minh-bach$/);
    await page.getByRole('heading', { level: 1, name: `Kết quả giải quyết hồ sơ năm ${year}` }).waitFor();
    const totals = page.getByTestId('stats-totals');
    await totals.waitFor();
    const n = (v: number) => v.toLocaleString('vi-VN');
    expect(await totals.textContent()).toContain(`Hồ sơ đã tiếp nhận${n(stats.totals.received)}`);
    expect(await totals.textContent()).toContain(`Hồ sơ đã giải quyết${n(stats.totals.completed)}`);
    expect(await page.getByTestId('stats-agency').locator('tbody tr').count()).toBe(stats.agencies.length);
    expect(await page.getByTestId('stats-procedure').locator('tbody tr').count()).toBe(stats.procedures.length);
    // Rows are headed by the agency's name (a screen reader announces it with each figure).
    expect(await page.getByTestId('stats-agency').locator('tbody th[scope="row"]').count()).toBe(stats.agencies.length);
    await j.check('01-this-year');

    await page.getByLabel('Năm', { exact: true }).selectOption(String(year - 1));
    await page.getByRole('button', { name: 'Xem' }).click();
    await page.waitForURL(new RegExp(`/minh-bach\\?nam=${year - 1}$`));
    await page.getByRole('heading', { level: 1, name: `Kết quả giải quyết hồ sơ năm ${year - 1}` }).waitFor();
    await j.check('02-last-year');

    // In English too: the page's messages come with the page, in the language chosen, also after a reload.
    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 1, name: `Applications handled in ${year - 1}` }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: `Applications handled in ${year - 1}` }).waitFor();
    await page.getByTestId('stats-totals').getByText('Applications received').waitFor();
    await j.check('03-english');
    await page.getByRole('button', { name: /Tiếng Việt/ }).click();
    await page.getByRole('heading', { level: 1, name: `Kết quả giải quyết hồ sơ năm ${year - 1}` }).waitFor();
  }, 180_000);

  it('an unknown address is a not-found page that search engines are asked not to index', async () => {
    const j = await portal.journey('13-not-found');
    const page = j.page;
    // A real 404 for the address (the server knows the portal's routes), with the app's page.
    const response = await page.goto('/khong-co-trang-nay/abc');
    expect(response?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    const robots = () =>
      page.evaluate(
        () =>
          (globalThis as any).document.head.querySelector('meta[name="robots"]')?.getAttribute('content') as
            | string
            | undefined,
      );
    expect(await robots()).toBe('noindex');
    await j.check('01-not-found');
    await page.getByRole('link', { name: 'Về trang chủ' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await expect.poll(robots).toBeUndefined();
  });
});
