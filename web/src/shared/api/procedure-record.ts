/**
 * The parsed procedure record the catalog serves (`record` of GET /api/v1/catalog/procedures/{code}),
 * read by the portal and the office's procedure administration. The route declares it as an opaque
 * JSON value, so it is not in the generated OpenAPI types: its shape mirrors
 * server/src/modules/catalog/procedure-import/procedure.types.ts, limited to what the pages show.
 * A value the importer could not read is null and listed in the procedure's `flags`.
 */

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

export type OnlineService = { scheme: 'legacy'; level: 2 | 3 | 4 } | { scheme: 'current'; scope: 'full' | 'partial' };

export interface ProcedureRecord {
  nationalCode: Field<string>;
  name: Field<string>;
  decisionNumber: Field<string>;
  procedureType: Field<string>;
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
  onlineService: Field<OnlineService>;
  source: { detailUrl: string | null; formalityId: string | null };
}
