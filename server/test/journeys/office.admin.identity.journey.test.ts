/**
 * Back office (issue 7, "external identity providers and OIDC clients"), in Chromium at 1366×768
 * with axe-core on every step: a province administrator with no dossier role signs in and lands
 * on Quản trị (not on an empty queue); registers an OIDC application — a redirect address with a
 * fragment is refused by the server and the message is shown at that input — sees its secret once
 * (a warning, a copy button), issues a new secret (the old one stops working at the token
 * endpoint, the new one works), edits and deletes it; declares an external identity provider
 * (VNeID model) with a write-only secret, edits it without retyping the secret, disables it.
 * Then the dates: a desk officer types 05/11/2026 (day first, whatever the browser's locale) in a
 * queue's date filter and the queue is filtered on 5 November 2026; 31/02/2026 is refused in
 * Vietnamese and filters nothing; the dossier found names the process version it follows.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFormData } from '../../src/modules/dossier/index.ts';
import { type Client, PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, type OfficePortal, officeSignIn, provinceAdmin, startOffice } from './office.support.ts';
import { officialAt } from './support.ts';

const CENTRE = '000.01.01.H99';
const PROCEDURE = '1.013236';

let portal: OfficePortal;
let desk: Client;

beforeAll(async () => {
  portal = await startOffice({ MFA_REQUIRED_ROLES: 'none' }, [provinceAdmin('quantri.dinhdanh', CENTRE)]);
  desk = await officialAt(portal, 'motcua.ngay', CENTRE, ['one_stop_officer']);
}, 240_000);

afterAll(() => portal?.close());

async function open(name: string): Promise<{ j: OfficeJourney; page: Page }> {
  const j = await portal.office(name);
  return { j, page: j.page };
}

/** The token endpoint's answer to a client authenticating with this secret (an unknown code). */
async function tokenStatus(clientId: string, secret: string): Promise<string> {
  const res = await portal.app.inject({
    method: 'POST',
    url: '/oidc/token',
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      authorization: `Basic ${Buffer.from(`${clientId}:${secret}`).toString('base64')}`,
    },
    payload: 'grant_type=authorization_code&code=nope&redirect_uri=https%3A%2F%2Fhotich.tinhso.vn%2Fcallback',
  });
  return (res.json() as { error: string }).error;
}

describe('office administration: identity', () => {
  it('an administrator without dossier roles lands on Quản trị; registers, rotates, edits and deletes an application', async () => {
    const { j, page } = await open('office-admin-identity');
    await page.goto('/office/');
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'quantri.dinhdanh', PASSWORD);
    await page.waitForURL(/\/office\/quan-tri$/);
    await page.getByRole('heading', { level: 1, name: 'Quản trị' }).waitFor();
    await j.check('01-admin-home');

    await page.getByRole('main').getByRole('link', { name: 'Ứng dụng đăng nhập một lần' }).click();
    await page.getByRole('heading', { level: 1, name: 'Ứng dụng đăng nhập một lần' }).waitFor();
    await page.getByRole('button', { name: 'Đăng ký ứng dụng mới' }).click();
    await page.getByLabel('Mã ứng dụng (client_id, không bắt buộc)').fill('ho-tich');
    await page.getByLabel('Tên ứng dụng').fill('Phần mềm hộ tịch');
    const redirects = page.getByLabel('Địa chỉ chuyển hướng sau đăng nhập (redirect_uri)');
    await redirects.fill('https://hotich.tinhso.vn/callback\nhttps://hotich.tinhso.vn/cb#x');
    await page.getByRole('button', { name: 'Đăng ký ứng dụng', exact: true }).click();
    // The server's problem, at the input, naming the line.
    await expect.poll(() => redirects.getAttribute('aria-invalid')).toBe('true');
    const problem = page.locator('#new-client-redirectUris-error');
    expect(await problem.textContent()).toContain('Dòng 2');
    expect(await problem.textContent()).toContain('fragment');
    await j.check('02-client-problem');

    await redirects.fill('https://hotich.tinhso.vn/callback');
    await page.getByRole('button', { name: 'Đăng ký ứng dụng', exact: true }).click();
    const secretBox = page.getByTestId('client-secret');
    await secretBox.waitFor();
    const first = (await secretBox.textContent())!.trim();
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    await expect.poll(() => page.getByText('Khóa bí mật chỉ hiển thị một lần này.').isVisible()).toBe(true);
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: portal.baseUrl });
    await page.getByRole('button', { name: 'Sao chép khóa bí mật' }).click();
    await page.getByText('Đã sao chép khóa vào bộ nhớ tạm.').waitFor();
    expect(await page.evaluate('navigator.clipboard.readText()')).toBe(first);
    await j.check('03-client-secret-once');
    // The secret works at the token endpoint: the code is refused, not the client.
    expect(await tokenStatus('ho-tich', first)).toBe('invalid_grant');

    // Shown once: after closing, the page has no way to show it again.
    await page.getByRole('button', { name: 'Tôi đã lưu khóa, đóng' }).click();
    await expect.poll(() => page.getByTestId('client-secret').count()).toBe(0);
    expect(await page.content()).not.toContain(first);

    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Cấp lại khóa bí mật của Phần mềm hộ tịch' }).click();
    await secretBox.waitFor();
    const second = (await secretBox.textContent())!.trim();
    expect(second).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(second).not.toBe(first);
    await page.getByText('Đã cấp khóa bí mật mới cho «Phần mềm hộ tịch»').waitFor();
    await j.check('04-client-secret-rotated');
    expect(await tokenStatus('ho-tich', first)).toBe('invalid_client');
    expect(await tokenStatus('ho-tich', second)).toBe('invalid_grant');
    await page.getByRole('button', { name: 'Tôi đã lưu khóa, đóng' }).click();

    await page.getByRole('button', { name: 'Sửa ứng dụng Phần mềm hộ tịch' }).click();
    await page.getByLabel('Tên ứng dụng').fill('Phần mềm đăng ký hộ tịch');
    await page.getByLabel('Địa chỉ quay về sau đăng xuất (không bắt buộc)').fill('https://hotich.tinhso.vn/');
    await j.check('05-client-edit');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByRole('button', { name: 'Sửa ứng dụng Phần mềm đăng ký hộ tịch' }).waitFor();
    await page.getByText('Sau đăng xuất: https://hotich.tinhso.vn/').waitFor();

    // Signing keys are listed; one signs.
    await page.getByRole('cell', { name: 'Đang ký', exact: true }).waitFor();
    await j.check('06-clients-list');

    page.once('dialog', (d) => d.accept());
    await page.getByRole('button', { name: 'Xóa ứng dụng Phần mềm đăng ký hộ tịch' }).click();
    await page.getByText('Chưa có ứng dụng nào.').waitFor();
    expect(await tokenStatus('ho-tich', second)).toBe('invalid_client');
  });

  it('declares, edits (secret write-only) and disables an external identity provider', async () => {
    const { j, page } = await open('office-admin-providers');
    await page.goto('/office/quan-tri/nha-cung-cap-dinh-danh');
    await officeSignIn(page, 'quantri.dinhdanh', PASSWORD);
    await page.getByRole('heading', { level: 1, name: 'Nhà cung cấp định danh' }).waitFor();
    await page.getByRole('button', { name: 'Khai báo nhà cung cấp mới' }).click();
    await page.getByLabel('Mã nhà cung cấp').fill('vneid');
    await page.getByLabel('Tên hiển thị').fill('Tài khoản định danh điện tử VNeID');
    await page.getByLabel('Địa chỉ nhà cung cấp (issuer)').fill('https://vneid.example.gov.vn#sai');
    await page.getByLabel('Mã ứng dụng do nhà cung cấp cấp (client_id)').fill('tinhso-cantho');
    await page.getByLabel('Khóa bí mật (client_secret)').fill('bi-mat-cua-vneid-123');
    await page.getByLabel('Giá trị acr của định danh mức độ 2').fill('urn:vneid:loa:2');
    await page.getByLabel('Giá trị acr của định danh mức độ 1 (không bắt buộc)').fill('urn:vneid:loa:1');
    await page.getByRole('button', { name: 'Khai báo nhà cung cấp', exact: true }).click();
    await page.locator('#new-provider-issuer-error').waitFor();
    await j.check('01-provider-problem');
    await page.getByLabel('Địa chỉ nhà cung cấp (issuer)').fill('https://vneid.example.gov.vn');
    await page.getByRole('button', { name: 'Khai báo nhà cung cấp', exact: true }).click();
    await page.getByText(/Đã khai báo nhà cung cấp «Tài khoản định danh điện tử VNeID»/).waitFor();
    await page.getByRole('cell', { name: /urn:vneid:loa:2/ }).waitFor();
    await j.check('02-provider-created');

    // The secret never comes back; editing without typing one keeps it.
    const listed = await portal.app.inject({ method: 'GET', url: '/api/v1/auth/external/providers' });
    expect(listed.json().items.map((p: { id: string }) => p.id)).toEqual(['vneid']);
    expect(await page.content()).not.toContain('bi-mat-cua-vneid-123');
    await page.getByRole('button', { name: 'Sửa Tài khoản định danh điện tử VNeID' }).click();
    const secret = page.getByLabel('Khóa bí mật mới (client_secret)');
    expect(await secret.inputValue()).toBe('');
    await page.getByLabel('Tên hiển thị').fill('VNeID — Bộ Công an');
    await page.getByLabel('Phạm vi yêu cầu (scope)').fill('openid profile citizen_id');
    await j.check('03-provider-edit');
    await page.getByRole('button', { name: 'Lưu thay đổi' }).click();
    await page.getByText('Đã lưu nhà cung cấp «VNeID — Bộ Công an».').waitFor();
    await page.getByText('Phạm vi: openid profile citizen_id').waitFor();

    await page.getByRole('button', { name: 'Tạm ngừng VNeID — Bộ Công an' }).click();
    await page.getByText('Tạm ngừng', { exact: true }).first().waitFor();
    await page.getByRole('button', { name: 'Bật lại VNeID — Bộ Công an' }).waitFor();
    await j.check('04-provider-disabled');
    const after = await portal.app.inject({ method: 'GET', url: '/api/v1/auth/external/providers' });
    expect(after.json().items).toEqual([]);
  });

  it('a date typed as 05/11/2026 filters a queue on 5 November 2026', async () => {
    const applicant = { name: 'Đinh Thị Ngày', idNumber: '092190000511', phone: '0911222333' };
    const res = await desk.post('/api/v1/dossiers', {
      procedureCode: PROCEDURE,
      agencyCode: CENTRE,
      applicant,
      formData: demoFormData(PROCEDURE, applicant) ?? {},
      receive: true,
    });
    expect(res.statusCode, res.body).toBe(201);
    const code = (res.json() as { code: string }).code;
    const { j, page } = await open('office-date-filter');
    await page.goto('/office/hang-doi/agency');
    await officeSignIn(page, 'motcua.ngay', PASSWORD);
    await page.getByRole('link', { name: code }).waitFor();

    const to = page.getByLabel('Đến ngày', { exact: true });
    await to.fill('31/02/2026');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.getByText('Tháng 2/2026 chỉ có 28 ngày (đã nhập ngày 31).').waitFor();
    expect(new URL(page.url()).searchParams.get('to')).toBeNull();
    await j.check('01-date-refused');

    await to.fill('05/11/2026');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('to') === '2026-11-05');
    // Submitted after 5 November 2026 (today): not in a list that ends on that day.
    await expect.poll(() => page.getByRole('link', { name: code }).count()).toBe(0);
    expect(await to.inputValue()).toBe('05/11/2026');
    await j.check('02-date-filtered');

    await to.fill('');
    await page.getByLabel('Nộp từ ngày', { exact: true }).fill('5/11/2026');
    await page.getByRole('button', { name: 'Lọc', exact: true }).click();
    await page.waitForURL((u) => u.searchParams.get('from') === '2026-11-05' && !u.searchParams.has('to'));
    await page.getByRole('link', { name: code }).waitFor();
    expect(await page.getByLabel('Nộp từ ngày', { exact: true }).inputValue()).toBe('05/11/2026');
    await j.check('03-date-from');

    // The dossier names the process definition and version it follows.
    await page.getByRole('link', { name: code }).click();
    const followed = page.locator('dt', { hasText: 'Quy trình áp dụng' }).locator('xpath=following-sibling::dd');
    await followed.waitFor();
    expect(await followed.textContent()).toBe(`demo-${PROCEDURE}-${CENTRE}-v1, phiên bản 1`);
    await j.check('04-dossier-process');
  });
});
