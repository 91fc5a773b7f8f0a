/**
 * Public statistics (GET /api/v1/public/statistics?year=) over dossiers driven through the API:
 * received in the year by their reception instant in Vietnam time (a dossier received at 00:30 on
 * 1 January counts in the new year although it is still 31 December in UTC), completed with the
 * early / on-time / late class the dossier engine gave them, ratings averaged; per receiving agency
 * and per procedure, named from the catalogue, with nothing personal; cached for a minute.
 * Also the register (Mẫu 07) as Excel, read back with exceljs.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  A,
  applicant,
  type DossierTestEnv,
  expectStatus,
  resultFileId,
  setUpDossierEnv,
  signIn,
} from './dossier.support.ts';
import { Client, createOfficial } from './fixtures/identity.ts';

let e: DossierTestEnv;
/** Every dossier this file creates, by name. */
const ids: Record<string, string> = {};
/** Every rating given: dossier id → the 201 body. */
const given = new Map<string, { score: number; ratedAt: string }>();
let otherDesk: Client;

const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const BIRTH = '1.001193';
const MARRIAGE = '1.000894';

async function step(c: Client, id: string, body: Record<string, unknown>) {
  return expectStatus(await c.post(`/api/v1/dossiers/${id}/actions`, body), 200);
}

/** Submitted online by `who` (with its one required scan) at `agency`; received by `desk` unless told not to. */
async function submitted(
  who: 'dan' | 'khac',
  procedureCode: string,
  options: { agency?: string; desk?: Client; receive?: boolean } = {},
) {
  const agency = options.agency ?? A.commune;
  const d = expectStatus(
    await e.c[who]!.post('/api/v1/dossiers', { procedureCode, agencyCode: agency, applicant }),
    201,
  );
  const up = await e.c[who]!.request('PUT', `/api/v1/dossiers/${d.id}/components/0?fileName=ban-scan.pdf`, scan, {
    headers: { 'content-type': 'application/pdf' },
  });
  expect(up.statusCode).toBe(201);
  if (options.receive === false) return d;
  const desk = options.desk ?? e.c['motcua.xa']!;
  const body: Record<string, unknown> = { kind: 'accept' };
  if (agency === A.commune) body['nextHandler'] = e.ids['chuyenvien.xa'];
  return step(desk, d.id, body);
}

/** Review and signature: the dossier is resolved (result ready) now. */
async function resolve(id: string) {
  await step(e.c['chuyenvien.xa']!, id, {
    kind: 'attach_result',
    resultFileIds: [await resultFileId(e.c['chuyenvien.xa']!, id)],
  });
  await step(e.c['chuyenvien.xa']!, id, { kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] });
  return step(e.c['lanhdao.xa']!, id, { kind: 'approve', nextHandler: e.ids['motcua.xa'] });
}

const handBack = (id: string) => step(e.c['motcua.xa']!, id, { kind: 'return_result' });

async function rate(who: 'dan' | 'khac', id: string, score: number, comment?: string) {
  const r = expectStatus(
    await e.c[who]!.post(`/api/v1/dossiers/${id}/rating`, { score, ...(comment ? { comment } : {}) }),
    201,
  );
  given.set(id, r);
  return r;
}

const statistics = (query = '') => e.t.app.inject({ method: 'GET', url: `/api/v1/public/statistics${query}` });

beforeAll(async () => {
  // Wednesday 31 December 2025, 23:00 in Vietnam.
  e = await setUpDossierEnv({
    start: '2025-12-31T16:00:00Z',
    officials: ['motcua.xa', 'chuyenvien.xa', 'lanhdao.xa', 'outsider'],
  });
  ids['lastOf2025'] = (await submitted('dan', BIRTH)).id;
  // 00:30 on New Year's Day in Vietnam is still 31 December in UTC.
  await e.at('2026-01-01 00:30');
  ids['firstOf2026'] = (await submitted('khac', BIRTH)).id;

  await e.at('2026-03-16 09:00');
  await createOfficial(e.t.app, {
    username: 'motcua.ck',
    agencyCode: A.otherCommune,
    roles: [{ role: 'one_stop_officer', agencyCode: A.otherCommune }],
  });
  otherDesk = await signIn(e.t, 'motcua.ck');
  ids['early'] = (await submitted('dan', BIRTH)).id;
  ids['onTime'] = (await submitted('khac', BIRTH)).id;
  ids['late'] = (await submitted('dan', BIRTH)).id;
  ids['inProgress'] = (await submitted('dan', MARRIAGE)).id;
  ids['notReceived'] = (await submitted('khac', BIRTH, { receive: false })).id;
  ids['otherCommune'] = (await submitted('dan', BIRTH, { agency: A.otherCommune, desk: otherDesk })).id;

  // Birth registration: 1 working day, received Monday 09:00 → due Tuesday 17:00.
  await e.at('2026-03-16 10:00');
  await resolve(ids['early']!);
  await handBack(ids['early']!);
  await rate('dan', ids['early']!, 5, 'Nhanh, chu đáo.');
}, 300_000);
afterAll(async () => {
  await e?.t.close();
});

/** The dossiers as the API shows them to their applicant. */
async function views(): Promise<any[]> {
  const out = [];
  for (const id of Object.values(ids)) {
    const owner = (await e.c.dan!.get(`/api/v1/dossiers/${id}`)).statusCode === 200 ? 'dan' : 'khac';
    out.push(expectStatus(await e.c[owner]!.get(`/api/v1/dossiers/${id}`), 200));
  }
  return out;
}

const vnYear = (iso: string | null) =>
  iso === null ? null : new Date(new Date(iso).getTime() + 7 * 3600_000).getUTCFullYear();

/** What the statistics of `year` must say, worked out from the dossiers' own views and the ratings given. */
function expected(all: any[], year: number) {
  type Acc = { received: number; completed: number; early: number; onTime: number; late: number; scores: number[] };
  const acc = (): Acc => ({ received: 0, completed: 0, early: 0, onTime: 0, late: 0, scores: [] });
  const total = acc();
  const agencies = new Map<string, Acc>();
  const procedures = new Map<string, Acc>();
  const get = (m: Map<string, Acc>, k: string) => m.get(k) ?? m.set(k, acc()).get(k)!;
  for (const d of all) {
    const targets = [total, get(agencies, d.receivingAgency), get(procedures, d.procedureCode)];
    const rating = given.get(d.id);
    for (const a of targets) {
      if (vnYear(d.receivedAt) === year) a.received++;
      if (vnYear(d.completedAt) === year) {
        a.completed++;
        if (d.timeliness === 'early') a.early++;
        if (d.timeliness === 'early' || d.timeliness === 'on_time') a.onTime++;
        if (d.timeliness === 'late') a.late++;
      }
      if (rating && vnYear(rating.ratedAt) === year) a.scores.push(rating.score);
    }
  }
  const figures = (a: Acc) => ({
    received: a.received,
    completed: a.completed,
    early: a.early,
    onTime: a.onTime,
    late: a.late,
    onTimeRate: a.completed === 0 ? null : Math.round((a.onTime / a.completed) * 10_000) / 10_000,
    ratings: a.scores.length,
    averageRating:
      a.scores.length === 0 ? null : Math.round((a.scores.reduce((x, y) => x + y, 0) / a.scores.length) * 100) / 100,
  });
  const keep = (m: Map<string, Acc>) =>
    new Map([...m].filter(([, a]) => a.received + a.completed + a.scores.length > 0).map(([k, a]) => [k, figures(a)]));
  return { totals: figures(total), agencies: keep(agencies), procedures: keep(procedures) };
}

const figuresOf = (x: any) => ({
  received: x.received,
  completed: x.completed,
  early: x.early,
  onTime: x.onTime,
  late: x.late,
  onTimeRate: x.onTimeRate,
  ratings: x.ratings,
  averageRating: x.averageRating,
});

function expectMatches(stats: any, want: ReturnType<typeof expected>) {
  expect(figuresOf(stats.totals)).toEqual(want.totals);
  expect(new Map(stats.agencies.map((a: any) => [a.code, figuresOf(a)]))).toEqual(want.agencies);
  expect(new Map(stats.procedures.map((p: any) => [p.code, figuresOf(p)]))).toEqual(want.procedures);
}

describe('public statistics', () => {
  it('count what the dossiers show, by reception and completion in Vietnam time, with the on-time classes', async () => {
    // The early one is done; two more are resolved on Tuesday 16:00 (on time) and Wednesday 09:00 (late).
    await e.at('2026-03-17 16:00');
    await resolve(ids['onTime']!);
    await handBack(ids['onTime']!);
    await e.at('2026-03-18 09:00');
    await resolve(ids['late']!);
    await handBack(ids['late']!);
    await rate('khac', ids['onTime']!, 2, 'Phải chờ lâu ở quầy.');

    const all = await views();
    const byName = Object.fromEntries(Object.entries(ids).map(([k, id]) => [k, all.find((d) => d.id === id)]));
    // The scenario is what it claims to be (the engine's own classification).
    expect(byName['early'].timeliness).toBe('early');
    expect(byName['onTime'].timeliness).toBe('on_time');
    expect(byName['late'].timeliness).toBe('late');
    expect(byName['inProgress'].completedAt).toBeNull();
    expect(byName['notReceived'].receivedAt).toBeNull();
    expect(vnYear(byName['lastOf2025'].receivedAt)).toBe(2025);
    expect(new Date(byName['firstOf2026'].receivedAt).getUTCFullYear()).toBe(2025);
    expect(vnYear(byName['firstOf2026'].receivedAt)).toBe(2026);

    const res = await statistics('?year=2026');
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('public, max-age=60');
    const stats = res.json();
    expect(stats.year).toBe(2026);
    expect(stats.generatedAt).toBe(e.clock.now().toISOString());
    const want = expected(all, 2026);
    expectMatches(stats, want);
    // Plainly: six received in 2026 (not the one never received, not the one of 31 December), three
    // resolved, two of them in time.
    expect(stats.totals.received).toBe(6);
    expect(stats.totals.completed).toBe(3);
    expect(stats.totals.onTimeRate).toBeCloseTo(2 / 3, 4);
    expect(stats.totals.averageRating).toBe((5 + 2) / 2);
    expect(stats.totals.ratingsByScore).toEqual([
      { score: 1, label: 'Rất không hài lòng', count: 0 },
      { score: 2, label: 'Không hài lòng', count: 1 },
      { score: 3, label: 'Bình thường', count: 0 },
      { score: 4, label: 'Hài lòng', count: 0 },
      { score: 5, label: 'Rất hài lòng', count: 1 },
    ]);

    // A year with only the dossier received late on 31 December.
    const last = expectStatus(await statistics('?year=2025'), 200);
    expectMatches(last, expected(all, 2025));
    expect(last.totals.received).toBe(1);
    expect(last.agencies.map((a: any) => a.code)).toEqual([A.commune]);
    // A year with nothing: zeros, null rates, empty lists.
    const none = expectStatus(await statistics('?year=2030'), 200);
    expect(none.totals).toMatchObject({ received: 0, completed: 0, onTimeRate: null, averageRating: null, ratings: 0 });
    expect(none.agencies).toEqual([]);
    expect(none.procedures).toEqual([]);
  });

  it('names agencies and procedures as the catalogue does, and says nothing about any person', async () => {
    const stats = expectStatus(await statistics('?year=2026'), 200);
    for (const a of stats.agencies) {
      const agency = expectStatus(
        await e.t.app.inject({ method: 'GET', url: `/api/v1/catalog/agencies/${encodeURIComponent(a.code)}` }),
        200,
      );
      expect(a.name).toBe(agency.name);
    }
    expect(stats.agencies.map((a: any) => a.code).sort()).toEqual([A.commune, A.otherCommune].sort());
    for (const p of stats.procedures) {
      const proc = expectStatus(
        await e.t.app.inject({ method: 'GET', url: `/api/v1/catalog/procedures/${p.code}` }),
        200,
      );
      expect(p.name).toBe(proc.name);
    }
    expect(stats.procedures.map((p: any) => p.code).sort()).toEqual([MARRIAGE, BIRTH].sort());
    // Ordered by dossiers received.
    const received = stats.agencies.map((a: any) => a.received);
    expect(received).toEqual([...received].sort((x: number, y: number) => y - x));

    const text = JSON.stringify(stats);
    const all = await views();
    for (const d of all) {
      expect(text).not.toContain(d.id);
      if (d.code) expect(text).not.toContain(d.code);
    }
    for (const secret of [applicant.name, applicant.idNumber, applicant.phone, 'Nhanh, chu đáo', 'Phải chờ lâu']) {
      expect(text).not.toContain(secret);
    }
    for (const id of Object.values(e.ids)) expect(text).not.toContain(id);
  });

  it('is public, refuses a bad year in Vietnamese, and defaults to the current year', async () => {
    const anonymous = await statistics();
    expect(anonymous.statusCode).toBe(200);
    expect(anonymous.json().year).toBe(2026);
    for (const q of ['?year=abc', '?year=1999', '?year=2026.5']) {
      const res = await statistics(q);
      expect(res.statusCode, q).toBe(400);
      expect(res.json().errors[0].field).toBe('/query/year');
      expect(res.json().title).toBe('Dữ liệu không hợp lệ');
    }
  });

  it('is cached for a minute: a new rating shows once the minute has passed', async () => {
    await e.at('2026-03-18 10:00');
    const before = expectStatus(await statistics('?year=2026'), 200);
    await rate('dan', ids['late']!, 3);
    const cached = expectStatus(await statistics('?year=2026'), 200);
    expect(cached).toEqual(before);
    await e.at('2026-03-18 10:02');
    const fresh = expectStatus(await statistics('?year=2026'), 200);
    expect(fresh.generatedAt).toBe(e.clock.now().toISOString());
    expect(fresh.totals.ratings).toBe(before.totals.ratings + 1);
    expectMatches(fresh, expected(await views(), 2026));
  });
});

describe('the register (Mẫu 07) as Excel', () => {
  const url = (agency: string, from: string, to: string, format?: string) =>
    `/api/v1/dossiers/register.pdf?agency=${encodeURIComponent(agency)}&from=${from}&to=${to}${format ? `&format=${format}` : ''}`;

  it('has the PDF register’s rows and columns: title, Vietnamese headers, dates, widths, frozen header', async () => {
    const res = await e.c['motcua.xa']!.get(url(A.commune, '2026-03-16', '2026-03-18', 'xlsx'));
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    expect(res.headers['content-disposition']).toBe(
      `attachment; filename="so-theo-doi-${A.commune}-2026-03-16-2026-03-18.xlsx"`,
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.name).toBe('Sổ theo dõi hồ sơ');
    expect(ws.getCell(1, 1).value).toBe('SỔ THEO DÕI HỒ SƠ');
    const agency = expectStatus(
      await e.t.app.inject({ method: 'GET', url: `/api/v1/catalog/agencies/${A.commune}` }),
      200,
    );
    expect(String(ws.getCell(2, 1).value)).toContain(agency.name);

    // The dossiers the desk received in the range, in order of reception (as the PDF lists them).
    const list = expectStatus(
      await e.c['motcua.xa']!.get(`/api/v1/dossiers?receivingAgency=${A.commune}&limit=200`),
      200,
    );
    const inRange = list.items
      .filter((d: any) => d.receivingAgency === A.commune && d.receivedAt !== null)
      .filter((d: any) => d.receivedAt >= '2026-03-15T17:00:00.000Z' && d.receivedAt < '2026-03-18T17:00:00.000Z')
      .sort((x: any, y: any) => x.receivedAt.localeCompare(y.receivedAt) || x.code.localeCompare(y.code));
    expect(inRange.length).toBeGreaterThanOrEqual(4);
    expect(String(ws.getCell(3, 1).value)).toBe(`Từ ngày 16/03/2026 đến ngày 18/03/2026 — ${inRange.length} hồ sơ`);

    const header = (ws.getRow(5).values as unknown[]).slice(1);
    expect(header).toEqual([
      'STT',
      'Mã hồ sơ',
      'Tên thủ tục hành chính',
      'Tên cá nhân, tổ chức',
      'Cơ quan chủ trì giải quyết',
      'Ngày, giờ nhận hồ sơ',
      'Ngày, giờ hẹn trả kết quả',
      'Tình trạng',
      'Trước/đúng/quá hạn',
      'Ký nhận',
    ]);
    expect(ws.getRow(5).font?.bold).toBe(true);
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 5 });
    for (let c = 1; c <= 10; c++) expect(ws.getColumn(c).width ?? 0).toBeGreaterThan(5);
    expect(ws.getColumn(3).width).toBeGreaterThan(ws.getColumn(1).width!);

    const labels: Record<string, string> = { early: 'Trước hạn', on_time: 'Đúng hạn', late: 'Quá hạn' };
    const wall = (iso: string | null) => (iso === null ? null : new Date(iso).getTime() + 7 * 3600_000);
    inRange.forEach((d: any, i: number) => {
      const row = ws.getRow(6 + i);
      expect(row.getCell(1).value).toBe(i + 1);
      expect(row.getCell(2).value).toBe(d.code);
      expect(row.getCell(3).value).toBe(d.procedureName);
      expect(row.getCell(4).value).toBe(d.applicantName);
      expect(row.getCell(4).value).toBe('Nguyễn Văn Dân');
      // Dates are Excel dates showing the Vietnam wall clock.
      expect((row.getCell(6).value as Date).getTime()).toBe(wall(d.receivedAt));
      expect(row.getCell(6).numFmt).toBe('dd/mm/yyyy hh:mm');
      if (d.appointmentAt === null) expect(row.getCell(7).value ?? null).toBeNull();
      else expect((row.getCell(7).value as Date).getTime()).toBe(wall(d.appointmentAt));
      expect(row.getCell(8).value).toBe(d.statusLabel);
      expect(row.getCell(9).value ?? '').toBe(d.timeliness ? labels[d.timeliness] : '');
    });
    // The handling agency's name, from the catalogue.
    expect(ws.getRow(6).getCell(5).value).toBe(agency.name);
    // The three resolved ones carry their class; the footer counts them.
    const classes = inRange.map((_: any, i: number) => ws.getRow(6 + i).getCell(9).value);
    for (const label of ['Trước hạn', 'Đúng hạn', 'Quá hạn']) expect(classes).toContain(label);
    const footer = String(ws.getCell(6 + inRange.length + 1, 1).value);
    expect(footer).toBe(`Tổng số: ${inRange.length} hồ sơ; đã giải quyết trước hạn 1, đúng hạn 1, quá hạn 1.`);
    // The dossiers received outside the range (31 December, 1 January) are not in it.
    const outside = list.items.filter((d: any) => [ids['lastOf2025'], ids['firstOf2026']].includes(d.id));
    expect(outside).toHaveLength(2);
    const cells: unknown[] = [];
    ws.eachRow((row) => row.eachCell((cell) => cells.push(cell.value)));
    for (const d of outside) expect(cells).not.toContain(d.code);
  });

  it('the same route without format (or format=pdf) is still the PDF; other formats 400; same access rules', async () => {
    for (const f of [undefined, 'pdf']) {
      const res = await e.c['motcua.xa']!.get(url(A.commune, '2026-03-16', '2026-03-18', f));
      expect(res.statusCode).toBe(200);
      expect(res.headers['content-type']).toBe('application/pdf');
    }
    expect((await e.c['motcua.xa']!.get(url(A.commune, '2026-03-16', '2026-03-18', 'docx'))).statusCode).toBe(400);
    for (const who of ['outsider', 'chuyenvien.xa', 'dan']) {
      expect((await e.c[who]!.get(url(A.commune, '2026-03-16', '2026-03-18', 'xlsx'))).statusCode, who).toBe(403);
    }
    expect((await new Client(e.t.app).get(url(A.commune, '2026-03-16', '2026-03-18', 'xlsx'))).statusCode).toBe(401);
  });

  it('an empty range gives a workbook with the title and headers and a zero total', async () => {
    const res = await e.c['motcua.xa']!.get(url(A.commune, '2026-04-01', '2026-04-30', 'xlsx'));
    expect(res.statusCode).toBe(200);
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(res.rawPayload as unknown as ExcelJS.Buffer);
    const ws = wb.worksheets[0]!;
    expect(ws.getCell(1, 1).value).toBe('SỔ THEO DÕI HỒ SƠ');
    expect(ws.getRow(5).getCell(2).value).toBe('Mã hồ sơ');
    expect(String(ws.getCell(7, 1).value)).toBe('Tổng số: 0 hồ sơ; đã giải quyết trước hạn 0, đúng hạn 0, quá hạn 0.');
  });
});
