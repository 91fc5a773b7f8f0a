/**
 * Dates and money as Vietnamese readers expect them: dd/mm/yyyy in the Vietnam time zone
 * (ARCHITECTURE.md: "dates dd/mm/yyyy, Vietnam time zone, VND"), whatever the phone's own zone.
 */
export const VIETNAM_TZ = 'Asia/Ho_Chi_Minh';

const cache = new Map<string, Intl.DateTimeFormat>();
function dtf(locale: string, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  const key = locale + JSON.stringify(options);
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: VIETNAM_TZ, ...options });
    cache.set(key, f);
  }
  return f;
}

/** "24/11/2026". */
export function formatDate(value: Date | string, locale = 'vi-VN'): string {
  return dtf(locale, { day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(value));
}

/** "Thứ Ba, 24/11/2026". */
export function formatDayLong(value: Date | string, locale = 'vi-VN'): string {
  return dtf(locale, { weekday: 'long', day: '2-digit', month: '2-digit', year: 'numeric' }).format(toDate(value));
}

/** "17:00". */
export function formatTime(value: Date | string, locale = 'vi-VN'): string {
  return dtf(locale, { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(toDate(value));
}

/** "50.000 ₫". */
export function formatVnd(amount: number, locale = 'vi-VN'): string {
  return new Intl.NumberFormat(locale, { style: 'currency', currency: 'VND', maximumFractionDigits: 0 }).format(amount);
}

/** Calendar date (YYYY-MM-DD) in Vietnam of an instant. */
export function vietnamDate(value: Date): string {
  return dtf('en-CA', { year: 'numeric', month: '2-digit', day: '2-digit' }).format(value);
}

function toDate(value: Date | string): Date {
  if (value instanceof Date) return value;
  // A bare date is a Vietnamese calendar day: read it at noon in Vietnam so no zone shifts it.
  return /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T12:00:00+07:00`) : new Date(value);
}
