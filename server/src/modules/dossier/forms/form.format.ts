/**
 * Formatting of the facts printed on the one-stop forms: Vietnamese dates and times in Vietnam
 * time (UTC+7, no daylight saving since 1975), the public lookup address carried by the QR code,
 * and the labels of timeliness. Pure functions.
 */
import type { Timeliness } from '../../../platform/calendar/index.ts';

const VN_OFFSET_MS = 7 * 3600 * 1000;
const WEEKDAYS = ['Chủ nhật', 'Thứ Hai', 'Thứ Ba', 'Thứ Tư', 'Thứ Năm', 'Thứ Sáu', 'Thứ Bảy'] as const;

const pad = (n: number) => String(n).padStart(2, '0');

/** Wall-clock parts of an instant in Asia/Ho_Chi_Minh. */
export function vnParts(instant: Date) {
  const t = new Date(instant.getTime() + VN_OFFSET_MS);
  return {
    year: t.getUTCFullYear(),
    month: t.getUTCMonth() + 1,
    day: t.getUTCDate(),
    hour: t.getUTCHours(),
    minute: t.getUTCMinutes(),
    weekday: t.getUTCDay(),
  };
}

/** dd/MM/yyyy in Vietnam time (the way dates are written on Vietnamese administrative papers). */
export function formatVnDate(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year}`;
}

/** dd/MM/yyyy HH:mm in Vietnam time. */
export function formatVnDateTime(instant: Date): string {
  const p = vnParts(instant);
  return `${pad(p.day)}/${pad(p.month)}/${p.year} ${pad(p.hour)}:${pad(p.minute)}`;
}

/** "Thứ Hai" … "Chủ nhật": printed beside an appointment so nobody comes on the wrong day. */
export function vnWeekday(instant: Date): string {
  return WEEKDAYS[vnParts(instant).weekday]!;
}

/**
 * The date line under the national heading (Nghị định 30/2020/NĐ-CP, Phụ lục I: "Địa danh, ngày …
 * tháng … năm …"; days below 10 and months 1–2 are written with a leading zero).
 */
export function vnDateLine(instant: Date, place: string | null): string {
  const p = vnParts(instant);
  const day = pad(p.day);
  const month = p.month <= 2 ? pad(p.month) : String(p.month);
  const tail = `ngày ${day} tháng ${month} năm ${p.year}`;
  return place ? `${place}, ${tail}` : `Ngày ${day} tháng ${month} năm ${p.year}`;
}

/** The public lookup page of a dossier: what the QR code on the receipt (Form 01) opens. */
export function publicLookupUrl(publicUrl: string, code: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/tra-cuu/${encodeURIComponent(code)}`;
}

export const TIMELINESS_LABELS: Readonly<Record<Timeliness, string>> = {
  early: 'Trước hạn',
  on_time: 'Đúng hạn',
  late: 'Quá hạn',
};

/** Timeliness of a hand-over: the recorded one, else judged against the step's due instant. */
export function handOverTimeliness(at: Date, stepDueAt: Date | null, recorded: Timeliness | null): string {
  if (recorded !== null) return TIMELINESS_LABELS[recorded];
  if (stepDueAt === null) return '';
  return at.getTime() > stepDueAt.getTime() ? TIMELINESS_LABELS.late : TIMELINESS_LABELS.on_time;
}

/** "5 ngày làm việc" / "8 giờ làm việc". */
export function formatTotalTime(t: { unit: 'working_days' | 'working_hours'; amount: number }): string {
  return `${t.amount} ${t.unit === 'working_days' ? 'ngày' : 'giờ'} làm việc`;
}
