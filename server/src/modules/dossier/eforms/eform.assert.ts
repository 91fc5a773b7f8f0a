/**
 * The one check the dossier service makes before it writes anything: the form data of a dossier
 * against its procedure's e-form — fully when it is submitted, partially while it is a draft.
 */
import { dossierErrors } from '../dossier.errors.ts';
import { eforms } from './eform.registry.ts';
import type { EFormMode } from './eform.types.ts';

/** Throws the 422 "Tờ khai không hợp lệ" problem with one error per field; no-op without an e-form. */
export function assertFormData(procedureCode: string, formData: unknown, mode: EFormMode, today: string): void {
  const errors = eforms.formDataErrors(procedureCode, formData, mode, today);
  if (errors.length > 0) throw dossierErrors.formInvalid(errors);
}
