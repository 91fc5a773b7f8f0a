import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { weekdayOf } from './calendar.date.ts';
import {
  checkScheduleAgainstRules,
  parseDayOffScheduleCsv,
  parseHolidayRulesCsv,
  planDaysOff,
  statutoryDaysOff,
  VN_HOLIDAY_RULES,
} from './calendar.holidays.ts';
import { lunarYearName } from './calendar.lunar.ts';

const dataDir = fileURLToPath(new URL('../../../../reference-data/calendar/', import.meta.url));
const scheduleCsv = readFileSync(`${dataDir}vn_official_dayoff_schedule_2024_2027.csv`, 'utf8');
const rulesCsv = readFileSync(`${dataDir}vn_public_holiday_rules_blld2019_art112.csv`, 'utf8');

const dates = (year: number, policy = {}) =>
  statutoryDaysOff(year, policy).map((d) => (d.kind === 'compensatory' ? `${d.date}*` : d.date));

describe('rules', () => {
  it('the built-in rules are those of the shared rules file', () => {
    const { rules, issues } = parseHolidayRulesCsv(rulesCsv);
    expect(issues).toEqual([]);
    const shape = (r: (typeof rules)[number]) => [r.id, r.calendar, r.month, r.day, r.days, r.placement, r.status];
    expect(rules.map(shape)).toEqual(VN_HOLIDAY_RULES.map(shape));
  });

  it('derives 2024–2027 (compensatory days marked *)', () => {
    expect(dates(2024)).toEqual([
      '2024-01-01',
      ...['2024-02-08', '2024-02-09', '2024-02-10', '2024-02-11', '2024-02-12', '2024-02-13*', '2024-02-14*'],
      '2024-04-18',
      '2024-04-30',
      '2024-05-01',
      '2024-09-02',
      '2024-09-03',
    ]);
    expect(dates(2025)).toEqual([
      '2025-01-01',
      ...['2025-01-27', '2025-01-28', '2025-01-29', '2025-01-30', '2025-01-31'],
      '2025-04-07',
      '2025-04-30',
      '2025-05-01',
      '2025-09-01',
      '2025-09-02',
    ]);
    // Giỗ Tổ 2026 falls on Sunday 26/4: Art. 111(3) gives Monday 27/4 off.
    expect(dates(2026)).toEqual([
      '2026-01-01',
      ...['2026-02-16', '2026-02-17', '2026-02-18', '2026-02-19', '2026-02-20'],
      '2026-04-26',
      '2026-04-27*',
      '2026-04-30',
      '2026-05-01',
      '2026-09-02',
      '2026-09-03',
    ]);
    expect(dates(2027)).toEqual([
      '2027-01-01',
      ...['2027-02-04', '2027-02-05', '2027-02-06', '2027-02-07', '2027-02-08', '2027-02-09*', '2027-02-10*'],
      '2027-04-16',
      '2027-04-30',
      '2027-05-01',
      '2027-05-03*',
      '2027-09-02',
      '2027-09-03',
    ]);
  });

  it('Tết placement follows the policy (Art. 112(3): the Government decides)', () => {
    const tet = (policy: object) =>
      statutoryDaysOff(2027, policy)
        .filter((d) => d.ruleId === 'tet_am_lich')
        .map((d) => d.date);
    expect(tet({ byYear: { 2027: { tetDaysBefore: 1 } } })).toEqual([
      '2027-02-05',
      '2027-02-06',
      '2027-02-07',
      '2027-02-08',
      '2027-02-09',
      '2027-02-10',
      '2027-02-11',
    ]);
    expect(() => statutoryDaysOff(2027, { tetDaysBefore: 6 })).toThrow(RangeError);
  });

  it('Quốc khánh adjacent day: auto matches the schedules of 2021–2025', () => {
    const qk = (year: number, policy = {}) =>
      statutoryDaysOff(year, policy)
        .filter((d) => d.ruleId === 'quoc_khanh')
        .map((d) => d.date);
    expect(qk(2021)).toEqual(['2021-09-02', '2021-09-03']); // Thu → Fri
    expect(qk(2022)).toEqual(['2022-09-01', '2022-09-02']); // Fri → Thu before
    expect(qk(2023)).toEqual(['2023-09-01', '2023-09-02', '2023-09-04']); // Sat 2/9 → Fri + nghỉ bù Mon
    expect(qk(2024)).toEqual(['2024-09-02', '2024-09-03']);
    expect(qk(2025)).toEqual(['2025-09-01', '2025-09-02']);
    expect(qk(2026, { nationalDayAdjacent: 'before' })).toEqual(['2026-09-01', '2026-09-02']);
    expect(qk(2020)).toEqual(['2020-09-02']); // before BLLĐ 2019: one day
  });

  it('pending Ngày Văn hóa Việt Nam (24/11) is off only when enabled', () => {
    const has = (year: number, policy = {}) => statutoryDaysOff(year, policy).some((d) => d.date === `${year}-11-24`);
    expect(has(2026)).toBe(false);
    expect(has(2026, { includePending: true })).toBe(true);
    expect(has(2026, { includePending: ['ngay_van_hoa_viet_nam'] })).toBe(true);
    expect(has(2025, { includePending: true })).toBe(false);
    expect(statutoryDaysOff(2026, { includePending: true }).find((d) => d.date === '2026-11-24')?.pending).toBe(true);
  });

  it('compensation can be switched off and weekly rest days changed', () => {
    expect(dates(2026, { compensate: false })).not.toContain('2026-04-27*');
    // A Sunday-only weekly rest: Saturday 2027-05-01 is no longer compensated.
    expect(dates(2027, { weeklyRestDays: [0] })).not.toContain('2027-05-03*');
  });
});

describe('day-off schedule CSV', () => {
  const rows = parseDayOffScheduleCsv(scheduleCsv);

  it('parses every row and keeps its status', () => {
    expect(rows).toHaveLength(21);
    expect(rows.map((r) => r.status)).not.toContain('unknown');
    expect(rows.filter((r) => r.status === 'confirmed')).toHaveLength(13);
    expect(rows.find((r) => r.line === 17)?.status).toBe('policy_pending_law');
    expect(rows.every((r) => r.ruleIds.length > 0)).toBe(true);
  });

  it('reads breaks, swaps and make-up days', () => {
    const may2024 = rows.find((r) => r.year === 2024 && r.occasion.startsWith('30/4'))!;
    expect(may2024).toMatchObject({
      offFrom: '2024-04-27',
      offTo: '2024-05-01',
      holidays: ['2024-04-30', '2024-05-01'],
      swappedDaysOff: ['2024-04-29'],
      makeUpWorkingDays: ['2024-05-04'],
      needsVerification: false,
      issues: [],
    });
    const gioTo2026 = rows.find((r) => r.year === 2026 && r.occasion === 'Giỗ Tổ Hùng Vương')!;
    expect(gioTo2026.holidays).toEqual(['2026-04-26']);
    expect(gioTo2026.compensatoryDays).toEqual(['2026-04-27']);
    const tet2024 = rows.find((r) => r.year === 2024 && r.occasion.startsWith('Tết Âm lịch'))!;
    expect(tet2024.lunarNewYear).toBe('2024-02-10');
    expect(rows.find((r) => r.year === 2026 && r.occasion.startsWith('Tết Dương'))?.makeUpWorkingDays).toEqual([
      '2026-01-10',
    ]);
  });

  it('flags what it cannot parse instead of guessing', () => {
    const flagged = rows.filter((r) => r.issues.length > 0).map((r) => r.line);
    expect(flagged).toEqual([8, 16, 19, 22]);
    const tet2025 = rows.find((r) => r.line === 8)!;
    expect(tet2025.status).toBe('partly_verified');
    expect(tet2025.needsVerification).toBe(true);
    expect(tet2025.holidays).toEqual([]);
    expect(tet2025.makeUpWorkingDays).toEqual([]);
    expect(tet2025.unverifiedSwaps).toEqual([{ dayOff: '2025-01-27', workedOn: '2025-02-08' }]);
    const qk2026 = rows.find((r) => r.line === 16)!;
    expect(qk2026).toMatchObject({ offFrom: null, offTo: null, holidays: [], needsVerification: true });
    const tet2027 = rows.find((r) => r.line === 19)!;
    expect(tet2027.holidays).toEqual([]); // '5 days e.g. 2027-02-05..02-09' is not taken as dates
    expect(tet2027.lunarNewYear).toBe('2027-02-06');
  });

  it('stated weekday names agree with the dates; lunar years are named right', () => {
    expect(rows.flatMap((r) => r.issues).filter((i) => i.includes(' is not a '))).toEqual([]);
    for (const r of rows.filter((row) => row.occasion.startsWith('Tết Âm lịch '))) {
      expect(r.occasion).toBe(`Tết Âm lịch ${lunarYearName(r.year)}`);
    }
  });

  it('reports malformed input', () => {
    const csv = [
      'year,dip,nghi_tu,nghi_den,ngay_le_chinh_thuc,lam_bu_hoan_doi,trang_thai,nguon',
      '2026,Giỗ Tổ Hùng Vương,2026-04-25,2026-04-27,"2026-04-26 (Mon)",,confirmed,x',
      '2026,Lễ lạ,2026-13-01,2026-04-27,soon,"worked Sun 2026-05-09",maybe,x',
      '2026,Quốc khánh,2026-09-05,2026-09-01,,,confirmed,"a, b"',
    ].join('\r\n');
    const [a, b, c] = parseDayOffScheduleCsv(csv);
    expect(a!.issues).toEqual(['2026-04-26 is not a Mon']);
    expect(b!.status).toBe('unknown');
    expect(b!.ruleIds).toEqual([]);
    expect(b!.issues).toEqual([
      'unknown occasion "Lễ lạ"',
      'unknown status "maybe"',
      'nghi_tu: not a date "2026-13-01"',
      'ngay_le_chinh_thuc: cannot parse "soon"',
      '2026-05-09 is not a Sun',
    ]);
    expect(c!.issues).toEqual(['nghi_tu 2026-09-05 is after nghi_den 2026-09-01']);
    expect(c!.source).toBe('a, b');
    expect(() => parseDayOffScheduleCsv('year,dip\n2026,x')).toThrow(/missing column/);
  });
});

describe('derived rules versus the announced schedule', () => {
  const rows = parseDayOffScheduleCsv(scheduleCsv);
  const findings = checkScheduleAgainstRules(rows);
  const compact = findings.map(
    (f) =>
      `${f.year} ${f.occasion}: ${f.kind}${f.date ? ` ${f.date}` : ''}${f.explainedBy ? ` (${f.explainedBy})` : ''}`,
  );

  it('every weekday of every confirmed break is explained by the rules or by a listed swap', () => {
    const confirmedLines = new Set(rows.filter((r) => r.status === 'confirmed').map((r) => r.line));
    const unexplained = findings.filter((f) => confirmedLines.has(f.line) && !f.explainedBy);
    expect(unexplained).toEqual([]);
  });

  it('lists the disagreements (kept here so a change in rules or data shows up)', () => {
    expect(compact).toEqual([
      '2024 30/4 - 1/5: announced_only 2024-04-29 (swap)',
      '2025 Tết Âm lịch Ất Tỵ: unverified_swap 2025-01-27',
      '2025 30/4 - 1/5: announced_only 2025-05-02 (swap)',
      '2026 Tết Dương lịch: announced_only 2026-01-02 (swap)',
      '2026 Quốc khánh: not_comparable',
      '2027 Tết Âm lịch Đinh Mùi: not_comparable',
    ]);
    const swap2025 = findings.find((f) => f.kind === 'unverified_swap')!;
    expect(swap2025.detail).toContain('the rules already give 2025-01-27 off');
    expect(findings.some((f) => f.kind === 'lunar_new_year_mismatch')).toBe(false);
  });

  it('plans days off from accepted rows and the rules elsewhere', () => {
    const plan = planDaysOff({ years: [2025, 2026, 2027], schedule: rows });
    expect(plan.makeUpWorkingDays).toEqual(['2025-04-26', '2026-01-10']);
    expect(plan.daysOff).toContain('2026-04-27');
    expect(plan.daysOff).toContain('2025-01-27');
    expect(plan.daysOff).not.toContain('2026-11-24');
    // 2026 Quốc khánh is unverified in the schedule: the rules decide.
    expect(plan.sources).toContainEqual({ year: 2026, ruleId: 'quoc_khanh', from: 'rules' });
    expect(plan.daysOff).toContain('2026-09-03');
    // 2027 rows are rule_derived (not accepted by default): the rules decide.
    expect(plan.sources.filter((s) => s.year === 2027).every((s) => s.from === 'rules')).toBe(true);
    const withSwap = planDaysOff({ years: [2025], schedule: rows, applyUnverifiedSwaps: true });
    expect(withSwap.makeUpWorkingDays).toContain('2025-02-08');
    for (const d of plan.makeUpWorkingDays) expect(weekdayOf(d)).toBe(6);
  });
});
