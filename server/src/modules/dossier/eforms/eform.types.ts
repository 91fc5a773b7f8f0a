/**
 * The e-form (tờ khai điện tử) of a procedure: a JSON Schema (draft 2020-12) restricted to what a
 * paper declaration has, so the portal can render it as a wizard and the server can explain every
 * refusal in Vietnamese with the field's printed label (see the contract "E-forms and drafts").
 *
 * Shape: the top level is an object whose properties are GROUPS (one wizard page each); a group's
 * properties are FIELDS of type string | integer | number | boolean. Property order is display
 * order. Keywords outside this subset are refused by checkEFormSchema (eform.check.ts).
 */

export const EFORM_FIELD_TYPES = ['string', 'integer', 'number', 'boolean'] as const;
export type EFormFieldType = (typeof EFORM_FIELD_TYPES)[number];

export const EFORM_FORMATS = ['date', 'email', 'tel'] as const;
export type EFormFormat = (typeof EFORM_FORMATS)[number];

/** Account data the portal may fill in for the signed-in person (they can still change it). */
export const EFORM_PREFILLS = [
  'account.fullName',
  'account.phone',
  'account.email',
  'account.idNumber',
  'account.dateOfBirth',
  'account.address',
] as const;
export type EFormPrefill = (typeof EFORM_PREFILLS)[number];

/** One labelled choice: `const` is stored, `title` is shown. */
export interface EFormChoice {
  const: string | number | boolean;
  title: string;
}

export interface EFormField {
  type: EFormFieldType;
  /** The label printed on the official form (Vietnamese); every message names it. */
  title: string;
  /** Help shown under the field. */
  description?: string;
  format?: EFormFormat;
  minLength?: number;
  maxLength?: number;
  /** An ECMAScript regular expression (unicode mode), anchored by the author. */
  pattern?: string;
  /** Vietnamese explanation shown when `pattern` does not match (else a generic one). */
  'x-patternMessage'?: string;
  minimum?: number;
  maximum?: number;
  oneOf?: EFormChoice[];
  'x-prefill'?: EFormPrefill;
  /**
   * The value may not lie in the future: on a `date` string, not after today (Vietnam time); on
   * an integer, a year not after the current year. Server-side only (the portal may ignore it).
   */
  'x-notAfterToday'?: boolean;
}

export interface EFormGroup {
  type: 'object';
  title: string;
  description?: string;
  properties: Record<string, EFormField>;
  required?: string[];
}

export interface EFormSchema {
  $schema?: string;
  type: 'object';
  title?: string;
  description?: string;
  properties: Record<string, EFormGroup>;
  required?: string[];
}

/** One version of a procedure's e-form, as the registry stores it. */
export interface EFormVersion {
  procedureCode: string;
  version: number;
  /** First day (Vietnam date, YYYY-MM-DD) this version applies to new submissions. */
  effectiveFrom: string;
  title: string;
  /** The act that issued the paper form this e-form follows. */
  source: string;
  schema: EFormSchema;
}

/** What `GET /api/v1/procedures/{code}/eform` answers. */
export interface EFormDocument {
  procedureCode: string;
  version: number;
  title: string;
  schema: EFormSchema;
}

export type EFormMode = 'full' | 'partial';

export const JSON_SCHEMA_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
