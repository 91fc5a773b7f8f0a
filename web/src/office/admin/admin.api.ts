/**
 * The API as the administration screens use it: process definitions (list, one version as JSON
 * and as an SVG diagram, save a new version, publish or retire), working calendars (days off,
 * make-up days, office hours), agencies for names and choices, and the register (Mẫu 07) export.
 */
import { queryOptions } from '@tanstack/react-query';
import { api, apiUrl } from '../../shared/api.ts';
import { hasRole, type Me } from '../office.api.ts';

export { ACTION_LABELS } from './process.labels.ts';

export const isProvinceAdmin = (me: Me) => hasRole(me, 'province_admin');
export const isAdmin = (me: Me) => hasRole(me, 'province_admin', 'agency_admin');

// --- process definitions -------------------------------------------------------------------

export type DefinitionStatus = 'draft' | 'published' | 'retired';
export type StepRole = 'one_stop_officer' | 'specialist' | 'leader' | 'clerk';

export interface DefinitionSummary {
  id: string;
  version: number;
  procedureCode: string;
  agencyCode: string;
  name: string;
  status: DefinitionStatus;
  effectiveFrom: string;
  effectiveTo: string | null;
  /** The draft's revision: sent back when editing it in place (409 if somebody saved since). */
  updatedAt: string;
}

export type StepAgency = { kind: 'receiving' } | { kind: 'fixed'; code: string } | { kind: 'transfer_target' };

export interface ActionSpec {
  kind: string;
  to?: string;
  guards: { kind: string; [k: string]: unknown }[];
  requires: string[];
  label: string;
}

export interface Step {
  id: string;
  name: string;
  role: StepRole;
  agency: StepAgency;
  share: number;
  dossierStatus: string;
  actions: ActionSpec[];
}

export interface ProcessDefinition {
  id: string;
  procedureCode: string;
  name: string;
  agencyCode: string;
  version: number;
  effectiveFrom: string;
  effectiveTo: string | null;
  status: DefinitionStatus;
  totalTime: { unit: 'working_days' | 'working_hours'; amount: number };
  cutoff?: string;
  startStep: string;
  steps: Step[];
}

export const definitionsQuery = queryOptions({
  queryKey: ['admin', 'definitions'] as const,
  queryFn: ({ signal }) => api<{ items: DefinitionSummary[] }>('/api/v1/process-definitions', { signal }),
  staleTime: 10_000,
});

export const definitionQuery = (id: string, version: number) =>
  queryOptions({
    queryKey: ['admin', 'definition', id, version] as const,
    queryFn: ({ signal }) =>
      api<ProcessDefinition>(`/api/v1/process-definitions/${encodeURIComponent(id)}/versions/${version}`, { signal }),
    staleTime: 60_000,
  });

/** The server draws the diagram (process.diagram.ts); an <img> of it runs no script. */
export const diagramUrl = (id: string, version: number) =>
  apiUrl(`/api/v1/process-definitions/${encodeURIComponent(id)}/versions/${version}`, { format: 'svg' });

export const saveDefinition = (def: ProcessDefinition) =>
  api<{ id: string; version: number; status: DefinitionStatus }>('/api/v1/process-definitions', {
    method: 'POST',
    body: def,
  });

/** A problem the server's validation found (process.validate.ts): JSON pointer and Vietnamese text. */
export interface DefinitionProblem {
  code: string;
  path: string;
  message: string;
}

export interface DryRun {
  ok: boolean;
  problems: DefinitionProblem[];
  svg?: string;
  shareTotal?: number;
}

/** The server's full validation of a definition being edited, with its diagram; writes nothing. */
export const validateDefinition = (def: ProcessDefinition, signal?: AbortSignal) =>
  api<DryRun>('/api/v1/process-definitions/validate', {
    method: 'POST',
    body: def,
    query: { diagram: 'svg' },
    ...(signal ? { signal } : {}),
  });

/** Edits a draft in place, from the revision the editor loaded. */
export const updateDraft = (def: ProcessDefinition, expectedUpdatedAt: string) =>
  api<{ id: string; version: number; status: DefinitionStatus; updatedAt: string }>(
    `/api/v1/process-definitions/${encodeURIComponent(def.id)}/versions/${def.version}`,
    { method: 'PUT', body: { definition: def, expectedUpdatedAt } },
  );

export const deleteDraft = (id: string, version: number, expectedUpdatedAt?: string) =>
  api<void>(`/api/v1/process-definitions/${encodeURIComponent(id)}/versions/${version}`, {
    method: 'DELETE',
    query: { expectedUpdatedAt },
  });

export const setDefinitionStatus = (id: string, version: number, status: 'published' | 'retired') =>
  api<{ id: string; version: number; status: DefinitionStatus }>(
    `/api/v1/process-definitions/${encodeURIComponent(id)}/versions/${version}/status`,
    { method: 'POST', body: { status } },
  );

export const STATUS_LABELS: Record<DefinitionStatus, string> = {
  draft: 'Bản nháp',
  published: 'Đang áp dụng',
  retired: 'Ngừng áp dụng',
};

export const STEP_ROLE_LABELS: Record<StepRole, string> = {
  one_stop_officer: 'Cán bộ một cửa',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  clerk: 'Văn thư',
};

/** Actions that need a target step (process.schemas.ts MOVING_ACTIONS), or may have one. */
export const MOVING = new Set(['forward', 'send_back', 'transfer', 'return_transfer']);
export const OPTIONALLY_MOVING = new Set(['accept', 'approve']);

export const REQUIREMENT_LABELS: Record<string, string> = {
  comment: 'Ý kiến',
  result_file: 'Tệp kết quả',
  next_handler: 'Người xử lý tiếp',
  target_agency: 'Cơ quan nhận',
  new_due_date: 'Hạn mới',
  reason: 'Lý do',
};

/** The guards an action may have (process.schemas.ts Guard), in the editor's order. */
export const GUARD_KINDS = ['fee_paid', 'components_present', 'identity_level', 'result_attached'] as const;

export const STEP_STATUS_CHOICES = [
  'received',
  'in_progress',
  'transferred',
  'awaiting_approval',
  'approved',
  'result_ready',
] as const;

export const GUARD_LABELS: Record<string, string> = {
  fee_paid: 'đã nộp phí',
  components_present: 'đủ thành phần bắt buộc',
  identity_level: 'mức định danh',
  result_attached: 'đã có kết quả',
};

export const DOSSIER_STATUS_LABELS: Record<string, string> = {
  received: 'Đã tiếp nhận',
  in_progress: 'Đang xử lý',
  transferred: 'Đang liên thông',
  awaiting_approval: 'Chờ phê duyệt',
  approved: 'Đã phê duyệt',
  result_ready: 'Chờ trả kết quả',
};

export function agencyLabel(a: StepAgency, names: Map<string, string>): string {
  if (a.kind === 'receiving') return 'Cơ quan tiếp nhận';
  if (a.kind === 'transfer_target') return 'Cơ quan nhận liên thông';
  return names.get(a.code) ?? a.code;
}

export function scopeLabel(code: string, names: Map<string, string>): string {
  if (code === 'scope:commune') return 'Mọi UBND cấp xã';
  if (code === 'scope:province') return 'Mọi cơ quan cấp tỉnh';
  return names.get(code) ?? code;
}

// --- agencies ------------------------------------------------------------------------------

export interface AgencyItem {
  code: string;
  name: string;
  kind?: string;
}

export const agenciesQuery = queryOptions({
  queryKey: ['admin', 'agencies'] as const,
  queryFn: ({ signal }) =>
    api<{ items: AgencyItem[]; total: number }>('/api/v1/catalog/agencies', { signal, query: { limit: 500 } }),
  staleTime: 10 * 60_000,
  select: (d) => ({ items: d.items, names: new Map(d.items.map((a) => [a.code, a.name])) }),
});

/** Agencies of the catalogue matching a few letters of the name or code (the step's agency picker). */
export const agencySearchQuery = (q: string) =>
  queryOptions({
    queryKey: ['admin', 'agency-search', q] as const,
    queryFn: ({ signal }) =>
      api<{ items: AgencyItem[]; total: number }>('/api/v1/catalog/agencies', { signal, query: { q, limit: 20 } }),
    staleTime: 5 * 60_000,
    enabled: q.trim().length >= 2,
  });

// --- working calendars ---------------------------------------------------------------------

export interface TimeRange {
  start: string;
  end: string;
}

export interface CalendarDay {
  date: string;
  kind: 'off' | 'work';
  reason: string;
}

export interface WorkingCalendar {
  id: string;
  name: string;
  provinceCode: string | null;
  workWeek: number[];
  officeHours: TimeRange[];
  hoursByWeekday: Record<string, TimeRange[]>;
  defaultCutoff: string;
  includePending: boolean | string[];
  isDefault: boolean;
  version: number;
  days: CalendarDay[];
}

export interface DayOff {
  date: string;
  weekday: number;
  reason: string;
  kind: string;
  source: string;
}

export const calendarsQuery = queryOptions({
  queryKey: ['admin', 'calendars'] as const,
  queryFn: ({ signal }) => api<{ items: WorkingCalendar[] }>('/api/v1/catalog/calendars', { signal }),
  staleTime: 10_000,
});

export const holidaysQuery = (calendar: string, year: number) =>
  queryOptions({
    queryKey: ['admin', 'holidays', calendar, year] as const,
    queryFn: ({ signal }) =>
      api<{ year: number; calendar: string; items: DayOff[]; makeUpWorkingDays: DayOff[] }>(
        '/api/v1/catalog/calendar/holidays',
        { signal, query: { year, calendar } },
      ),
    staleTime: 10_000,
  });

export const putCalendarDay = (id: string, day: CalendarDay) =>
  api<WorkingCalendar>(`/api/v1/catalog/calendars/${encodeURIComponent(id)}/days/${day.date}`, {
    method: 'PUT',
    body: { kind: day.kind, reason: day.reason },
  });

export const deleteCalendarDay = (id: string, date: string) =>
  api<void>(`/api/v1/catalog/calendars/${encodeURIComponent(id)}/days/${date}`, { method: 'DELETE' });

export const patchCalendar = (
  id: string,
  patch: Partial<Pick<WorkingCalendar, 'workWeek' | 'officeHours' | 'defaultCutoff'>>,
) => api<WorkingCalendar>(`/api/v1/catalog/calendars/${encodeURIComponent(id)}`, { method: 'PATCH', body: patch });

export const WEEKDAY_LABELS = ['Chủ nhật', 'Thứ hai', 'Thứ ba', 'Thứ tư', 'Thứ năm', 'Thứ sáu', 'Thứ bảy'];

// --- register (Mẫu 07) ---------------------------------------------------------------------

export const registerUrl = (agency: string, from: string, to: string, format: 'pdf' | 'xlsx') =>
  apiUrl('/api/v1/dossiers/register.pdf', { agency, from, to, format });

// --- users and roles -----------------------------------------------------------------------

export interface AccountRow {
  id: string;
  kind: string;
  username: string;
  name: string;
  email: string | null;
  agencyCode: string | null;
  position: string | null;
  disabled: boolean;
  mfaEnrolled: boolean;
  roles: { id: string | null; role: string; agencyCode: string | null }[];
}

export const accountsQuery = (q: string, offset: number) =>
  queryOptions({
    queryKey: ['admin', 'accounts', q, offset] as const,
    queryFn: ({ signal }) =>
      api<{ items: AccountRow[]; total: number; limit: number; offset: number }>('/api/v1/identity/accounts', {
        signal,
        query: { kind: 'official', q: q || undefined, limit: 20, offset },
      }),
    staleTime: 5_000,
  });

export interface NewOfficial {
  username: string;
  name: string;
  agencyCode: string;
  position?: string;
  email?: string;
  password: string;
}

export const createOfficial = (body: NewOfficial) =>
  api<AccountRow>('/api/v1/identity/accounts', { method: 'POST', body });

export const grantRole = (accountId: string, role: string, agencyCode: string | null) =>
  api<{ id: string }>(`/api/v1/identity/accounts/${accountId}/roles`, { method: 'POST', body: { role, agencyCode } });

export const revokeRole = (accountId: string, grantId: string) =>
  api<void>(`/api/v1/identity/accounts/${accountId}/roles/${grantId}`, { method: 'DELETE' });
