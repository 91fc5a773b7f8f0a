/** Display strings built from catalog values (levels, durations, fees) in the chosen language. */
import { formatVnd } from '../shared/format.ts';
import type { Messages } from '../shared/i18n/index.tsx';
import type { ChannelKind, Duration, Fee, ProcessingTime } from './catalog.types.ts';

const LEVELS = ['ministry', 'province', 'district', 'commune', 'other'] as const;

export function levelLabel(t: Messages, level: string): string {
  return (LEVELS as readonly string[]).includes(level) ? t[`level.${level as (typeof LEVELS)[number]}`] : level;
}

export function channelLabel(t: Messages, channel: ChannelKind): string {
  return t[`channel.${channel}`];
}

export function durationLabel(t: Messages, d: Duration): string {
  if (d.amount === 0 && d.unit === 'working_day') return t['unit.sameDay'];
  return t[`unit.${d.unit}`](d.amount);
}

const NO_INFO = /^(không có thông tin|không|--|)$/i;

export function processingTimeLabel(t: Messages, p: ProcessingTime): string {
  if (p.value) return durationLabel(t, p.value);
  const raw = p.raw.trim();
  if (/^\d{1,3}$/.test(raw)) return t['proc.timeNoUnit'](raw);
  if (NO_INFO.test(raw)) return t['proc.timeUnknown'];
  return raw;
}

export function feeAmountLabel(t: Messages, fee: Fee, intlLocale: string): string {
  if (fee.foreignAmount) return `${fee.foreignAmount.amount.toLocaleString(intlLocale)} ${fee.foreignAmount.currency}`;
  if (fee.amountVnd === 0) return t['proc.free'];
  if (fee.amountVnd === null) return fee.decidedByProvincialCouncil ? t['proc.feeCouncil'] : t['proc.feeUnknown'];
  const per = fee.per ? ` ${t['proc.feePer'](fee.per)}` : '';
  return `${formatVnd(fee.amountVnd, intlLocale)}${per}`;
}

export function isNoInfo(raw: string): boolean {
  return NO_INFO.test(raw.trim());
}

/** "* Giấy tờ phải nộp:" → "Giấy tờ phải nộp". */
export function cleanHeading(heading: string): string {
  return heading
    .replace(/^[\s*•-]+/, '')
    .replace(/[\s:]+$/, '')
    .trim();
}

/**
 * Procedure names can run to 300 characters of enumerated cases; a caption or a list shows the
 * part before the enumeration (the procedure page has the full name).
 */
export function shortProcedureName(name: string): string {
  if (name.length <= 90) return name;
  const cut = name.search(/ \(|;/);
  return cut > 20 ? `${name.slice(0, cut).trim()} …` : `${name.slice(0, 87).trim()} …`;
}
