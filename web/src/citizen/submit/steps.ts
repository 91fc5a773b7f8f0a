/**
 * The wizard's pages, one thing per page (GOV.UK "one thing per page"): where to submit, who
 * submits, one page per e-form group, the documents, the review. Before the draft exists the
 * first two live under /nop-ho-so/:code?buoc=…; after, every page is /nop-ho-so/:code/:id/:step,
 * so the address alone resumes a draft on any device.
 */
import type { ProcedureDetail } from '../catalog.types.ts';

export const AGENCY_STEP = 'noi-nop';
export const APPLICANT_STEP = 'nguoi-nop';
export const COMPONENTS_STEP = 'giay-to';
export const REVIEW_STEP = 'xem-lai';
export const DONE_STEP = 'da-nop';

export function groupStep(index: number): string {
  return `to-khai-${index + 1}`;
}

/** The group index of a `to-khai-n` step, or null. */
export function groupIndexOf(step: string): number | null {
  const m = /^to-khai-(\d{1,3})$/.exec(step);
  return m ? Number(m[1]) - 1 : null;
}

export function stepList(groupCount: number, componentCount: number): string[] {
  return [
    AGENCY_STEP,
    APPLICANT_STEP,
    ...Array.from({ length: groupCount }, (_, i) => groupStep(i)),
    ...(componentCount > 0 ? [COMPONENTS_STEP] : []),
    REVIEW_STEP,
  ];
}

/** The first page of a draft (after the two pages that created it). */
export function firstDraftStep(groupCount: number, componentCount: number): string {
  return stepList(groupCount, componentCount)[2]!;
}

export function draftPath(code: string, id: string, step: string): string {
  return `/nop-ho-so/${encodeURIComponent(code)}/${encodeURIComponent(id)}/${step}`;
}

export function startPath(code: string, step?: string): string {
  return `/nop-ho-so/${encodeURIComponent(code)}${step ? `?buoc=${step}` : ''}`;
}

/** What the two pages before the draft chose, kept for this tab until the draft exists. */
export interface PendingSubmission {
  agencyCode?: string;
  applicant?: {
    name: string;
    idNumber: string;
    phone: string;
    email: string;
    address: string;
  };
}

const key = (code: string) => `tinhso.submit.${code}`;

export function readPending(code: string): PendingSubmission {
  try {
    const raw = sessionStorage.getItem(key(code));
    return raw ? (JSON.parse(raw) as PendingSubmission) : {};
  } catch {
    return {};
  }
}

export function writePending(code: string, value: PendingSubmission): void {
  try {
    sessionStorage.setItem(key(code), JSON.stringify(value));
  } catch {
    // Storage refused (private mode): the choice lasts as long as the page.
  }
}

export function clearPending(code: string): void {
  try {
    sessionStorage.removeItem(key(code));
  } catch {
    // nothing to clear
  }
}

/** Components listed by the procedure (the dossier's upload slots, in the same order). */
export function componentCount(procedure: ProcedureDetail): number {
  return (procedure.record.dossier.value ?? []).reduce((n, g) => n + g.components.length, 0);
}
