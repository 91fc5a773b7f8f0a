/**
 * The back office's pure helpers, run here without a browser: the dd/mm/yyyy parser of
 * DateField (web/src/office/dateText.ts) — the Vietnamese order whatever the browser's locale,
 * real calendar dates only, Vietnamese messages — and the mapping of the SSO administration's
 * field problems onto the inputs of its forms (web/src/office/admin/identity.problems.ts).
 */
import { describe, expect, it } from 'vitest';
import { problemKey, problemsByField } from '../../web/src/office/admin/identity.problems.ts';
import { formatIsoDate, parseDateText } from '../../web/src/office/dateText.ts';

describe('parseDateText', () => {
  it('reads day before month in every usual spelling', () => {
    for (const text of ['05/11/2026', '5/11/2026', ' 05/11/2026 ', '05-11-2026', '05.11.2026', '05112026', '5/11/26']) {
      expect(parseDateText(text), text).toEqual({ ok: true, iso: '2026-11-05' });
    }
    // An ISO date pasted from elsewhere is taken as it is (year first cannot be misread).
    expect(parseDateText('2026-11-05')).toEqual({ ok: true, iso: '2026-11-05' });
    expect(parseDateText('31/12/2026')).toEqual({ ok: true, iso: '2026-12-31' });
  });

  it('knows leap years', () => {
    expect(parseDateText('29/02/2028')).toEqual({ ok: true, iso: '2028-02-29' });
    expect(parseDateText('29/02/2000')).toEqual({ ok: true, iso: '2000-02-29' });
    const r = parseDateText('29/02/2026');
    expect(r.ok).toBe(false);
    expect(r).toMatchObject({ message: 'Tháng 2/2026 chỉ có 28 ngày (đã nhập ngày 29).' });
    expect(parseDateText('29/02/2100').ok).toBe(false);
  });

  it('refuses what is not a date, saying why in Vietnamese', () => {
    expect(parseDateText('')).toEqual({ ok: false, empty: true });
    expect(parseDateText('   ')).toEqual({ ok: false, empty: true });
    expect(parseDateText('11/31/2026')).toMatchObject({
      ok: false,
      message: expect.stringContaining('Tháng phải từ 1 đến 12'),
    });
    expect(parseDateText('31/04/2026')).toMatchObject({
      ok: false,
      message: expect.stringContaining('chỉ có 30 ngày'),
    });
    expect(parseDateText('00/04/2026').ok).toBe(false);
    expect(parseDateText('05/11/1899')).toMatchObject({ ok: false, message: 'Năm phải từ 1900 đến 2100.' });
    for (const text of ['hôm nay', '05/11', '5/11/202', '05/11/20266', '2026/11/05', '5 11 2026', '0511202']) {
      const r = parseDateText(text);
      expect(r.ok, text).toBe(false);
      expect(r, text).toMatchObject({ message: 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2026.' });
    }
  });

  it('formats an ISO date back as dd/mm/yyyy and round-trips', () => {
    expect(formatIsoDate('2026-11-05')).toBe('05/11/2026');
    expect(formatIsoDate('')).toBe('');
    expect(formatIsoDate(null)).toBe('');
    expect(formatIsoDate('05/11/2026')).toBe('');
    for (let d = new Date(Date.UTC(2024, 0, 1)); d.getUTCFullYear() < 2026; d = new Date(d.getTime() + 86_400_000)) {
      const iso = d.toISOString().slice(0, 10);
      expect(parseDateText(formatIsoDate(iso))).toEqual({ ok: true, iso });
    }
  });
});

describe('identity problems', () => {
  it('finds the input and the line a JSON pointer is about', () => {
    expect(problemKey('/body/redirectUris/2')).toEqual({ key: 'redirectUris', line: 3 });
    expect(problemKey('/body/name')).toEqual({ key: 'name' });
    expect(problemKey('/name')).toEqual({ key: 'name' });
    expect(problemKey('')).toEqual({ key: '' });
  });

  it('puts each message against its input, numbering list lines, the rest under ""', () => {
    const out = problemsByField(
      [
        { field: '/body/redirectUris/0', message: '«redirectUris» không được chứa phần «#…» (fragment).' },
        { field: '/body/redirectUris/1', message: '«redirectUris» phải dùng giao thức https.' },
        { field: '/body/name', message: 'Không được để trống.' },
        { field: '/body/isAdmin', message: 'Trường không được phép.' },
      ],
      ['name', 'redirectUris'],
    );
    expect(out).toEqual({
      redirectUris: 'Dòng 1: không được chứa phần «#…» (fragment). Dòng 2: phải dùng giao thức https.',
      name: 'Không được để trống.',
      '': 'Trường không được phép.',
    });
  });
});
