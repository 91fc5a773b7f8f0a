/**
 * What the back-office journeys add to support.ts: each checked step runs axe-core (no serious or
 * critical violation) and is photographed at the office screen the issue names, 1366×768, to
 * server/test-results/screenshots/<journey>/<step>-1366.png; the officials' sign-in page; and the
 * journeys' common start (startOffice).
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { createOfficial } from '../fixtures/identity.ts';
import {
  type AxeViolation,
  assertCleanStep,
  axeViolations,
  CHROMIUM,
  type Portal,
  type PortalOptions,
  screenshotRoot,
  settle,
  startPortal,
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

/** An account created through the administration API, to sign in through the page (PASSWORD). */
export type OfficeAccount = Parameters<typeof createOfficial>[1];

/** A province administrator (no dossier role) working at `agencyCode`. */
export function provinceAdmin(username: string, agencyCode: string): OfficeAccount {
  return { username, agencyCode, roles: [{ role: 'province_admin', agencyCode: null }] };
}

/** The portal of a back-office journey: the office browsers it opens are closed with it. */
export interface OfficePortal extends Portal {
  /** A new office browser context (officeJourney) named `name`. */
  office(name: string): Promise<OfficeJourney>;
}

/**
 * The back-office journeys' common start: fails at once when Chromium is missing, starts the
 * portal (server, web app, demo province, Chromium; `env` as for startPortal) and creates
 * `accounts`. Officials a journey drives through the API are added with officialAt.
 */
export async function startOffice(
  env: Record<string, string>,
  accounts: OfficeAccount[] = [],
  options: PortalOptions = {},
): Promise<OfficePortal> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  const portal = await startPortal(env, options);
  try {
    for (const account of accounts) await createOfficial(portal.app, account);
  } catch (err) {
    await portal.close();
    throw err;
  }
  const journeys: OfficeJourney[] = [];
  return {
    ...portal,
    async office(name: string) {
      const j = await officeJourney(portal.browser, portal.baseUrl, name);
      journeys.push(j);
      return j;
    },
    async close() {
      for (const j of journeys) await j.close();
      await portal.close();
    },
  };
}
