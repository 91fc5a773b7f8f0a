/**
 * What the password forms (reset, change, first password) share: the server's field errors
 * (problem+json `errors`, JSON pointers such as `/body/newPassword`) placed on the form's own
 * fields, so they show beside the field and in the error summary at the top (GOV.UK pattern).
 */
import { ApiError } from '../shared/api.ts';
import type { SummaryError } from '../shared/ui/form-extras.tsx';

/** The problem's field errors, by the body property they name. */
export function serverFieldErrors(error: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!(error instanceof ApiError)) return out;
  for (const e of error.problem.errors ?? []) {
    const name = e.field?.replace(/^\/body\//, '');
    if (name && !(name in out)) out[name] = e.message;
  }
  return out;
}

/** The summary's lines, in the order of the fields on the page (`ids`: field name → input id). */
export function summaryOf(errors: Record<string, string | undefined>, ids: Record<string, string>): SummaryError[] {
  return Object.entries(ids).flatMap(([name, target]) => {
    const message = errors[name];
    return message ? [{ target, message }] : [];
  });
}
