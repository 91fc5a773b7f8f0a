/**
 * The dossier API as the citizen uses it (server/src/modules/dossier): own dossiers, drafts and
 * their form data, component uploads with progress, applicant actions (submit, supplement,
 * withdraw), payments and the rating. Views are typed as far as the pages read them.
 */
import { queryOptions } from '@tanstack/react-query';
import { ApiError, api, CSRF_COOKIE, CSRF_HEADER, type Problem, readCookie } from '../shared/api.ts';
import type { Eform } from '../shared/eform/eform.ts';

export interface Applicant {
  kind?: 'citizen' | 'organisation';
  name: string;
  idNumber?: string;
  phone?: string;
  email?: string;
  address?: string;
}

export interface ComponentView {
  index: number;
  name: string;
  required: boolean;
  file: { sha256: string; size: number; mime: string; fileName: string; version: number } | null;
  versions: number;
}

export interface FeeView {
  id: string;
  kind: string;
  description: string;
  amountVnd: number;
  status: 'unpaid' | 'paid' | string;
}

export interface ActionView {
  kind: string;
  to: string | null;
  label: string;
  requires: string[];
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
  applicant: Applicant;
  formData: Record<string, unknown> | null;
  channel: string;
  createdAt: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  completedAt: string | null;
  timeliness: string | null;
  paused: boolean;
  resultFileIds: string[];
  /** The result documents the caller may download (the applicant: once returned). */
  resultFiles?: ResultFileView[];
  version: number;
  availableActions: ActionView[];
  components: ComponentView[];
  fees: FeeView[];
}

export interface ResultFileView {
  id: string;
  fileName: string;
  size: number;
  sha256: string;
  mime: string;
  uploadedAt: string;
  attached: boolean;
}

export interface DossierSummary {
  id: string;
  code: string | null;
  status: string;
  statusLabel: string;
  procedureCode: string;
  procedureName: string;
  receivingAgency: string;
  submittedAt: string | null;
  receivedAt: string | null;
  dueAt: string | null;
  appointmentAt: string | null;
  timeliness: string | null;
  version: number;
}

export interface HistoryItem {
  seq: number;
  at: string;
  action: string;
  label: string;
  fromStatus: string;
  toStatus: string;
  toStepId: string;
  reason: string | null;
  comment: string | null;
  form: string | null;
  appointmentAt: string | null;
  resultFileIds: string[];
}

export interface PaymentSummary {
  fees: (FeeView & { paidAt: string | null })[];
  payments: { id: string; amountVnd: number; status: string; createdAt: string; completedAt: string | null }[];
  dueVnd: number;
  vietQr: string | null;
}

export interface Rating {
  score: number;
  scoreLabel?: string;
  comment: string | null;
  ratedAt: string;
}

export interface AccountView {
  id: string;
  name: string;
  email: string | null;
  phone: string | null;
  citizenId: string | null;
  taxCode: string | null;
  /** Present when the account has them (e.g. from the electronic identity provider). */
  dateOfBirth?: string | null;
  address?: string | null;
}

export interface Agency {
  code: string;
  name: string;
  shortName?: string | null;
  kind: string;
  address?: string | null;
  phone?: string | null;
  /** From the receivers list: 2 when the procedure there needs a level-2 electronic identity. */
  minIdentityLevel?: number;
}

/** The external identity providers (VNeID pattern) this server signs people in with. */
export const externalProvidersQuery = queryOptions({
  queryKey: ['auth', 'external-providers'],
  queryFn: async ({ signal }) =>
    (
      await api<{ items: { id: string; name: string; startUrl: string }[] }>('/api/v1/auth/external/providers', {
        signal,
      })
    ).items,
  staleTime: 30 * 60_000,
});

export interface AppointmentPrediction {
  dueAt: string;
  receiptDay: string;
}

export const LIST_PAGE = 20;

export const dossierQueries = {
  list: (offset = 0, status?: string) =>
    queryOptions({
      queryKey: ['dossiers', 'list', { offset, status }],
      queryFn: ({ signal }) =>
        api<{ items: DossierSummary[]; total: number; limit: number; offset: number }>('/api/v1/dossiers', {
          // Newest submitted first, then the drafts by creation (the server orders across pages).
          query: { limit: LIST_PAGE, offset, status, sort: 'submittedAt' },
          signal,
        }),
    }),
  /** The drafts of one procedure (to resume one instead of starting again). */
  drafts: () =>
    queryOptions({
      queryKey: ['dossiers', 'list', { status: 'draft', all: true }],
      queryFn: ({ signal }) =>
        api<{ items: DossierSummary[]; total: number }>('/api/v1/dossiers', {
          query: { status: 'draft', limit: 200 },
          signal,
        }),
    }),
  one: (id: string) =>
    queryOptions({
      queryKey: ['dossiers', 'one', id],
      queryFn: ({ signal }) => api<DossierView>(`/api/v1/dossiers/${encodeURIComponent(id)}`, { signal }),
    }),
  history: (id: string) =>
    queryOptions({
      queryKey: ['dossiers', 'history', id],
      queryFn: ({ signal }) =>
        api<{ items: HistoryItem[] }>(`/api/v1/dossiers/${encodeURIComponent(id)}/history`, { signal }),
    }),
  payments: (id: string) =>
    queryOptions({
      queryKey: ['dossiers', 'payments', id],
      queryFn: ({ signal }) => api<PaymentSummary>(`/api/v1/dossiers/${encodeURIComponent(id)}/payments`, { signal }),
    }),
  rating: (id: string) =>
    queryOptions({
      queryKey: ['dossiers', 'rating', id],
      queryFn: async ({ signal }): Promise<Rating | null> => {
        try {
          return await api<Rating>(`/api/v1/dossiers/${encodeURIComponent(id)}/rating`, { signal });
        } catch (err) {
          // Not rated yet is an answer.
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        }
      },
    }),
  account: (id: string) =>
    queryOptions({
      queryKey: ['account', id],
      queryFn: ({ signal }) => api<AccountView>(`/api/v1/identity/accounts/${encodeURIComponent(id)}`, { signal }),
      staleTime: 5 * 60_000,
    }),
};

export const publicQueries = {
  /** The e-form of a procedure; null when it has none (404). */
  eform: (code: string) =>
    queryOptions({
      queryKey: ['catalog', 'eform', code],
      queryFn: async ({ signal }): Promise<Eform | null> => {
        try {
          return await api<Eform>(`/api/v1/procedures/${encodeURIComponent(code)}/eform`, { signal });
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) return null;
          throw err;
        }
      },
      staleTime: 5 * 60_000,
    }),
  agency: (code: string) =>
    queryOptions({
      queryKey: ['catalog', 'agency', code],
      queryFn: ({ signal }) => api<Agency>(`/api/v1/catalog/agencies/${encodeURIComponent(code)}`, { signal }),
      staleTime: 30 * 60_000,
    }),
  agencies: (kind: string) =>
    queryOptions({
      queryKey: ['catalog', 'agencies', kind],
      queryFn: ({ signal }) =>
        api<{ items: Agency[]; total: number }>('/api/v1/catalog/agencies', { query: { kind, limit: 500 }, signal }),
      staleTime: 30 * 60_000,
    }),
  /** The agencies with a process in force for this procedure: where it can be submitted now. */
  receivers: (code: string) =>
    queryOptions({
      queryKey: ['catalog', 'receivers', code],
      queryFn: ({ signal }) =>
        api<{ items: Agency[]; total: number }>(`/api/v1/procedures/${encodeURIComponent(code)}/agencies`, {
          signal,
        }),
      staleTime: 60_000,
    }),
  appointment: (code: string, agency: string) =>
    queryOptions({
      queryKey: ['catalog', 'appointment', code, agency],
      queryFn: ({ signal }) =>
        api<AppointmentPrediction>(`/api/v1/procedures/${encodeURIComponent(code)}/appointment`, {
          query: { agency },
          signal,
        }),
      staleTime: 60_000,
    }),
};

const path = (id: string, rest = '') => `/api/v1/dossiers/${encodeURIComponent(id)}${rest}`;

/**
 * Creates the draft. The Idempotency-Key makes a retry after a lost answer (a phone losing its
 * network just then) return the same draft instead of creating a second one.
 */
export function createDraft(
  input: {
    procedureCode: string;
    agencyCode: string;
    applicant: Applicant;
    formData: Record<string, unknown>;
  },
  idempotencyKey?: string,
): Promise<DossierView> {
  return api<DossierView>('/api/v1/dossiers', {
    method: 'POST',
    body: { ...input, channel: 'online', submit: false },
    ...(idempotencyKey ? { headers: { 'idempotency-key': idempotencyKey } } : {}),
  });
}

export function saveFormData(id: string, formData: Record<string, unknown>, expectedVersion?: number) {
  return api<DossierView>(path(id, '/form-data'), {
    method: 'PATCH',
    // Also sent when the tab closes or the phone switches apps mid-save.
    keepalive: true,
    body: expectedVersion === undefined ? { formData } : { formData, expectedVersion },
  });
}

export function act(
  id: string,
  body: { kind: string; reason?: string; comment?: string; expectedVersion?: number },
): Promise<DossierView> {
  return api<DossierView>(path(id, '/actions'), { method: 'POST', body });
}

export function startPayment(id: string) {
  return api<{ paymentId: string; amountVnd: number; redirectUrl: string }>(path(id, '/payments'), { method: 'POST' });
}

export function rate(id: string, body: { score: number; comment?: string }) {
  return api<Rating>(path(id, '/rating'), { method: 'POST', body });
}

/** Where a dossier's PDF form (Mẫu 01–06) is downloaded; the browser sends the session cookie. */
export function formUrl(id: string, form: string): string {
  return path(id, `/forms/${form}`);
}

/** Deletes the applicant's own draft that was never submitted (a submitted one is withdrawn instead). */
export async function deleteDraft(id: string): Promise<void> {
  await api<void>(`/api/v1/dossiers/${encodeURIComponent(id)}`, { method: 'DELETE' });
}

export function resultUrl(id: string, fileId: string): string {
  return `/api/v1/dossiers/${encodeURIComponent(id)}/results/${encodeURIComponent(fileId)}`;
}

export function componentUrl(id: string, index: number): string {
  return path(id, `/components/${index}`);
}

/** Upload limits of the server (dossier.service.ts COMPONENT_MAX_BYTES, COMPONENT_MIMES). */
export const UPLOAD_MAX_BYTES = 20 * 1024 * 1024;
export const UPLOAD_TYPES = ['application/pdf', 'image/jpeg', 'image/png', 'image/tiff'];

/**
 * Uploads one component as the raw request body. XMLHttpRequest, not fetch: only it reports
 * upload progress, which a citizen on a slow phone network needs to see.
 */
export function uploadComponent(
  id: string,
  index: number,
  file: File,
  onProgress: (fraction: number) => void,
  signal?: AbortSignal,
): Promise<{ index: number; version: number; size: number; mime: string; fileName: string }> {
  return new Promise((resolve, reject) => {
    const xhr = new XMLHttpRequest();
    const url = `${path(id, `/components/${index}`)}?fileName=${encodeURIComponent(file.name.slice(0, 255) || `tep-${index}`)}`;
    xhr.open('PUT', url);
    xhr.setRequestHeader('accept', 'application/json');
    xhr.setRequestHeader('content-type', UPLOAD_TYPES.includes(file.type) ? file.type : 'application/octet-stream');
    const token = readCookie(CSRF_COOKIE);
    if (token) xhr.setRequestHeader(CSRF_HEADER, token);
    xhr.upload.onprogress = (e) => {
      if (e.lengthComputable) onProgress(e.loaded / e.total);
    };
    xhr.onload = () => {
      let body: unknown;
      try {
        body = JSON.parse(xhr.responseText);
      } catch {
        body = undefined;
      }
      if (xhr.status >= 200 && xhr.status < 300) resolve(body as never);
      else {
        const problem =
          body && typeof body === 'object' && 'title' in body
            ? (body as Problem)
            : { title: xhr.statusText || 'Error', status: xhr.status };
        reject(new ApiError({ ...problem, status: xhr.status }));
      }
    };
    xhr.onerror = () => reject(new ApiError({ title: 'offline', status: 0, code: 'NETWORK_ERROR' }));
    xhr.onabort = () => reject(new DOMException('aborted', 'AbortError'));
    signal?.addEventListener('abort', () => xhr.abort());
    xhr.send(file);
  });
}
