/**
 * The pure core of the dossier engine (issue 5): process definitions (schema, validation, JSON,
 * diagrams), the dossier state machine, deadlines on the working calendar, dossier codes and the
 * public-lookup check, and demonstration definitions for real procedures. No database, no HTTP:
 * the dossier module's service, repository and routes are built on this door.
 */

export type { DemoAgencyCodes } from './demo-definitions.ts';
export { demoProcessDefinitions } from './demo-definitions.ts';
export type { CodePatternProblem, DossierCodeParts } from './dossier.code.ts';
export {
  checkValueMatches,
  DEFAULT_DOSSIER_CODE_PATTERN,
  deriveLookupCheck,
  deriveLookupChecks,
  formatDossierCode,
  LOOKUP_CHECK_DIGITS,
  lastFourDigits,
  parseDossierCode,
  validateDossierCodePattern,
} from './dossier.code.ts';
export type { AppointmentPrediction, StepDue } from './dossier.deadlines.ts';
export {
  budgetMinutes,
  classifyCompletion,
  clockStartOf,
  dossierDueAt,
  offPathStepDueAt,
  planStepDues,
  predictAppointment,
} from './dossier.deadlines.ts';
export type {
  ActionContext,
  Actor,
  ApplicantActionKind,
  ApplyResult,
  CreateDossierInput,
  DossierAction,
  DossierActionKind,
  DossierError,
  DossierErrorCode,
  DossierEvent,
  DossierEventType,
  DossierFacts,
  DossierLevelActionKind,
  DossierState,
  HistoryEntry,
  Instant,
  PauseRecord,
  TransferState,
} from './dossier.machine.ts';
export {
  ASSIGN_LABEL,
  actionLabel,
  applyAction,
  assignRight,
  availableActions,
  countedWorkingMinutes,
  createDossier,
  DOSSIER_EVENTS,
  dossierInvariantViolations,
  handlingAgencyOf,
  isDefinitionEffective,
  RELEASE_LABEL,
} from './dossier.machine.ts';
export type { DossierFormId, DossierStatus, StatusInfo } from './dossier.status.ts';
export { DOSSIER_FORMS, DOSSIER_STATUSES, isTerminalStatus, STATUS_INFO } from './dossier.status.ts';
export { toMermaid, toSvg } from './process.diagram.ts';
export { mainPath, requiredSteps, transferSegment } from './process.graph.ts';
export { exportProcessDefinition, importProcessDefinition } from './process.json.ts';
export type {
  ActionKind,
  AgencyScope,
  ProcessStatus,
  RequirementKind,
  StepAgency,
  StepDossierStatus,
  StepRole,
  TotalTime,
} from './process.schemas.ts';
export {
  ACTION_KINDS,
  ACTION_LABELS,
  ActionSpec,
  AGENCY_SCOPES,
  Guard,
  MANDATORY_REQUIREMENTS,
  ProcessDefinition,
  REQUIREMENT_KINDS,
  ROLE_LABELS,
  Step,
} from './process.schemas.ts';
export type { Problem, ProblemCode, ValidationResult } from './process.validate.ts';
export { PROBLEM_CODES, REQUIREMENT_LABELS, validateProcessDefinition } from './process.validate.ts';
