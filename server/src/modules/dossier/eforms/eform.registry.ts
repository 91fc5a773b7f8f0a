/**
 * The e-forms in force, as versioned data in code: per procedure code, numbered versions with the
 * day each starts to apply. A new version of a paper form (a new circular) is a new entry with a
 * later `effectiveFrom`; earlier versions stay, so the form a dossier was filled in on can be
 * found again. Every entry is checked when this file loads: a malformed e-form stops the server
 * at start instead of refusing citizens later.
 *
 * effectiveFrom: 2025-07-01 is the first day of the two-level local government (Nghị quyết
 * 202/2025/QH15), from which the procedures as crawled (and the forms they name) apply here; it is
 * not the effective date of the circulars, which are older.
 */
import type { FieldError } from '../../../platform/errors/index.ts';
import { checkEFormSchema } from './eform.check.ts';
import type { EFormDocument, EFormMode, EFormVersion } from './eform.types.ts';
import { validateFormData } from './eform.validate.ts';
import { BIRTH_REGISTRATION } from './forms/birth-registration.ts';
import { CONSTRUCTION_PERMIT } from './forms/construction-permit.ts';
import { CRIMINAL_RECORD } from './forms/criminal-record.ts';
import { DEATH_REGISTRATION } from './forms/death-registration.ts';
import { HOUSEHOLD_BUSINESS } from './forms/household-business.ts';
import { IDENTITY_CARD } from './forms/identity-card.ts';
import { MARRIAGE } from './forms/marriage.ts';
import { PERMANENT_RESIDENCE } from './forms/permanent-residence.ts';
import { PRIVATE_ENTERPRISE } from './forms/private-enterprise.ts';

export type EFormRegistry = ReturnType<typeof eformRegistry>;

/** A registry over these versions; throws if one is malformed or two share a (code, version). */
export function eformRegistry(versions: readonly EFormVersion[]) {
  const byCode = new Map<string, EFormVersion[]>();
  for (const v of versions) {
    const checked = checkEFormSchema(v.schema);
    if (!checked.ok) {
      const list = checked.problems.map((p) => `${p.path || '/'}: ${p.message}`).join('; ');
      throw new Error(`e-form ${v.procedureCode} v${v.version} is malformed: ${list}`);
    }
    if (!/^\d{4}-\d{2}-\d{2}$/.test(v.effectiveFrom)) {
      throw new Error(`e-form ${v.procedureCode} v${v.version}: effectiveFrom must be YYYY-MM-DD`);
    }
    const list = byCode.get(v.procedureCode) ?? [];
    if (list.some((x) => x.version === v.version)) {
      throw new Error(`e-form ${v.procedureCode} v${v.version} is registered twice`);
    }
    list.push(v);
    // Latest first: by effective date, then by version.
    list.sort((a, b) => b.effectiveFrom.localeCompare(a.effectiveFrom) || b.version - a.version);
    byCode.set(v.procedureCode, list);
  }

  /** The version in force on `on` (Vietnam date), or null when the procedure has no e-form then. */
  function formFor(procedureCode: string, on: string): EFormVersion | null {
    return byCode.get(procedureCode)?.find((v) => v.effectiveFrom <= on) ?? null;
  }

  return {
    formFor,
    version: (procedureCode: string, version: number): EFormVersion | null =>
      byCode.get(procedureCode)?.find((v) => v.version === version) ?? null,
    procedureCodes: (): string[] => [...byCode.keys()].sort(),
    all: (): EFormVersion[] => [...byCode.values()].flat(),
    /** What the public route answers. */
    document(procedureCode: string, on: string): EFormDocument | null {
      const v = formFor(procedureCode, on);
      return v ? { procedureCode: v.procedureCode, version: v.version, title: v.title, schema: v.schema } : null;
    },
    /**
     * The problems of a dossier's form data under the e-form in force on `today`: [] when the
     * procedure has none. `full` for a submission, `partial` for a draft.
     */
    formDataErrors(procedureCode: string, formData: unknown, mode: EFormMode, today: string): FieldError[] {
      const v = formFor(procedureCode, today);
      return v ? validateFormData(v.schema, formData, { mode, today }) : [];
    },
  };
}

/** The demo procedures' e-forms (domain/demo-definitions.ts). */
export const DEMO_EFORMS: readonly EFormVersion[] = [
  BIRTH_REGISTRATION,
  MARRIAGE,
  DEATH_REGISTRATION,
  CRIMINAL_RECORD,
  HOUSEHOLD_BUSINESS,
  PERMANENT_RESIDENCE,
  PRIVATE_ENTERPRISE,
  CONSTRUCTION_PERMIT,
  IDENTITY_CARD,
];

export const eforms: EFormRegistry = eformRegistry(DEMO_EFORMS);
