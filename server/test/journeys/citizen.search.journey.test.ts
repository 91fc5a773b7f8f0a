/**
 * Citizen portal, part 1: find a procedure without login.
 *   1. "dang ky khai sinh" (no diacritics) from the home page → results → the birth registration
 *      page shows its documents, fees and the appointment date → "Nộp trực tuyến" → sign-in.
 *   2. A typo ("dang ki khia sinh") still finds it.
 *   3. Words the province has no procedure for fall back to the national index (external links).
 *   4. Browse by life event; switch to English and back (remembered across a reload).
 * Each step: axe-core (no serious/critical violation) and screenshots at 360 and 1280 px.
 */
import { existsSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, type Portal, startPortal } from './support.ts';

let portal: Portal;

// A Monday in Vietnam, 10:00: before the 15:00 cutoff of birth registration.
const NOW = new Date('2026-11-23T10:00:00+07:00');

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  portal = await startPortal();
}, 240_000);

afterAll(async () => {
  await portal?.close();
});

/** dd/mm/yyyy of an instant in Vietnam. */
function vnDate(iso: string): string {
  return new Intl.DateTimeFormat('vi-VN', {
    timeZone: 'Asia/Ho_Chi_Minh',
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
  }).format(new Date(iso));
}

describe('citizen portal: finding a procedure', () => {
  it('search without diacritics → procedure page with documents, fees, appointment → submit starts with sign-in', async () => {
    const j = await portal.journey('01-search-no-diacritics');
    const page = j.page;
    await page.clock.setFixedTime(NOW);

    await page.goto('/');
    await expect.poll(() => page.title()).toContain('Cổng Dịch vụ công');
    expect(await page.getAttribute('html', 'lang')).toBe('vi');
    await page.getByRole('heading', { level: 2, name: 'Thủ tục được dùng nhiều' }).waitFor();
    await page.getByRole('link', { name: 'Thủ tục đăng ký khai sinh' }).first().waitFor();
    await j.check('01-home');

    await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dang ky khai sinh');
    await page.getByRole('button', { name: 'Tìm kiếm' }).click();
    await page.waitForURL(/\/tim-kiem\?q=dang\+ky\+khai\+sinh$/);
    const results = page.locator('.result__title a');
    await results.first().waitFor();
    expect(await results.first().textContent()).toBe('Thủ tục đăng ký khai sinh');
    await expect.poll(() => page.locator('#results-summary').textContent()).toMatch(/Tìm thấy \d+ thủ tục/);
    // Focus moved to the new page's heading (client-side navigation).
    expect(await page.evaluate(() => (globalThis as any).document.activeElement?.tagName)).toBe('H1');
    await j.check('02-results');

    await results.first().click();
    await page.waitForURL(/\/thu-tuc\/1\.001193$/);
    await page.getByRole('heading', { level: 1, name: 'Thủ tục đăng ký khai sinh' }).waitFor();
    const docs = page.locator('#giay-to ~ .doc-group');
    await expect.poll(() => docs.allTextContents().then((t) => t.join(' '))).toContain('Giấy chứng sinh');
    const fees = await page.locator('#phi-thoi-han + .summary').textContent();
    expect(fees).toContain('Miễn phí');
    expect(fees).toContain('Trực tuyến');
    // Unverified points are said, not hidden.
    expect(await page.getByText('Thông tin chưa được kiểm tra').count()).toBeGreaterThan(0);

    const appointment = page.getByTestId('appointment-date');
    await appointment.waitFor();
    const official = await fetch(`${portal.baseUrl}/api/v1/procedures/1.001193/appointment`);
    let expected: string;
    if (official.status === 200) {
      const body = (await official.json()) as { dueAt?: string; appointmentAt?: string };
      expected = vnDate((body.dueAt ?? body.appointmentAt)!);
    } else {
      // "1" without a unit, read as 1 working day, with the 15:00 cutoff (the page says so).
      const r = await fetch(
        `${portal.baseUrl}/api/v1/catalog/calendar/due-date?from=${encodeURIComponent(NOW.toISOString())}&workingDays=1&cutoff=15:00`,
      );
      expected = vnDate(((await r.json()) as { dueAt: string }).dueAt);
      expect(await page.locator('.panel').textContent()).toContain('Ước tính');
    }
    expect(await appointment.textContent()).toContain(expected);
    await j.check('03-procedure');

    await page.getByRole('link', { name: 'Nộp trực tuyến' }).first().click();
    // Signed out, submitting starts with sign-in, which comes back here (citizen.lookup journey).
    await page.waitForURL(/\/dang-nhap\?returnTo=%2Fnop-ho-so%2F1\.001193$/);
    await page.getByRole('heading', { level: 1, name: 'Đăng nhập' }).waitFor();
    await j.check('04-submit-sign-in');
  });

  it('a typo still finds the procedure', async () => {
    const j = await portal.journey('02-search-typo');
    const page = j.page;
    await page.goto('/');
    await page.getByLabel('Bạn cần làm thủ tục gì?').fill('dang ki khia sinh');
    await page.getByLabel('Bạn cần làm thủ tục gì?').press('Enter');
    await page.waitForURL(/\/tim-kiem\?q=/);
    const first = page.locator('.result__title a').first();
    await first.waitFor();
    expect(await first.textContent()).toBe('Thủ tục đăng ký khai sinh');
    await j.check('01-results');
  });

  it('nothing in the province → the national index, marked as external links', async () => {
    const j = await portal.journey('03-national-index');
    const page = j.page;
    await page.goto('/tim-kiem?q=ho%20chieu');
    await page.getByText('Không tìm thấy thủ tục nào của tỉnh cho «ho chieu».').waitFor();
    await page.getByRole('heading', { level: 2, name: 'Trong danh mục thủ tục quốc gia' }).waitFor();
    const link = page.locator('.result__title a').first();
    await link.waitFor();
    expect(await link.textContent()).toMatch(/hộ chiếu/i);
    expect(await link.getAttribute('href')).toMatch(/^https:\/\/dichvucong\.gov\.vn\//);
    expect(await link.getAttribute('target')).toBe('_blank');
    expect(await link.getAttribute('rel')).toContain('noopener');
    // Said in words for screen readers, not only with the icon.
    expect(await link.textContent()).toContain('trang ngoài');
    await j.check('01-national-results');

    // An empty search explains what to type instead of showing nothing.
    await page.goto('/tim-kiem?q=');
    await page.getByText('Hãy nhập tên thủ tục hoặc việc bạn cần làm.').waitFor();
    expect(await page.getByLabel('Bạn cần làm thủ tục gì?').getAttribute('aria-invalid')).toBe('true');
    await j.check('02-empty-query');
  });

  it('browse by life event; English switch is remembered', async () => {
    const j = await portal.journey('04-life-event-english');
    const page = j.page;
    await page.goto('/');
    await page.getByRole('link', { name: 'Khi sinh con' }).click();
    await page.waitForURL(/su-kien=sinh-con/);
    await page.getByRole('heading', { level: 1, name: 'Khi sinh con' }).waitFor();
    // The heading shows before the results arrive: wait for the list itself.
    await page.locator('.result__title a', { hasText: 'Thủ tục đăng ký khai sinh' }).first().waitFor();
    const names = await page.locator('.result__title a').allTextContents();
    expect(names).toContain('Thủ tục đăng ký khai sinh');
    expect(names).not.toContain('Thủ tục đăng ký khai tử');
    await j.check('01-life-event');

    await page.getByRole('button', { name: /English/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Having a baby' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('en');
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Having a baby' }).waitFor();
    await j.check('02-english');

    await page.goto('/thu-tuc/1.001193');
    await page.getByRole('heading', { level: 2, name: 'Documents you need' }).waitFor();
    await j.check('03-procedure-english');
    await page.getByRole('button', { name: /Tiếng Việt/ }).click();
    await page.getByRole('heading', { level: 2, name: 'Giấy tờ cần chuẩn bị' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('vi');

    // An unknown address shows the not-found page inside the portal.
    await page.goto('/khong-co-trang-nay');
    await page.getByRole('heading', { level: 1, name: 'Không tìm thấy trang' }).waitFor();
    await j.check('04-not-found');
  });
});
