/**
 * Citizen portal, part 2: sign-in and the public lookup.
 *   1. "Nộp trực tuyến" on a procedure page while signed out → the sign-in page (returnTo kept);
 *      a wrong password shows the server's Vietnamese message; the demo citizen signs in and is
 *      back on the submission page, named in the header; sign-out ends the session.
 *   2. A returnTo pointing to another site is ignored (no open redirect).
 *   3. Public lookup of a demo dossier (code and check digits read through the officials' API):
 *      a wrong check, and an unknown code, show the same neutral message and nothing of the
 *      dossier; the right check shows the status, the appointment date and the timeline.
 * Each step: axe-core (no serious/critical violation) and screenshots at 360 and 1280 px.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type Portal, startPortal } from './support.ts';

let portal: Portal;

const DEMO_PASSWORD = 'ThuNghiem@2026';
const CITIZEN = { username: '092090001234', name: 'Nguyễn Văn An' };
const NEUTRAL = 'Không tìm thấy hồ sơ với mã và số kiểm tra này';

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  portal = await startPortal();
}, 240_000);

afterAll(async () => {
  await portal?.close();
});

/** "24/11/2026 17:00" in Vietnam, as the page writes it. */
function vnDateTime(iso: string): string {
  const f = (o: Intl.DateTimeFormatOptions) =>
    new Intl.DateTimeFormat('vi-VN', { timeZone: 'Asia/Ho_Chi_Minh', ...o }).format(new Date(iso));
  return `${f({ day: '2-digit', month: '2-digit', year: 'numeric' })} ${f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' })}`;
}

function lastFour(value: unknown): string | null {
  const digits = typeof value === 'string' ? value.replace(/\D/g, '') : '';
  return digits.length >= 4 ? digits.slice(-4) : null;
}

/** Signs an official in through the API; returns the Cookie header of the session. */
async function officialCookies(username: string): Promise<string> {
  const r = await fetch(`${portal.baseUrl}/api/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  expect(r.status).toBe(200);
  return r.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
}

interface DemoDossier {
  code: string;
  applicantName: string;
  procedureName: string;
  checks: string[];
}

/** A received demo dossier, as the desk sees it, with the applicant's last four digits. */
async function demoDossier(): Promise<DemoDossier> {
  const cookie = await officialCookies('motcua.demo');
  const get = async (path: string) => {
    const r = await fetch(`${portal.baseUrl}${path}`, { headers: { cookie } });
    expect(r.status).toBe(200);
    return r.json() as Promise<Record<string, any>>;
  };
  // One being processed, so the page has an appointment date to show; any dossier otherwise.
  for (const query of ['limit=1&status=in_progress', 'limit=1', 'limit=50']) {
    const list = await get(`/api/v1/dossiers?${query}`);
    for (const item of list.items as { id: string; code: string | null }[]) {
      if (!item.code) continue;
      const detail = await get(`/api/v1/dossiers/${item.id}`);
      const checks = [lastFour(detail.applicant?.phone), lastFour(detail.applicant?.idNumber)].filter(
        (x): x is string => x !== null,
      );
      if (checks.length === 0) continue;
      return {
        code: item.code,
        applicantName: String(detail.applicant?.name ?? detail.applicantName),
        procedureName: String(detail.procedureName),
        checks,
      };
    }
  }
  throw new Error('no demo dossier with a code and check digits visible to motcua.demo');
}

describe('citizen portal: sign-in', () => {
  it('submit while signed out → sign in (wrong password, then right) → back, named → sign out', async () => {
    const j = await portal.journey('05-sign-in');
    const page = j.page;

    await page.goto('/thu-tuc/1.001193');
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    // Signed out: the header offers sign-in.
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).waitFor();
    await page.getByRole('link', { name: 'Nộp trực tuyến' }).first().click();
    await page.waitForURL(/\/dang-nhap\?returnTo=%2Fnop-ho-so%2F1\.001193$/);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await j.check('01-sign-in');

    // Empty form: each field says what is missing.
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText('Nhập số định danh cá nhân hoặc tên đăng nhập.').waitFor();
    expect(await page.getByLabel('Mật khẩu').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(CITIZEN.username);
    await page.getByLabel('Mật khẩu').fill('SaiMatKhau@1');
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    const refusal = page.getByRole('alert').filter({ hasText: 'Tên đăng nhập hoặc mật khẩu không đúng.' });
    await refusal.waitFor();
    expect(await refusal.textContent()).toContain('Chưa đăng nhập được');
    // The refused password is not kept in the field.
    expect(await page.getByLabel('Mật khẩu').inputValue()).toBe('');
    expect(new URL(page.url()).pathname).toBe('/dang-nhap');
    await j.check('02-wrong-password');

    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL(/\/nop-ho-so\/1\.001193$/);
    await page.getByRole('heading', { level: 1, name: 'Nộp hồ sơ trực tuyến' }).waitFor();
    await page.getByText(`Đã đăng nhập: ${CITIZEN.name}`).waitFor();
    // The submission starts (the wizard itself: citizen.submit.journey.test.ts).
    await page.getByRole('link', { name: 'Bắt đầu' }).waitFor();
    await j.check('03-signed-in');

    await page.getByRole('button', { name: 'Đăng xuất' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    await page.getByRole('navigation', { name: 'Điều hướng chính' }).getByRole('link', { name: 'Đăng nhập' }).waitFor();
    expect(await page.getByText(`Đã đăng nhập: ${CITIZEN.name}`).count()).toBe(0);
    // The session really ended on the server, not only in the page.
    const status = await page.evaluate(() => fetch('/api/v1/auth/me').then((r) => r.status));
    expect(status).toBe(401);
    await j.check('04-signed-out');

    // Signed out again, the submission page sends to sign-in again.
    await page.goto('/nop-ho-so/1.001193');
    await page.waitForURL(/\/dang-nhap\?returnTo=%2Fnop-ho-so%2F1\.001193$/);
  });

  it('a returnTo on another site is ignored: sign-in lands on the home page', async () => {
    const j = await portal.journey('06-sign-in-return-to');
    const page = j.page;
    await page.goto(`/dang-nhap?returnTo=${encodeURIComponent('//evil.example/phish')}`);
    await page.getByLabel('Số định danh cá nhân hoặc tên đăng nhập').fill(CITIZEN.username);
    await page.getByLabel('Mật khẩu').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.waitForURL((u) => u.pathname === '/');
    expect(new URL(page.url()).origin).toBe(portal.baseUrl);
    await page.getByText(`Đã đăng nhập: ${CITIZEN.name}`).waitFor();
    await j.check('01-home-signed-in');
  });
});

describe('citizen portal: public lookup', () => {
  it('a wrong check or an unknown code reveals nothing; the right check shows status, date and timeline', async () => {
    const dossier = await demoDossier();
    const wrongCheck = ['0000', '1111', '2222', '3333'].find((c) => !dossier.checks.includes(c))!;
    const publicView = (await (
      await fetch(
        `${portal.baseUrl}/api/v1/public/dossiers/${encodeURIComponent(dossier.code)}?check=${dossier.checks[0]}`,
      )
    ).json()) as { status: string; statusLabel: string; appointmentAt: string | null; timeline: unknown[] };

    const j = await portal.journey('07-public-lookup');
    const page = j.page;

    // From the header, the empty form; then the QR code's address, with the code filled in.
    await page.goto('/');
    await page.getByRole('link', { name: 'Tra cứu hồ sơ' }).click();
    await page.waitForURL(/\/tra-cuu$/);
    await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText('Nhập mã hồ sơ.').waitFor();
    await page.getByText('Nhập 4 chữ số.').waitFor();

    await page.goto(`/tra-cuu/${encodeURIComponent(dossier.code)}`);
    await page.getByRole('heading', { level: 1, name: 'Tra cứu hồ sơ' }).waitFor();
    const codeField = page.getByLabel('Mã hồ sơ');
    expect(await codeField.inputValue()).toBe(dossier.code);
    await j.check('01-lookup-form');

    const checkField = page.getByLabel('4 số cuối số điện thoại hoặc số định danh');
    await checkField.fill(wrongCheck);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    await page.getByText(NEUTRAL).waitFor();
    const wrongText = (await page.locator('main').textContent()) ?? '';
    expect(wrongText).not.toContain(dossier.applicantName);
    expect(wrongText).not.toContain(dossier.procedureName);
    expect(wrongText).not.toContain(publicView.statusLabel);
    expect(await page.getByTestId('lookup-status').count()).toBe(0);
    await j.check('02-wrong-check');

    // An unknown code answers word for word the same: nobody learns which of the two was wrong.
    const wrongAnswer = await page.locator('.lookup-result').textContent();
    await codeField.fill('000.00.00.H99-000000-9999');
    await checkField.fill(dossier.checks[0]!);
    const answered = page.waitForResponse((r) => r.url().includes('/api/v1/public/dossiers/000.00.00.H99-000000-9999'));
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    expect((await answered).status()).toBe(404);
    await page.getByText(NEUTRAL).waitFor();
    expect(await page.locator('.lookup-result').textContent()).toBe(wrongAnswer);

    await codeField.fill(dossier.code);
    await checkField.fill(dossier.checks[0]!);
    await page.getByRole('button', { name: 'Tra cứu' }).click();
    const status = page.getByTestId('lookup-status');
    await status.waitFor();
    // The server's Vietnamese label, as the portal's dictionary copies it.
    expect((await status.textContent())?.trim()).toBe(publicView.statusLabel);
    const appointment = (await page.getByTestId('lookup-appointment').textContent()) ?? '';
    if (publicView.status === 'in_progress') expect(publicView.appointmentAt).toBeTruthy();
    if (publicView.appointmentAt) expect(appointment).toContain(vnDateTime(publicView.appointmentAt));
    else expect(appointment).toContain('Chưa có');
    if (publicView.timeline.length > 0) {
      expect(await page.getByTestId('lookup-timeline').locator('li').count()).toBe(publicView.timeline.length);
    }
    const shown = (await page.locator('main').textContent()) ?? '';
    expect(shown).toContain(dossier.procedureName);
    expect(shown).not.toContain(dossier.applicantName);
    await j.check('03-lookup-result');
  });
});
