/**
 * Types of the administrative-unit import: effective-dated units, the 2025 succession mapping
 * and the defect report. Pure data, no database.
 *
 * Dates are ISO calendar dates (YYYY-MM-DD) in Vietnam time; `validTo` is INCLUSIVE (the last
 * day the unit existed in that form), so the pre-reform units end on 2025-06-30 and the
 * reformed ones start on 2025-07-01 (Nghị quyết 202/2025/QH15).
 */

export type UnitLevel = 'province' | 'district' | 'commune';

/** Which source file a record was read from. */
export type UnitSourceId = 'pre-2025' | 'current-2026' | 'merger-2025';

export interface AdminUnit {
  /** Official code (GSO/NSO): 2 digits province, 3 district, 5 commune. Reused across time. */
  code: string;
  level: UnitLevel;
  /** Name without the unit type, as given by the source ("Ba Đình"). */
  name: string;
  /** Name with the unit type ("Phường Ba Đình"). */
  fullName: string;
  /** Tỉnh, Thành phố, Quận, Huyện, Thị xã, Phường, Xã, Thị trấn, Đặc khu… as given. */
  unitType: string;
  /** Province code of a district or a post-reform commune; district code of a pre-reform commune. */
  parentCode: string | null;
  /**
   * First day of validity. `null` means "unknown": the pre-2025 source is a snapshot (state of
   * 2025-03-01) and does not say when each unit was created. Treat null as open-ended; never
   * invent a date such as 1900-01-01 that a report could mistake for a fact.
   */
  validFrom: string | null;
  /** Last day of validity (inclusive); null while still valid. */
  validTo: string | null;
  source: UnitSourceId;
}

export type SuccessionKind = 'full' | 'partial';

/**
 * One edge of the 2025 reform: (part of) the old unit became (part of) the new unit on
 * `effectiveDate`. The old code is read on the day before, the new code on that day, because
 * codes are reused (old commune 00004 was Trúc Bạch, new commune 00004 is Ba Đình).
 */
export interface UnitSuccession {
  oldCode: string;
  oldName: string;
  oldLevel: UnitLevel;
  newCode: string;
  newName: string;
  newLevel: UnitLevel;
  /** full: the whole old unit went into the new one; partial: the old unit was divided. */
  kind: SuccessionKind;
  effectiveDate: string;
  /** Set when the new code came from the mapping's draft code list and was corrected by table. */
  correctedFrom?: string;
}

/**
 * An explicit, reviewed correction of a code the mapping source got from a draft list.
 * Applied only when the caller passes it (see DRAFT_CODE_CORRECTIONS).
 */
export interface CodeCorrection {
  /** Code as it appears in the mapping (draft list). */
  draftCode: string;
  /** Code in the final official list. */
  finalCode: string;
  /** Full name of the unit, for the reviewer and for a consistency check. */
  fullName: string;
  provinceCode: string;
  /** Why we believe it. */
  basis: string;
}

/**
 * A dated change after the reform that the current list already contains. The current list is a
 * snapshot (2026-07-25); the mapping names the units as they were on 2025-07-01. Differences in
 * a province listed here are split into two versions at `effectiveFrom`.
 */
export interface PostReformChange {
  id: string;
  provinceCode: string;
  effectiveFrom: string;
  basis: string;
}

export type DefectSeverity = 'error' | 'warning' | 'info';

export type DefectKind =
  /** A mapping target code missing from the current list (e.g. a draft code). */
  | 'mapping-new-code-not-in-current-list'
  /** A current commune or province that no mapping edge leads to. */
  | 'current-unit-without-predecessor'
  /** A mapping source code missing from the pre-2025 list (dissolved before the snapshot). */
  | 'mapping-old-code-not-in-pre2025-list'
  /** A pre-2025 commune or province that no mapping edge leaves. */
  | 'pre2025-unit-not-in-mapping'
  /** Mapping's old name differs from the pre-2025 list after normalisation. */
  | 'old-name-mismatch'
  /** Mapping's new name differs from the current list after normalisation. */
  | 'new-name-mismatch'
  /** A name difference explained by a dated post-reform change (modelled as two versions). */
  | 'post-reform-change'
  /** Names equal only after normalisation (tone-mark placement, case, spaces). */
  | 'name-equal-after-normalisation'
  /** merges.json and splits.json disagree (pairs or names). */
  | 'mapping-sources-disagree'
  /** An old unit that is "full" in one target and also appears elsewhere, or "partial" alone. */
  | 'succession-kind-inconsistent'
  /** A commune edge whose provinces are not linked by a province edge. */
  | 'cross-province-succession'
  /** A correction-table entry that the data does not support. */
  | 'correction-not-applicable'
  /** Source text not NFC, with stray spaces, or a mis-cased unit type. */
  | 'text-hygiene'
  /** A record whose unit type could not be read. */
  | 'unknown-unit-type'
  /** Counts that differ from the expected or self-declared totals. */
  | 'count-mismatch'
  /** Two versions of one code valid on the same day, or a parent missing on a child's dates. */
  | 'validity-inconsistent'
  /** A known problem the data in hand cannot check. */
  | 'not-checked';

export interface UnitDefect {
  kind: DefectKind;
  severity: DefectSeverity;
  message: string;
  code?: string;
  /** Structured facts for a reviewer (names, codes, provinces). */
  details?: Record<string, unknown>;
  /** What the data suggests, never applied silently. */
  suggestion?: string;
  /** How it was resolved in this import, if it was (e.g. by the correction table). */
  resolvedBy?: string;
}

export interface DefectSummaryEntry {
  kind: DefectKind;
  severity: DefectSeverity;
  count: number;
  unresolved: number;
  examples: string[];
}

export interface DefectReport {
  defects: UnitDefect[];
  /** One line per kind, in a stable order. */
  summary: DefectSummaryEntry[];
  /** Errors not resolved by a correction: zero means the mapping can be loaded as is. */
  unresolvedErrors: number;
}

/** The raw, already JSON-parsed content of the three sources. */
export interface RawUnitSources {
  /** pre-2025/vn_only_simplified_json_generated_data_vn_units.json */
  pre2025: unknown;
  /** 2026/full_json_generated_data_vn_units_<date>.json */
  current2026: unknown;
  /** merger-2025/merges.json */
  merges: unknown;
  /** merger-2025/splits.json */
  splits: unknown;
}

export interface UnitImportOptions {
  /**
   * Code corrections to apply to the mapping. Required on purpose: a caller decides whether to
   * use DRAFT_CODE_CORRECTIONS (reviewed) or [] (raw data), so nothing is corrected silently.
   */
  corrections: readonly CodeCorrection[];
  /** Dated post-reform changes; defaults to KNOWN_POST_REFORM_CHANGES. */
  postReformChanges?: readonly PostReformChange[];
}

export interface UnitImportResult {
  units: AdminUnit[];
  successions: UnitSuccession[];
  report: DefectReport;
}
