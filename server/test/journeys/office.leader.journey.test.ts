/**
 * Back office (issue 7), journey 3, in Chromium at 1366×768 with axe-core on every step: a
 * construction permit received at the city's centre sixty days ago is still open at the Department
 * of Construction; the deadline job escalates it to the department's leaders (dossier.jobs.ts, Nghị định 118/2025/NĐ-CP);
 * the leader finds it in the dashboard's overdue list (by handler, and the list behind it) and
 * in the escalations page. Then the desk returns two ready results at once from the
 * "ready to return" queue: one was handed back meanwhile by a colleague and fails, with the reason,
 * while the other goes through.
 *
 * Time: the server runs on a ManualClock that starts sixty days back (the dossiers are received and
 * worked on then, through the API) and is set to the real present before anyone uses a browser,
 * so sessions and cookies live in the browser's own time; the deadline job then runs as the job
 * runner would.
 */
import { existsSync } from 'node:fs';
import type { FastifyInstance } from 'fastify';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoFormData } from '../../src/modules/dossier/index.ts';
import { demoOfficialName, demoOfficialUsername } from '../../src/modules/identity/index.ts';
import { ManualClock } from '../../src/platform/clock/index.ts';
import { resultFileId } from '../dossier.support.ts';
import { Client, createOfficial, PASSWORD } from '../fixtures/identity.ts';
import { type OfficeJourney, officeJourney, officeSignIn } from './office.support.ts';
import { actOn, CHROMIUM, type Portal, startPortal } from './support.ts';

const CENTRE = '000.01.01.H99';
const CONSTRUCTION = '000.00.07.H99';
const PERMIT = '1.013236';
const DAY = 86_400_000;
/** The machine runs other suites too: the page may take a few seconds to answer. */
const POLL = { timeout: 15_000 };

const clock = new ManualClock(new Date(Date.now() - 60 * DAY));
let portal: Portal;
let app: FastifyInstance;
let browser: Browser;
let baseUrl: string;
const journeys: OfficeJourney[] = [];
const c: Record<string, Client> = {};
const ids: Record<string, string> = {};
let ip = 1;

async function signIn(username: string): Promise<void> {
  const client = new Client(app, `10.9.3.${ip++}`);
  const res = await client.login(username, PASSWORD);
  if (res.statusCode !== 200) throw new Error(`login ${username}: ${res.statusCode} ${res.body}`);
  c[username] = client;
}

async function official(username: string, agencyCode: string, role: string): Promise<void> {
  ids[username] = await createOfficial(app, { username, agencyCode, roles: [{ role, agencyCode }] });
  await signIn(username);
}

/** A construction permit received at the city's centre (Mẫu 01), for the Department of Construction. */
async function received(name: string, idNumber: string): Promise<{ id: string; code: string }> {
  const applicant = { name, idNumber, phone: '0912000111' };
  const res = await c['motcua.trungtam']!.post('/api/v1/dossiers', {
    procedureCode: PERMIT,
    agencyCode: CENTRE,
    applicant,
    formData: demoFormData(PERMIT, applicant) ?? {},
    receive: true,
  });
  if (res.statusCode !== 201) throw new Error(`receive: ${res.statusCode} ${res.body}`);
  return res.json() as { id: string; code: string };
}

/** Result attached, signed by the leader: ready at the desk. */
async function resolved(id: string): Promise<void> {
  const sv = c['chuyenvien.sxd']!;
  await actOn(sv, id, { kind: 'forward', to: 'conclude', nextHandler: ids['chuyenvien.sxd'] });
  await actOn(sv, id, { kind: 'attach_result', resultFileIds: [await resultFileId(sv, id)] });
  await actOn(sv, id, { kind: 'forward', to: 'sign', nextHandler: ids['lanhdao.sxd'] });
  const r = await actOn(c['lanhdao.sxd']!, id, { kind: 'approve', nextHandler: ids['motcua.trungtam'] });
  expect(r.status).toBe('result_ready');
}

const late: { id: string; code: string }[] = [];
const ready: { id: string; code: string }[] = [];

beforeAll(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install chromium (or set TINHSO_CHROMIUM)`);
  }
  portal = await startPortal({ MFA_REQUIRED_ROLES: 'province_admin' }, { clock });
  ({ app, browser, baseUrl } = portal);

  await official('motcua.trungtam', CENTRE, 'one_stop_officer');
  await official('chuyenvien.sxd', CONSTRUCTION, 'specialist');
  await official('lanhdao.sxd', CONSTRUCTION, 'leader');
  // Sixty days back: one dossier left with the specialist, two resolved and waiting at the desk.
  late.push(await received('Trần Văn Bình', '092090005551'));
  for (const [name, idNumber] of [
    ['Lê Thị Cúc', '092090005552'],
    ['Phạm Văn Dũng', '092090005553'],
  ] as const) {
    const d = await received(name, idNumber);
    await resolved(d.id);
    ready.push(d);
  }
  // Now: the due instants have passed; the job runner runs the deadline jobs that are due.
  clock.set(new Date());
  for (let i = 0; i < 50; i++) if ((await app.tinhso.jobs.runOnce()) === 0) break;
  // The sessions of sixty days ago have expired: the desk signs in again.
  await signIn('motcua.trungtam');
}, 300_000);

afterAll(async () => {
  for (const j of journeys) await j.close();
  await portal?.close();
});

describe('back office: the leader sees overdue dossiers; the desk returns results in bulk', () => {
  it('3. an overdue dossier is in the leader’s dashboard and the escalation reached the leader', async () => {
    const j = await officeJourney(browser, baseUrl, 'office-3-leader');
    journeys.push(j);
    const { page } = j;
    await page.goto('/office/bang-theo-doi');
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'lanhdao.sxd', PASSWORD);
    await page.getByRole('heading', { level: 1, name: /^Bảng theo dõi/ }).waitFor();
    const menu = page.getByRole('navigation', { name: 'Chức năng' });
    await menu.getByRole('link', { name: 'Bảng theo dõi' }).waitFor();

    // The overdue card counts it (with the demo's own late dossiers), and so does the list by handler.
    const cards = page.getByRole('list', { name: 'Số liệu chính' });
    const overdue = cards.getByRole('link', { name: /quá hạn hiện nay/ });
    await overdue.waitFor();
    await expect.poll(async () => Number((await overdue.textContent())?.split(' ')[0]), POLL).toBeGreaterThanOrEqual(1);
    const byHandler = page.getByRole('region', { name: 'Quá hạn theo người xử lý' });
    const row = byHandler.getByRole('row').filter({ hasText: 'Chưa phân công' });
    const byStep = page.getByRole('region', { name: 'Quá hạn theo bước xử lý' });
    await expect.poll(() => byStep.getByRole('row').count(), POLL).toBeGreaterThanOrEqual(2);
    await j.check('01-dashboard');

    // Nobody holds it yet (it waits in the department's queue): the list of the overdue dossiers
    // nobody holds shows it, and exactly as many as the dashboard counted.
    const unassigned = Number(await row.getByRole('cell').first().textContent());
    await row.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: /^Hồ sơ quá hạn của Chưa phân công/ }).waitFor();
    await page.getByRole('link', { name: late[0]!.code }).waitFor();
    expect(await page.getByRole('link', { name: ready[0]!.code }).count()).toBe(0);
    await expect.poll(() => page.getByRole('table').getByRole('row').count(), POLL).toBe(unassigned + 1);
    await j.check('02-handler-overdue');

    // A handler's group (the demo's specialist) opens the dossiers the API's list returns: as many
    // as the dashboard counted, every one overdue.
    await page.goBack();
    // The demo seed assigns to real demo accounts (identity.demo.ts: one per role and agency).
    const demoSpecialist = demoOfficialName(demoOfficialUsername('specialist', CONSTRUCTION)!);
    const specialist = byHandler.getByRole('row').filter({ hasText: demoSpecialist });
    const counted = Number(await specialist.getByRole('cell').first().textContent());
    expect(counted).toBeGreaterThanOrEqual(1);
    await specialist.getByRole('link').click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Hồ sơ quá hạn của ${demoSpecialist}`) }).waitFor();
    const rows = page.getByRole('table').getByRole('row');
    await expect.poll(() => rows.count(), POLL).toBe(counted + 1);
    expect(await page.getByRole('table').getByText('Quá hạn', { exact: true }).count()).toBe(counted);
    await j.check('02b-handler-list');

    // The escalation reached the leader: the dossier, its due instant, its handler, still open.
    await menu.getByRole('link', { name: 'Hồ sơ quá hạn báo lên' }).click();
    await page.getByRole('heading', { level: 1, name: /^Hồ sơ quá hạn báo lãnh đạo/ }).waitFor();
    const esc = page.getByRole('row').filter({ has: page.getByRole('link', { name: late[0]!.code }) });
    await esc.waitFor();
    await expect.poll(() => esc.textContent(), POLL).toContain('Còn quá hạn');
    // Resolved before their due instant, the other two were never escalated.
    expect(await page.getByRole('link', { name: ready[0]!.code }).count()).toBe(0);
    await j.check('03-escalations');
    await esc.getByRole('link', { name: late[0]!.code }).click();
    await page.getByRole('heading', { level: 1, name: new RegExp(`^Hồ sơ ${late[0]!.code}`) }).waitFor();
    await j.check('04-dossier');
  }, 180_000);

  it('3b. the desk returns two results at once; one returned meanwhile fails with the reason', async () => {
    const j = await officeJourney(browser, baseUrl, 'office-3-desk');
    journeys.push(j);
    const { page } = j;
    await page.goto('/office/hang-doi/ready_to_return');
    await page.waitForURL(/\/office\/dang-nhap/);
    await officeSignIn(page, 'motcua.trungtam', PASSWORD);
    await page.getByRole('heading', { level: 1 }).waitFor();
    for (const d of ready) await page.getByRole('link', { name: d.code }).waitFor();
    // Keyboard: each row's checkbox takes the focus and Space ticks it.
    for (const d of ready) {
      await page.getByRole('checkbox', { name: `Chọn hồ sơ ${d.code}` }).focus();
      await page.keyboard.press('Space');
    }
    await expect.poll(() => page.getByText('Đã chọn 2 hồ sơ').count(), POLL).toBe(1);
    await j.check('05-ready-selected');

    // A colleague hands the second result back at the counter meanwhile.
    await actOn(c['motcua.trungtam']!, ready[1]!.id, { kind: 'return_result' });
    await page.getByRole('button', { name: 'Trả kết quả', exact: true }).click();
    const summary = page.getByRole('heading', { name: 'Đã thực hiện 1/2 hồ sơ' });
    await summary.waitFor();
    const results = summary.locator('xpath=..');
    const ok = results.getByRole('listitem').filter({ hasText: ready[0]!.code });
    const failed = results.getByRole('listitem').filter({ hasText: ready[1]!.code });
    await expect.poll(() => ok.textContent(), POLL).toMatch(/^Xong/);
    await expect.poll(() => failed.textContent(), POLL).toMatch(/^Không thực hiện được/);
    await j.check('06-bulk-returned');
    for (const d of ready) {
      const got = await c['motcua.trungtam']!.get(`/api/v1/dossiers/${d.id}`);
      expect((got.json() as { status: string }).status).toBe('returned');
    }
  }, 180_000);
});
