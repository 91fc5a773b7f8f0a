/**
 * The catalog API's answers as this app reads them (GET /api/v1/catalog/…). The procedure record
 * mirrors server/src/modules/catalog/procedure-import/procedure.types.ts, limited to what the
 * pages show; a value the importer could not read is null and listed in `flags`.
 */

export type ImplementingLevel = 'ministry' | 'province' | 'district' | 'commune' | 'other';

export interface ProcedureSummary {
  code: string;
  name: string;
  sector: string;
  levels: string[];
  versionFrom: string;
  versionTo: string | null;
  flagCount: number;
  score: number;
}

export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export interface IndexEntry {
  code: string;
  name: string;
  level: string;
  sector: string;
  decidingAct: string;
  ministryFolder: string;
  detailUrl: string;
  score: number;
}

export interface Sector {
  name: string;
  procedures: number;
  indexed: number;
}

export interface Flag {
  field: string;
  raw: string;
  reason: string;
  code: string;
}

export interface Field<T> {
  raw: string;
  value: T | null;
}

export type DurationUnit = 'working_day' | 'day' | 'working_hour' | 'hour' | 'week' | 'month' | 'year';

export interface Duration {
  amount: number;
  unit: DurationUnit;
}

export interface ProcessingTime extends Field<Duration> {
  source: 'table' | 'description';
  kind: 'standard' | 'alternative' | 'extension';
  condition: string | null;
}

export interface Fee {
  kind: 'fee' | 'charge' | 'unspecified';
  raw: string;
  amountVnd: number | null;
  foreignAmount: { amount: number; currency: string } | null;
  per: string | null;
  description: string | null;
  exemptions: string[];
  decidedByProvincialCouncil: boolean;
  optional: boolean;
}

export type ChannelKind = 'online' | 'in_person' | 'postal';

export interface CutoffRule {
  after: string;
  effect: 'next_working_day';
  raw: string;
}

export interface SubmissionChannel {
  channel: ChannelKind;
  label: string;
  processingTimes: ProcessingTime[];
  fees: Fee[];
  cutoffRules: CutoffRule[];
  notes: string[];
}

export interface DossierComponent {
  raw: string;
  name: string;
  quantity: Field<{ originals: number; copies: number }>;
  requirement: Field<'required' | 'conditional' | 'alternative'>;
  template: Field<{ fileName: string; url: string | null }> | null;
}

export interface DossierGroup {
  heading: string | null;
  kind: 'submit' | 'present' | 'notes' | 'case' | 'unspecified';
  alternatives: boolean;
  components: DossierComponent[];
  notes: string[];
}

export interface LegalAct {
  raw: string;
  number: Field<string>;
  title: Field<string>;
  issuedDate: string | null;
}

export interface ProcedureRecord {
  nationalCode: Field<string>;
  name: Field<string>;
  sector: Field<string>;
  levels: Field<ImplementingLevel[]>;
  subjects: Field<string[]>;
  competentAgency: Field<string>;
  implementingAgency: Field<string>;
  receivingAddress: Field<string>;
  steps: Field<string>;
  channels: Field<SubmissionChannel[]>;
  dossier: Field<DossierGroup[]>;
  conditions: Field<string[]>;
  results: Field<{ name: string; code: string | null }[]>;
  legalBasis: Field<LegalAct[]>;
  onlineService: Field<{ scheme: 'legacy'; level: 2 | 3 | 4 } | { scheme: 'current'; scope: 'full' | 'partial' }>;
  source: { detailUrl: string | null; formalityId: string | null };
}

export interface ProcedureDetail {
  code: string;
  name: string;
  sector: string;
  levels: string[];
  versionFrom: string;
  versionTo: string | null;
  record: ProcedureRecord;
  flags: Flag[];
  flagCount: number;
}

export interface DueDate {
  dueAt: string;
  receivedOn: string;
  calendar: string;
}
