/**
 * The catalog API's answers as this app reads them (GET /api/v1/catalog/…). The lists, flags and
 * due dates are the route schemas' own types (shared/api, generated from the server's OpenAPI
 * document). The procedure record is served as an opaque JSON value (its schema is not in the
 * OpenAPI document yet), so its shape below mirrors
 * server/src/modules/catalog/procedure-import/procedure.types.ts, limited to what the pages show;
 * a value the importer could not read is null and listed in `flags`.
 */
import type { ApiOk } from '../shared/api/types.ts';

export type ProcedureSummary = ApiOk<'/api/v1/catalog/procedures'>['items'][number];
export type IndexEntry = ApiOk<'/api/v1/catalog/procedure-index'>['items'][number];
export type Sector = ApiOk<'/api/v1/catalog/sectors'>['items'][number];
export type DueDate = ApiOk<'/api/v1/catalog/calendar/due-date'>;
export type Flag = ApiOk<'/api/v1/catalog/procedures/{code}'>['flags'][number];
/** A procedure with its record read as the pages read it. */
export type ProcedureDetail = Omit<ApiOk<'/api/v1/catalog/procedures/{code}'>, 'record'> & { record: ProcedureRecord };

/** A page of a list route. */
export interface Page<T> {
  items: T[];
  total: number;
  limit: number;
  offset: number;
}

export type ImplementingLevel = 'ministry' | 'province' | 'district' | 'commune' | 'other';

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
