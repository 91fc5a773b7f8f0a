/**
 * E-forms (tờ khai điện tử) of the procedures: the JSON Schema subset (types), its checker, the
 * validator with Vietnamese field-located messages, the versioned registry of the demo
 * procedures' forms, and demo form data. Pure, except assertFormData (throws the module's problem).
 */
export { assertFormData } from './eform.assert.ts';
export type { EFormCheck, EFormProblem } from './eform.check.ts';
export { checkEFormSchema } from './eform.check.ts';
export type { DemoPerson } from './eform.demo-data.ts';
export { DEMO_FORM_DATA_CODES, demoFormData } from './eform.demo-data.ts';
export type { EFormRegistry } from './eform.registry.ts';
export { DEMO_EFORMS, eformRegistry, eforms } from './eform.registry.ts';
export type {
  EFormChoice,
  EFormDocument,
  EFormField,
  EFormFieldType,
  EFormFormat,
  EFormGroup,
  EFormMode,
  EFormPrefill,
  EFormSchema,
  EFormVersion,
} from './eform.types.ts';
export { EFORM_FIELD_TYPES, EFORM_FORMATS, EFORM_PREFILLS, JSON_SCHEMA_2020_12 } from './eform.types.ts';
export type { ValidateOptions } from './eform.validate.ts';
export { fieldProblem, isBlank, isEmail, isIsoDate, isTel, pointerToken, validateFormData } from './eform.validate.ts';
