/**
 * The API as the back office uses it: the official's session (GET /api/v1/auth/me), the work
 * queues (GET /api/v1/office/queues…), dossiers and their history, actions and uploads. Answers
 * whose routes declare a schema are typed from it (shared/api, generated from the OpenAPI
 * document); the dossier routes' answers have none yet, so their types below are written here.
 */
import { queryOptions } from '@tanstack/react-query';
import type { ApiOk } from '../shared/api/types.ts';
import { ApiError, api, CSRF_COOKIE, CSRF_HEADER, type Problem, readCookie } from '../shared/api.ts';

/** The signed-in account (GET /api/v1/auth/me), as the route's schema describes it. */
export type Me = ApiOk<'/api/v1/auth/me'>;
export type RoleGrant = Me['roles'][number];

export const meQuery = queryOptions({
  queryKey: ['auth', 'me'] as const,
  queryFn: async ({ signal }): Promise<Me | null> => {
    try {
      return await api<Me>('/api/v1/auth/me', { signal });
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) return null;
      throw err;
    }
  },
  staleTime: 60_000,
});

export const ROLE_LABELS: Record<string, string> = {
  one_stop_officer: 'Công chức một cửa',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  clerk: 'Văn thư',
  agency_admin: 'Quản trị cơ quan',
  province_admin: 'Quản trị cấp tỉnh',
};

export const hasRole = (me: Me, ...roles: string[]) => me.roles.some((g) => roles.includes(g.role));
/** Roles that handle dossiers (the queues); administrators alone have none. */
export const DOSSIER_ROLES = ['one_stop_officer', 'specialist', 'leader', 'clerk'];

/**
 * Where an official's work starts ("/", the sign-in's default return, the `h` key, the not-found
 * page's way back): the queues for whoever handles dossiers; an administrator with no dossier
 * role has no queue, so their work starts at Quản trị.
 */
export function homeOf(me: Me | null): '/hang-doi/mine' | '/quan-tri' {
  return me && hasRole(me, 'province_admin', 'agency_admin') && !hasRole(me, ...DOSSIER_ROLES)
    ? '/quan-tri'
    : '/hang-doi/mine';
}

// --- queues --------------------------------------------------------------------------------

export type QueueId = 'reception' | 'mine' | 'agency' | 'due_soon' | 'overdue' | 'supplement' | 'ready_to_return';
export type DueState = 'early' | 'on-time' | 'due-soon' | 'overdue';

export type QueueCount = ApiOk<'/api/v1/office/queues'>['queues'][number];
export type QueuePage = ApiOk<'/api/v1/office/queues/{queue}'>;
export type QueueItem = QueuePage['items'][number];

export interface QueueFilter {
  procedure?: string;
  sector?: string;
  from?: string;
  to?: string;
  channel?: string;
  q?: string;
  page?: number;
}

export const countsQuery = queryOptions({
  queryKey: ['office', 'queues'] as const,
  queryFn: ({ signal }) => api<{ queues: QueueCount[] }>('/api/v1/office/queues', { signal }),
  staleTime: 15_000,
});

export const queueQuery = (queue: QueueId, filter: QueueFilter) =>
  queryOptions({
    queryKey: ['office', 'queue', queue, filter] as const,
    queryFn: ({ signal }) => api<QueuePage>(`/api/v1/office/queues/${queue}`, { signal, query: { ...filter } }),
    staleTime: 15_000,
  });

// --- dossiers ------------------------------------------------------------------------------

export interface Applicant {
  kind?: string;
  name: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface ActionView {
  kind: string;
  to: string | null;
  label: string;
  requires: string[];
}

export interface ComponentView {
  index: number;
  name: string;
  required: boolean;
  file: { sha256: string; size: number; mime: string; fileName: string; version: number } | null;
  versions: number;
}

export interface DossierView {
  id: string;
  code: string | null;
  status: string;
  statusLabel: string;
  procedureCode: string;
  procedureName: string;
  receivingAgency: string;
  handlingAgency: string;
  stepId: string;
  stepName: string;
  assigneeId: string | null;
  applicant: Applicant;
  formData: Record<string, Record<string, unknown>> | null;
  channel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  stepDueAt: string | null;
  appointmentAt: string | null;
  completedAt: string | null;
  timeliness: string | null;
  paused: boolean;
  resultFileIds: string[];
  version: number;
  availableActions: ActionView[];
  components: ComponentView[];
  fees: { id: string; description: string; amountVnd: number; status: string }[];
}

export interface HistoryItem {
  seq: number;
  at: string;
  action: string;
  label: string;
  actorName: string | null;
  toStatus: string;
  comment: string | null;
  reason: string | null;
  form: string | null;
  targetAgencyCode: string | null;
  stepDueAt: string | null;
  /** To whom the step went (assign, or an action naming the next handler). */
  assigneeName?: string | null;
}

export const dossierQuery = (id: string) =>
  queryOptions({
    queryKey: ['office', 'dossier', id] as const,
    queryFn: ({ signal }) => api<DossierView>(`/api/v1/dossiers/${encodeURIComponent(id)}`, { signal }),
  });

export const historyQuery = (id: string) =>
  queryOptions({
    queryKey: ['office', 'dossier', id, 'history'] as const,
    queryFn: ({ signal }) =>
      api<{ items: HistoryItem[] }>(`/api/v1/dossiers/${encodeURIComponent(id)}/history`, { signal }),
  });

export interface ActionInput {
  kind: string;
  to?: string;
  comment?: string;
  reason?: string;
  nextHandler?: string;
  targetAgency?: string;
  newDueDate?: string;
  resultFileIds?: string[];
  expectedVersion?: number;
}

export function act(id: string, input: ActionInput): Promise<DossierView> {
  return api<DossierView>(`/api/v1/dossiers/${encodeURIComponent(id)}/actions`, { method: 'POST', body: input });
}

/** Uploads one component as the raw body (the server checks size and type while reading). */
export async function uploadComponent(id: string, index: number, file: File): Promise<void> {
  const headers: Record<string, string> = { 'content-type': file.type || 'application/octet-stream' };
  const token = readCookie(CSRF_COOKIE);
  if (token) headers[CSRF_HEADER] = token;
  const url = `/api/v1/dossiers/${encodeURIComponent(id)}/components/${index}?fileName=${encodeURIComponent(file.name)}`;
  let res: Response;
  try {
    res = await fetch(url, { method: 'PUT', headers, body: file, credentials: 'same-origin' });
  } catch {
    throw new ApiError({ title: 'offline', status: 0, code: 'NETWORK_ERROR' });
  }
  if (!res.ok) {
    const problem = (await res.json().catch(() => null)) as Problem | null;
    throw new ApiError({ ...(problem ?? { title: res.statusText || 'Error' }), status: res.status });
  }
}

/** Uploads a signed result (multipart, field «file»); its id is what `attach_result` takes. */
export async function uploadResult(id: string, file: File): Promise<string> {
  const body = new FormData();
  body.append('file', file, file.name);
  const headers: Record<string, string> = { accept: 'application/json' };
  const token = readCookie(CSRF_COOKIE);
  if (token) headers[CSRF_HEADER] = token;
  let res: Response;
  try {
    res = await fetch(`/api/v1/dossiers/${encodeURIComponent(id)}/results`, {
      method: 'POST',
      headers,
      body,
      credentials: 'same-origin',
    });
  } catch {
    throw new ApiError({ title: 'offline', status: 0, code: 'NETWORK_ERROR' });
  }
  const data = (await res.json().catch(() => null)) as (Problem & { fileId?: string }) | null;
  if (!res.ok || !data?.fileId) {
    throw new ApiError({ ...(data ?? { title: res.statusText || 'Error' }), status: res.status || 500 });
  }
  return data.fileId;
}

export const componentUrl = (id: string, index: number) =>
  `/api/v1/dossiers/${encodeURIComponent(id)}/components/${index}`;
export const formUrl = (id: string, form: string) => `/api/v1/dossiers/${encodeURIComponent(id)}/forms/${form}`;

// --- catalogue -----------------------------------------------------------------------------

export interface ProcedureHit {
  code: string;
  name: string;
  sector: string;
}

export interface Agency {
  code: string;
  name: string;
  kind: string;
  parentCode: string | null;
}

export const agencyQuery = (code: string) =>
  queryOptions({
    queryKey: ['catalog', 'agency', code] as const,
    queryFn: ({ signal }) => api<Agency>(`/api/v1/catalog/agencies/${encodeURIComponent(code)}`, { signal }),
    staleTime: 10 * 60_000,
  });

// --- leader dashboard and escalations (GET /api/v1/office/dashboard, /escalations) ------------

export type AgencyDashboard = ApiOk<'/api/v1/office/dashboard'>;
/** Where a dashboard group leads; `exact` when the list shows exactly the group's dossiers. */
export type DrillDown = AgencyDashboard['overdue']['drillDown'];
export type Outcomes = AgencyDashboard['outcomes'];

export const dashboardQuery = (q: { agency: string; from?: string; to?: string }) =>
  queryOptions({
    queryKey: ['office', 'dashboard', q] as const,
    queryFn: ({ signal }) => api<AgencyDashboard>('/api/v1/office/dashboard', { signal, query: { ...q } }),
    staleTime: 30_000,
  });

export type EscalationPage = ApiOk<'/api/v1/office/escalations'>;
export type Escalation = EscalationPage['items'][number];

export const escalationsQuery = (page: number) =>
  queryOptions({
    queryKey: ['office', 'escalations', page] as const,
    queryFn: ({ signal }) =>
      api<EscalationPage>('/api/v1/office/escalations', {
        signal,
        query: page > 1 ? { page } : {},
      }),
    staleTime: 15_000,
  });

/** A row of GET /api/v1/dossiers (the drill-down of one handler's overdue dossiers). */
export interface DossierListItem {
  id: string;
  code: string | null;
  applicantName: string;
  procedureCode: string;
  procedureName: string;
  status: string;
  statusLabel: string;
  dueAt: string | null;
}

export const dossierListQuery = (href: string) =>
  queryOptions({
    queryKey: ['office', 'list', href] as const,
    queryFn: ({ signal }) => api<{ items: DossierListItem[]; total: number }>(href, { signal }),
    staleTime: 15_000,
  });

/** The leaders and administrators of which agencies may see a dashboard (the server decides). */
export const DASHBOARD_ROLES = ['leader', 'agency_admin', 'province_admin'];
