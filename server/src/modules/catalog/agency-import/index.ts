/**
 * Agency import: the only door into this folder. Electronic identifiers (QCVN 102:2016/BTTTT and
 * Quyết định 20/2020/QĐ-TTg), CSV/Excel reading and writing with validation, and the demo tree of
 * Thành phố Cần Thơ. Pure: no database.
 */
export {
  AGENCY_CODE_MAX_LENGTH,
  type AgencyCodeError,
  type AgencyCodeForm,
  type AgencyCodeResult,
  derivedAncestors,
  isValidAgencyCode,
  LEVEL_ONE_LETTERS,
  legacyAgencyCode,
  normalizeAgencyCode,
  type ParsedAgencyCode,
  parseAgencyCode,
} from './agency.code.ts';
export {
  AGENCY_COLUMNS,
  type AgencyReadOptions,
  checkAgencyRecord,
  checkAgencySet,
  inferAgencyKind,
  isIsoDate,
  parseAgencyKind,
  REGISTRY_DEFAULT_VALIDITY,
  readAgencies,
  validateAgencyRecords,
  writeAgenciesCsv,
  writeAgenciesXlsx,
} from './agency.codec.ts';
export {
  buildDemoAgencyTree,
  DEMO_AGENCY_CODE_NOTE,
  DEMO_LEVEL_ONE_CODE,
  DEMO_PROVINCE_COMMITTEE_CODE,
  DEMO_PROVINCE_OFFICE_CODE,
  DEMO_SERVICE_CENTRE_CODE,
  type DemoTreeInput,
  demoCommuneAgencyCodes,
  isDemoAgencyCode,
} from './agency.demo.ts';
export {
  AGENCY_KIND_LABELS,
  AGENCY_KINDS,
  type AgencyDefect,
  type AgencyDefectSeverity,
  type AgencyFileFormat,
  type AgencyKind,
  type AgencyReadResult,
  type AgencyRecord,
} from './agency.types.ts';
