/**
 * The catalog API's answers as this app reads them (GET /api/v1/catalog/…). The lists, flags and
 * due dates are the route schemas' own types (shared/api, generated from the server's OpenAPI
 * document). The procedure record is served as an opaque JSON value (its schema is not in the
 * OpenAPI document yet), so its shape below mirrors
 * server/src/modules/catalog/procedure-import/procedure.types.ts, limited to what the pages show;
 * a value the importer could not read is null and listed in `flags`.
 */
import type { ProcedureRecord } from '../shared/api/procedure-record.ts';
import type { ApiOk } from '../shared/api/types.ts';

export type {
  ChannelKind,
  CutoffRule,
  DossierComponent,
  DossierGroup,
  Duration,
  DurationUnit,
  Fee,
  Field,
  ImplementingLevel,
  LegalAct,
  ProcedureRecord,
  ProcessingTime,
  SubmissionChannel,
} from '../shared/api/procedure-record.ts';

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
