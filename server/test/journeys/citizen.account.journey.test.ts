/**
 * Citizen portal, part 5: the account page and addresses that do not exist (issue 6).
 *   1. A mistyped address answers status 404 (the server knows the portal's route patterns,
 *      web/dist/routes.json) with the portal's own not-found page; a real route answers 200.
 *   2. Changing the password: the error summary at the top lists each problem, linked to its
 *      field, and takes the focus; a wrong current password is the server's field error, shown
 *      the same way; a right one saves the new password.
 *   3. An account created by a VNeID sign-in has no password: a session that did not just sign
 *      in through the provider is refused a first password (403 REAUTHENTICATION_REQUIRED) and
 *      the page explains it and offers "Đăng nhập lại bằng VNeID" back to the account page; a
 *      session fresh from the provider sets it.
 * Each step: axe-core (no serious/critical violation) and screenshots at 360 and 1280 px.
 */
import { existsSync } from 'node:fs';
import type { FastifyReply } from 'fastify';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IdentityApi } from '../../src/modules/identity/index.ts';
import { Client } from '../fixtures/identity.ts';
import { adminHeaders } from '../support.ts';
import { CHROMIUM, DEMO_CITIZEN, DEMO_PASSWORD, type Portal, signInWithPage, startPortal } from './support.ts';

let portal: Portal;

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  portal = await startPortal();
}, 240_000);

afterAll(async () => {
  await portal?.close();
});

/** Whether the element has the page's focus (the server's tsconfig has no DOM types, hence globalThis). */
const focused = (page: Page, selector: string) =>
  page.evaluate((sel) => {
    const d = (globalThis as unknown as { document: { activeElement: unknown; querySelector(s: string): unknown } })
      .document;
    return d.activeElement !== null && d.activeElement === d.querySelector(sel);
  }, selector);

/** Puts a session started by the identity module (as the SSO login does) into the browser. */
async function sessionInBrowser(page: Page, accountId: string, amr: string[]): Promise<void> {
  const identity = (portal.app as unknown as { tinhso: { apis: { identity: IdentityApi } } }).tinhso.apis.identity;
  const cookies = new Map<string, string>();
  const reply = { setCookie: (name: string, value: string) => cookies.set(name, value) } as unknown as FastifyReply;
  await identity.startSession(reply, accountId, { acr: 'vneid-1', amr, ip: '127.0.0.1', userAgent: 'journey' });
  await page
    .context()
    .addCookies(
      [...cookies].map(([name, value]) => ({ name, value, url: portal.baseUrl, httpOnly: name === 'tinhso_sid' })),
    );
}

describe('citizen portal: unknown addresses', () => {
  it('a mistyped address is a real 404 with the portal page; real routes are 200', async () => {
    const j = await portal.journey('19-status-404');
    const page = j.page;
    const missing = await page.goto('/thu-tuc');
    expect(missing?.status()).toBe(404);
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    await j.check('01-not-found');
    for (const url of ['/', '/thu-tuc/1.001193', '/tim-kiem?q=khai%20sinh', '/tra-cuu', '/tai-khoan']) {
      const r = await fetch(`${portal.baseUrl}${url}`);
      expect(r.status, url).toBe(200);
    }
    for (const url of ['/thu-tuc/1.001193/them', '/ho-so-cua-toi/1/2/3', '/office/khong-co']) {
      const r = await fetch(`${portal.baseUrl}${url}`);
      expect(r.status, url).toBe(404);
      expect(r.headers.get('content-type'), url).toMatch(/^text\/html/);
    }
  }, 180_000);
});

describe('citizen portal: the account page', () => {
  it('changing the password: error summary with focus, the server field error, then saved', async () => {
    const j = await portal.journey('20-account-password');
    const page = j.page;
    await page.goto('/');
    await page.getByRole('link', { name: 'Đăng nhập' }).first().click();
    await signInWithPage(page);
    await page.getByRole('link', { name: new RegExp(DEMO_CITIZEN.name) }).click();
    await page.waitForURL(/\/tai-khoan$/);
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    await j.check('01-account');

    // Nothing typed: the summary lists the problem and takes the focus.
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    const summary = page.locator('.error-summary');
    await summary.getByRole('link', { name: 'Nhập mật khẩu mới.' }).waitFor();
    expect(await focused(page, '.error-summary')).toBe(true);
    await j.check('02-empty');
    // The summary's link moves to its field.
    await summary.getByRole('link', { name: 'Nhập mật khẩu mới.' }).click();
    expect(await focused(page, '#new-password')).toBe(true);

    const fresh = 'Song-Hau-chay-mai-2026';
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(fresh);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(`${fresh}!`);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await summary.getByRole('link', { name: 'Hai lần nhập mật khẩu không giống nhau.' }).waitFor();
    expect(await focused(page, '.error-summary')).toBe(true);

    // The server's refusal of the current password is a field error like the others.
    await page.getByLabel('Mật khẩu hiện tại').fill('khong-dung-2026');
    await page.getByLabel('Nhập lại mật khẩu mới').fill(fresh);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await summary.getByRole('link', { name: 'Mật khẩu hiện tại không đúng.' }).waitFor();
    expect(await focused(page, '.error-summary')).toBe(true);
    await j.check('03-wrong-current');

    await page.getByLabel('Mật khẩu hiện tại').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.getByText('Đã lưu mật khẩu mới').waitFor();
    expect(await summary.count()).toBe(0);
    await j.check('04-saved');
    const login = (password: string) =>
      new Client(portal.app, '198.18.202.1').login(DEMO_CITIZEN.username, password).then((r) => r.statusCode);
    expect(await login(fresh)).toBe(200);
    expect(await login(DEMO_PASSWORD)).toBe(401);
  }, 180_000);

  it('a first password on a VNeID-created account needs a fresh VNeID sign-in; the page says so and links there', async () => {
    const identity = (portal.app as unknown as { tinhso: { apis: { identity: IdentityApi } } }).tinhso.apis.identity;
    const { accountId } = await identity.linkExternalCitizen({
      providerId: 'vneid',
      subject: 'journey-holder-77',
      citizenId: '092090007711',
      name: 'Lê Thị Bảy',
      acr: 'vneid-1',
    });
    // The province's VNeID provider, declared by the administrator (the demo has none).
    const declared = await portal.app.inject({
      method: 'POST',
      url: '/api/v1/identity/external-providers',
      headers: adminHeaders,
      payload: {
        id: 'vneid',
        name: 'VNeID',
        issuer: 'https://vneid.example.gov.vn',
        clientId: 'tinh',
        clientSecret: 'bi-mat-nha-cung-cap',
        acrLevel2: ['urn:vneid:loa:2'],
      },
    });
    expect(declared.statusCode).toBe(201);
    const providers = (await (await fetch(`${portal.baseUrl}/api/v1/auth/external/providers`)).json()) as {
      items: { startUrl: string }[];
    };
    expect(providers.items.length).toBe(1);
    const first = 'Cau-Can-Tho-2026-moi';

    // A session that did not come through the provider (as after the 5 minutes have passed).
    const j = await portal.journey('21-account-first-password');
    const page = j.page;
    await sessionInBrowser(page, accountId, ['pwd']);
    await page.goto('/tai-khoan');
    await page.getByRole('heading', { level: 1, name: 'Tài khoản của tôi' }).waitFor();
    // The session says the account has no password: the page does not ask for a current one.
    await page.getByText('chưa có mật khẩu. Đặt mật khẩu', { exact: false }).waitFor();
    expect(await page.getByLabel('Mật khẩu hiện tại').count()).toBe(0);
    await page.getByLabel('Mật khẩu mới', { exact: true }).fill(first);
    await page.getByLabel('Nhập lại mật khẩu mới').fill(first);
    await page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await page.getByText('Cần đăng nhập lại bằng VNeID').waitFor();
    expect(await focused(page, '[data-testid="reauth"]')).toBe(true);
    const link = page.getByRole('link', { name: 'Đăng nhập lại bằng VNeID' });
    const url = new URL((await link.getAttribute('href')) ?? '', portal.baseUrl);
    expect(url.pathname).toBe(providers.items[0]!.startUrl);
    expect(url.searchParams.get('returnTo')).toBe('/tai-khoan');
    await j.check('01-reauth');
    expect(await new Client(portal.app, '198.18.202.2').login('092090007711', first).then((r) => r.statusCode)).toBe(
      401,
    );

    // Back from the provider moments ago: the first password is set.
    const k = await portal.journey('21-account-first-password-fresh');
    await sessionInBrowser(k.page, accountId, ['ext']);
    await k.page.goto('/tai-khoan');
    await k.page.getByLabel('Mật khẩu mới', { exact: true }).fill(first);
    await k.page.getByLabel('Nhập lại mật khẩu mới').fill(first);
    await k.page.getByRole('button', { name: 'Lưu mật khẩu' }).click();
    await k.page.getByText('Đã lưu mật khẩu mới').waitFor();
    await k.check('02-set');
    expect(await new Client(portal.app, '198.18.202.3').login('092090007711', first).then((r) => r.statusCode)).toBe(
      200,
    );
  }, 180_000);
});
