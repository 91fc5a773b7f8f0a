/**
 * Administrative-unit import: the only door into this folder. Pure parsing and reconciliation of
 * the pre-2025 list, the current (2026) list and the 2025 merger mapping; no database.
 */
export { asciiFoldVietnameseName, cleanSourceText, normalizeVietnameseName } from './unit.normalize.ts';
export {
  CURRENT_LIST_SNAPSHOT_DATE,
  createUnitLookup,
  DRAFT_CODE_CORRECTIONS,
  EXPECTED_COUNTS,
  findUnit,
  formatDefectSummary,
  importAdminUnits,
  KNOWN_POST_REFORM_CHANGES,
  PRE_2025_SNAPSHOT_DATE,
  PRE_REFORM_LAST_DAY,
  predecessorsOf,
  REFORM_EFFECTIVE_DATE,
  readUnitSourceFiles,
  splitUnitFullName,
  successorsOf,
  UnitSourceError,
  unitsValidOn,
} from './unit.parser.ts';
export type {
  AdminUnit,
  CodeCorrection,
  DefectKind,
  DefectReport,
  DefectSeverity,
  DefectSummaryEntry,
  PostReformChange,
  RawUnitSources,
  SuccessionKind,
  UnitDefect,
  UnitImportOptions,
  UnitImportResult,
  UnitLevel,
  UnitSourceId,
  UnitSuccession,
} from './unit.types.ts';
