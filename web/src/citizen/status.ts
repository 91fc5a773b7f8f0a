/** Dossier statuses in the reader's language, their colour, and which forms a dossier has. */
import type { Messages } from '../shared/i18n/index.tsx';
import type { Tone } from '../shared/ui/index.ts';

/** The status in the reader's language; the API's Vietnamese label for a status we do not know. */
export function statusText(t: Messages, status: string, fallback: string): string {
  const value = t[`status.${status}` as keyof Messages];
  return typeof value === 'string' ? value : fallback;
}

/** What the status means for the applicant, in a sentence; null when there is nothing to add. */
export function statusHelp(t: Messages, status: string): string | null {
  const value = t[`statusHelp.${status}` as keyof Messages];
  return typeof value === 'string' ? value : null;
}

export function statusTone(status: string): 'grey' | 'red' | 'yellow' | 'green' | 'blue' {
  if (status === 'result_ready' || status === 'returned') return 'green';
  if (status === 'pending_supplement') return 'yellow';
  if (status === 'refused' || status === 'stopped') return 'red';
  if (status === 'draft' || status === 'withdrawn') return 'grey';
  return 'blue';
}

export function alertTone(status: string): Tone {
  if (status === 'pending_supplement') return 'warning';
  if (status === 'result_ready' || status === 'returned') return 'success';
  if (status === 'refused' || status === 'stopped') return 'error';
  return 'info';
}

/**
 * The one-stop forms (Thông tư 03/2025/TT-VPCP) the applicant can download: each exists once the
 * action that issues it happened (the server answers 409 otherwise). The control sheet (Mẫu 06)
 * is the agencies' internal record and is not offered here.
 */
export const APPLICANT_FORMS = [
  'receipt',
  'supplement_request',
  'refusal',
  'apology_extension',
  'stop_notice',
] as const;
export type ApplicantForm = (typeof APPLICANT_FORMS)[number];

export function formsOf(receivedAt: string | null, issued: (string | null)[]): ApplicantForm[] {
  return APPLICANT_FORMS.filter((f) => (f === 'receipt' ? receivedAt !== null : issued.includes(f)));
}
