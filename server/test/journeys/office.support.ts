/**
 * What the back-office journeys add to support.ts: each checked step runs axe-core (no serious or
 * critical violation) and is photographed at the office screen the issue names, 1366×768, to
 * server/test-results/screenshots/<journey>/<step>-1366.png; and the officials' sign-in page.
 */
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { type AxeViolation, repoRoot } from './support.ts';

export const OFFICE = { width: 1366, height: 768 };

let axeCode: string | undefined;

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
  const dir = path.join(repoRoot, 'server', 'test-results', 'screenshots', name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const errors: string[] = [];
  page.on('pageerror', (err) => errors.push(`uncaught: ${err.message}`));
  page.on('console', (msg) => {
    if (msg.type() === 'error' && /Content Security Policy/i.test(msg.text())) errors.push(msg.text());
  });
  return {
    page,
    async check(step: string) {
      await page.waitForLoadState('networkidle');
      await page
        .locator('.loading')
        .first()
        .waitFor({ state: 'detached', timeout: 10_000 })
        .catch(() => {});
      const loaded = await page.evaluate(() => typeof (globalThis as { axe?: unknown }).axe !== 'undefined');
      axeCode ??= readFileSync(path.join(repoRoot, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
      // Through the DevTools protocol: the page keeps its CSP (script-src 'self').
      if (!loaded) await page.evaluate(axeCode);
      const violations = await page.evaluate(async () => {
        const g = globalThis as unknown as {
          axe: { run(ctx: unknown, opts: unknown): Promise<{ violations: AxeViolation[] }> };
          document: unknown;
        };
        const result = await g.axe.run(g.document, {
          runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
          resultTypes: ['violations'],
        });
        return result.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => ({ target: n.target, failureSummary: n.failureSummary })),
        }));
      });
      await page.screenshot({ path: path.join(dir, `${step}-${OFFICE.width}.png`), fullPage: true });
      if (errors.length > 0) throw new Error(`page errors at step ${step}:\n${errors.join('\n')}`);
      const serious = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      if (serious.length > 0) {
        const text = serious
          .map((v) => `${v.impact} ${v.id}: ${v.help}\n${v.nodes.map((n) => `    ${n.target.join(' ')}`).join('\n')}`)
          .join('\n');
        throw new Error(`axe-core at step ${step} (${page.url()}):\n${text}`);
      }
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
