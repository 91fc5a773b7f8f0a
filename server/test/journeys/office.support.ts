/**
 * What the back-office journeys add to support.ts: each checked step runs axe-core (no serious or
 * critical violation) and is photographed at the office screen the issue names, 1366×768, to
 * server/test-results/screenshots/<journey>/<step>-1366.png; and the officials' sign-in page.
 */
import { mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import {
  type AxeViolation,
  assertCleanStep,
  axeViolations,
  screenshotRoot,
  settle,
  watchPageErrors,
} from './support.ts';

export const OFFICE = { width: 1366, height: 768 };

export interface OfficeJourney {
  page: Page;
  check(step: string): Promise<AxeViolation[]>;
  close(): Promise<void>;
}

export async function officeJourney(browser: Browser, baseURL: string, name: string): Promise<OfficeJourney> {
  const context = await browser.newContext({
    baseURL,
    viewport: OFFICE,
    locale: 'vi-VN',
    timezoneId: 'Asia/Ho_Chi_Minh',
  });
  const page = await context.newPage();
  const dir = path.join(screenshotRoot, name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const errors: string[] = [];
  watchPageErrors(page, errors);
  return {
    page,
    async check(step: string) {
      await settle(page);
      const violations = await axeViolations(page);
      await page.screenshot({ path: path.join(dir, `${step}-${OFFICE.width}.png`), fullPage: true });
      assertCleanStep(step, page, errors, violations);
      return violations;
    },
    async close() {
      await context.close().catch(() => {});
    },
  };
}

/** Signs in on the back office's sign-in page and waits to leave it. */
export async function officeSignIn(page: Page, username: string, password: string): Promise<void> {
  await page.getByLabel('Tên đăng nhập').fill(username);
  await page.getByLabel('Mật khẩu').fill(password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  await page.waitForURL((u) => !u.pathname.startsWith('/office/dang-nhap'));
}
