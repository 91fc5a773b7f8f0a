/**
 * Dates as officials type them: dd/mm/yyyy, the Vietnamese order (day, month, year, as Nghị định
 * 30/2020/NĐ-CP writes dates on documents), whatever the browser's locale — Chromium's <input type="date">
 * follows the operating system and showed mm/dd/yyyy on the office machines. Pure functions, so
 * the parser is tested without a browser (server/test/web.datefield.test.ts).
 */

export type DateParse = { ok: true; iso: string } | { ok: false; empty: true } | { ok: false; message: string };

const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** Days of a month in the proleptic Gregorian calendar (February has 29 in leap years). */
function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * The ISO date (yyyy-mm-dd) of what was typed, or why it is not a date, in Vietnamese. Accepts
 * "5/11/2026", "05/11/2026", "05-11-2026", "05.11.2026", "05112026", "5/11/26" (20yy), and an ISO
 * date pasted as is ("2026-11-05").
 */
export function parseDateText(text: string): DateParse {
  const t = text.trim();
  if (t === '') return { ok: false, empty: true };
  let day: number;
  let month: number;
  let year: number;
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(t);
  if (m) {
    year = Number(m[1]);
    month = Number(m[2]);
    day = Number(m[3]);
  } else {
    m = /^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{2}|\d{4})$/.exec(t) ?? /^(\d{2})(\d{2})(\d{4})$/.exec(t);
    if (!m) return { ok: false, message: 'Nhập ngày theo dạng ngày/tháng/năm, ví dụ 05/11/2026.' };
    day = Number(m[1]);
    month = Number(m[2]);
    year = m[3]!.length === 2 ? 2000 + Number(m[3]) : Number(m[3]);
  }
  if (month < 1 || month > 12) return { ok: false, message: `Tháng phải từ 1 đến 12 (đã nhập ${month}).` };
  if (year < 1900 || year > 2100) return { ok: false, message: 'Năm phải từ 1900 đến 2100.' };
  const last = daysIn(year, month);
  if (day < 1 || day > last) {
    return { ok: false, message: `Tháng ${month}/${year} chỉ có ${last} ngày (đã nhập ngày ${day}).` };
  }
  return { ok: true, iso: `${pad(year, 4)}-${pad(month)}-${pad(day)}` };
}

/** "2026-11-05" → "05/11/2026"; anything else (empty, malformed) → "". */
export function formatIsoDate(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}
