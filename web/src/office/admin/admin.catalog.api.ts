/**
 * The catalogue's administration API as the procedure and agency screens use it: procedures with
 * their flags ("trường cần kiểm tra") and versions, corrections (If-Match = the version's ETag),
 * agencies (list, tree, detail, create, change from a date, close). Labels in Vietnamese.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import { api } from '../../shared/api.ts';

// --- procedures ----------------------------------------------------------------------------

export interface ProcedureSummary {
  code: string;
  name: string;
  sector: string;
  levels: string[];
  versionFrom: string;
  versionTo: string | null;
  flagCount: number;
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

export interface Duration {
  amount: number;
  unit: string;
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

export interface ProcessingTime extends Field<Duration> {
  source: 'table' | 'description';
  kind: 'standard' | 'alternative' | 'extension';
  condition: string | null;
}

export interface Channel {
  channel: 'online' | 'in_person' | 'postal';
  label: string;
  processingTimes: ProcessingTime[];
  fees: Fee[];
  notes: string[];
}

export interface Component {
  raw: string;
  name: string;
  quantity: Field<{ originals: number; copies: number }>;
  requirement: Field<'required' | 'conditional' | 'alternative'>;
  template: Field<{ fileName: string; url: string | null }> | null;
}

export interface DossierGroup {
  heading: string | null;
  kind: string;
  alternatives: boolean;
  components: Component[];
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
  levels: Field<string[]>;
  subjects: Field<string[]>;
  competentAgency: Field<string>;
  implementingAgency: Field<string>;
  receivingAddress: Field<string>;
  steps: Field<string>;
  channels: Field<Channel[]>;
  dossier: Field<DossierGroup[]>;
  conditions: Field<string[]>;
  results: Field<{ name: string; code: string | null }[]>;
  legalBasis: Field<LegalAct[]>;
  onlineService: Field<OnlineService>;
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

export interface CorrectionLog {
  field: string;
  before: unknown;
  after: unknown;
  reason: string;
  source: string;
  by: { id: string; name: string | null };
  at: string;
  effectiveFrom: string;
}

export interface ProcedureVersion {
  code: string;
  name: string;
  versionFrom: string;
  versionTo: string | null;
  current: boolean;
  etag: string;
  flagCount: number;
  flags: (Flag & { correctable: boolean })[];
  corrections: CorrectionLog[];
}

export const proceduresQuery = (q: string, flagged: boolean, offset: number) =>
  queryOptions({
    queryKey: ['admin', 'procedures', q, flagged, offset] as const,
    queryFn: ({ signal }) =>
      api<{ items: ProcedureSummary[]; total: number; limit: number; offset: number }>('/api/v1/catalog/procedures', {
        signal,
        query: { q: q || undefined, flagged: flagged ? true : undefined, limit: 50, offset },
      }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const procedureQuery = (code: string) =>
  queryOptions({
    queryKey: ['admin', 'procedure', code] as const,
    queryFn: ({ signal }) => api<ProcedureDetail>(`/api/v1/catalog/procedures/${encodeURIComponent(code)}`, { signal }),
  });

export const procedureVersionsQuery = (code: string) =>
  queryOptions({
    queryKey: ['admin', 'procedure-versions', code] as const,
    queryFn: ({ signal }) =>
      api<{ code: string; items: ProcedureVersion[] }>(
        `/api/v1/catalog/procedures/${encodeURIComponent(code)}/versions`,
        { signal },
      ),
  });

export interface CorrectionBody {
  corrections: { field: string; value: unknown }[];
  reason: string;
  source: string;
  effectiveFrom?: string;
}

export const correctProcedure = (code: string, etag: string, body: CorrectionBody) =>
  api<{ mode: 'new_version' | 'amended'; version: ProcedureVersion; cleared: Flag[] }>(
    `/api/v1/catalog/procedures/${encodeURIComponent(code)}/versions`,
    { method: 'POST', body, headers: { 'if-match': etag } },
  );

export const LEVEL_LABELS: Record<string, string> = {
  ministry: 'Cấp bộ',
  province: 'Cấp tỉnh',
  district: 'Cấp huyện',
  commune: 'Cấp xã',
  other: 'Khác',
};

export const UNIT_LABELS: Record<string, string> = {
  working_day: 'ngày làm việc',
  day: 'ngày',
  working_hour: 'giờ làm việc',
  hour: 'giờ',
  week: 'tuần',
  month: 'tháng',
  year: 'năm',
};

export const CHANNEL_LABELS: Record<string, string> = {
  online: 'Trực tuyến',
  in_person: 'Trực tiếp',
  postal: 'Dịch vụ bưu chính',
};

export const FEE_KIND_LABELS: Record<string, string> = {
  fee: 'Phí',
  charge: 'Lệ phí',
  unspecified: 'Chưa rõ phí hay lệ phí',
};

export const REQUIREMENT_LABELS: Record<string, string> = {
  required: 'Bắt buộc',
  conditional: 'Tùy trường hợp',
  alternative: 'Một trong các giấy tờ thay thế',
};

export const FLAG_CODE_LABELS: Record<string, string> = {
  missing: 'Thiếu',
  unparsed: 'Không đọc được',
  ambiguous: 'Hiểu nhiều cách',
  conflict: 'Mâu thuẫn',
  needs_review: 'Cần xem lại',
};

/** Names of the fields a flag can point at, for people. */
export function fieldLabel(path: string): string {
  const top: Record<string, string> = {
    nationalCode: 'Mã thủ tục',
    name: 'Tên thủ tục',
    decisionNumber: 'Quyết định công bố',
    procedureType: 'Loại thủ tục',
    sector: 'Lĩnh vực',
    levels: 'Cấp thực hiện',
    subjects: 'Đối tượng thực hiện',
    competentAgency: 'Cơ quan có thẩm quyền',
    implementingAgency: 'Cơ quan thực hiện',
    receivingAddress: 'Địa chỉ tiếp nhận hồ sơ',
    steps: 'Trình tự thực hiện',
    channels: 'Cách thức thực hiện',
    dossier: 'Thành phần hồ sơ',
    conditions: 'Yêu cầu, điều kiện',
    results: 'Kết quả',
    legalBasis: 'Căn cứ pháp lý',
    onlineService: 'Mức độ dịch vụ công trực tuyến',
  };
  if (top[path]) return top[path];
  let m = /^channels\[(\d+)\]\.processingTimes\[(\d+)\]$/.exec(path);
  if (m) return `Thời hạn giải quyết — cách thức ${Number(m[1]) + 1}, dòng ${Number(m[2]) + 1}`;
  m = /^channels\[(\d+)\]\.fees\[(\d+)\]\.(amountVnd|kind)$/.exec(path);
  if (m)
    return `${m[3] === 'kind' ? 'Phí hay lệ phí' : 'Mức thu'} — cách thức ${Number(m[1]) + 1}, khoản ${Number(m[2]) + 1}`;
  m = /^dossier\[(\d+)\]\.components\[(\d+)\]\.(requirement|quantity|template)$/.exec(path);
  if (m) {
    const what = { requirement: 'Bắt buộc hay không', quantity: 'Số lượng', template: 'Mẫu đơn' }[m[3]!];
    return `${what} — nhóm ${Number(m[1]) + 1}, giấy tờ ${Number(m[2]) + 1}`;
  }
  m = /^legalBasis\[(\d+)\]\.(number|title|issuedDate)$/.exec(path);
  if (m) {
    const what = { number: 'Số hiệu', title: 'Tên văn bản', issuedDate: 'Ngày ban hành' }[m[2]!];
    return `${what} — căn cứ ${Number(m[1]) + 1}`;
  }
  m = /^dossier\[(\d+)\]$/.exec(path);
  if (m) return `Thành phần hồ sơ — nhóm ${Number(m[1]) + 1}`;
  return path;
}

/** The DOM id of the correction input of a field (problems and flags link to it). */
export const inputId = (field: string) => `sua-${field.replace(/[^a-zA-Z0-9]+/g, '-')}`;

// --- agencies ------------------------------------------------------------------------------

export interface Agency {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  kindLabel: string;
  parentCode: string | null;
  unitCode: string | null;
  validFrom: string;
  validTo: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  origin: string;
}

export interface AgencyDetail extends Agency {
  etag: string;
  ancestors: { code: string; name: string }[];
  childCount: number;
  versions: { validFrom: string; validTo: string | null; name: string }[];
}

export interface AgencyNode extends Agency {
  children: AgencyNode[];
}

export const agencyListQuery = (q: string) =>
  queryOptions({
    queryKey: ['admin', 'agency-list', q] as const,
    queryFn: ({ signal }) =>
      api<{ items: Agency[]; total: number }>('/api/v1/catalog/agencies', {
        signal,
        query: { q: q || undefined, limit: 500 },
      }),
    placeholderData: keepPreviousData,
    staleTime: 10_000,
  });

export const agencyDetailQuery = (code: string) =>
  queryOptions({
    queryKey: ['admin', 'agency', code] as const,
    queryFn: ({ signal }) => api<AgencyDetail>(`/api/v1/catalog/agencies/${encodeURIComponent(code)}`, { signal }),
    retry: false,
  });

export interface AgencyInput {
  name?: string;
  shortName?: string | null;
  kind?: string;
  parentCode?: string | null;
  unitCode?: string | null;
  email?: string | null;
  phone?: string | null;
  address?: string | null;
  reason: string;
}

export const createAgency = (body: AgencyInput & { code: string; validFrom?: string }) =>
  api<AgencyDetail>('/api/v1/catalog/agencies', { method: 'POST', body });

export const changeAgency = (code: string, etag: string, body: AgencyInput & { effectiveFrom?: string }) =>
  api<{ mode: 'new_version' | 'amended'; agency: AgencyDetail }>(
    `/api/v1/catalog/agencies/${encodeURIComponent(code)}`,
    {
      method: 'PATCH',
      body,
      headers: { 'if-match': etag },
    },
  );

export const closeAgency = (code: string, etag: string, body: { validTo: string; reason: string }) =>
  api<AgencyDetail>(`/api/v1/catalog/agencies/${encodeURIComponent(code)}/close`, {
    method: 'POST',
    body,
    headers: { 'if-match': etag },
  });

/** The kinds of agency-import/agency.types.ts, with their labels. */
export const AGENCY_KIND_OPTIONS: [string, string][] = [
  ['department', 'Sở, cơ quan chuyên môn cấp tỉnh'],
  ['division', 'Phòng, ban, chi cục, đơn vị thuộc cơ quan'],
  ['commune_committee', 'Ủy ban nhân dân cấp xã'],
  ['commune_service_centre', 'Trung tâm Phục vụ hành chính công cấp xã'],
  ['service_centre', 'Trung tâm Phục vụ hành chính công cấp tỉnh'],
  ['public_service_unit', 'Đơn vị sự nghiệp công lập'],
  ['province_committee', 'Ủy ban nhân dân cấp tỉnh'],
  ['province_office', 'Văn phòng Ủy ban nhân dân cấp tỉnh'],
  ['ministry', 'Bộ'],
  ['central_agency', 'Cơ quan ngang bộ, cơ quan thuộc Chính phủ'],
  ['district_committee', 'Ủy ban nhân dân cấp huyện (trước 01/7/2025)'],
  ['other', 'Khác'],
];
