/** Dates and deadlines as the back office shows them (Vietnam time, dd/mm/yyyy hh:mm). */
import { formatDate, formatTime } from '../shared/format.ts';
import type { DueState } from './office.api.ts';

export function dateTime(value: string | null | undefined): string {
  if (!value) return '—';
  return `${formatTime(value)} ${formatDate(value)}`;
}

export const DUE_LABELS: Record<DueState, string> = {
  early: 'Sớm hạn',
  'on-time': 'Trong hạn',
  'due-soon': 'Sắp đến hạn',
  overdue: 'Quá hạn',
};

export const DUE_TONES: Record<DueState, 'green' | 'blue' | 'yellow' | 'red'> = {
  early: 'green',
  'on-time': 'blue',
  'due-soon': 'yellow',
  overdue: 'red',
};

export const CHANNEL_LABELS: Record<string, string> = {
  online: 'Trực tuyến',
  in_person: 'Trực tiếp',
  postal: 'Bưu chính',
};
