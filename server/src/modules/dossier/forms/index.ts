/**
 * The one-stop forms (Thông tư 03/2025/TT-VPCP, Mẫu 01–07) as PDF: templates keyed by a stable
 * id with a version, the rule of which forms a dossier has, and the formatting they share.
 */
export type { Applicability, ApplicabilityFacts, PerDossierFormId } from './form.applicability.ts';
export { formApplicability, PER_DOSSIER_FORMS } from './form.applicability.ts';
export {
  formatTotalTime,
  formatVnDate,
  formatVnDateTime,
  handOverTimeliness,
  publicLookupUrl,
  TIMELINESS_LABELS,
  vnDateLine,
} from './form.format.ts';
export { qrMatrix } from './form.layout.ts';
export { FORM_TEMPLATES, renderForm } from './form.templates.ts';
export type * from './form.types.ts';
export { formErrors } from './forms.errors.ts';
