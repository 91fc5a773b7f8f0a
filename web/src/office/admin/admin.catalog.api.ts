/**
 * The catalogue's administration API as the procedure and agency screens use it: procedures with
 * their flags ("trường cần kiểm tra") and versions, corrections (If-Match = the version's ETag),
 * agencies (list, tree, detail, create, change from a date, close). Labels in Vietnamese.
 */
import { keepPreviousData, queryOptions } from '@tanstack/react-query';
import type {
  DossierComponent,
  DossierGroup,
  ProcedureRecord,
  SubmissionChannel,
} from '../../shared/api/procedure-record.ts';
import type { ApiBody, ApiOk } from '../../shared/api/types.ts';
import { api } from '../../shared/api.ts';

// --- procedures ----------------------------------------------------------------------------

export type ProcedureSummary = ApiOk<'/api/v1/catalog/procedures'>['items'][number];
export type Flag = ApiOk<'/api/v1/catalog/procedures/{code}'>['flags'][number];
/** A procedure with its record read as the pages read it. */
export type ProcedureDetail = Omit<ApiOk<'/api/v1/catalog/procedures/{code}'>, 'record'> & { record: ProcedureRecord };
export type {
  Duration,
  Fee,
  Field,
  LegalAct,
  OnlineService,
  ProcedureRecord,
  ProcessingTime,
} from '../../shared/api/procedure-record.ts';
export type Channel = SubmissionChannel;
export type Component = DossierComponent;
export type { DossierGroup };

type Versions = ApiOk<'/api/v1/catalog/procedures/{code}/versions'>;
/** A version with its flags (each saying whether the correction form can fix it) and its corrections. */
export type ProcedureVersion = Versions['items'][number];
export type CorrectionLog = ProcedureVersion['corrections'][number];

export const proceduresQuery = (q: string, flagged: boolean, offset: number) =>
  queryOptions({
    queryKey: ['admin', 'procedures', q, flagged, offset] as const,
    queryFn: ({ signal }) =>
      api<ApiOk<'/api/v1/catalog/procedures'>>('/api/v1/catalog/procedures', {
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
      api<Versions>(`/api/v1/catalog/procedures/${encodeURIComponent(code)}/versions`, { signal }),
  });

export type CorrectionBody = ApiBody<'/api/v1/catalog/procedures/{code}/versions', 'post'>;

export const correctProcedure = (code: string, etag: string, body: CorrectionBody) =>
  api<ApiOk<'/api/v1/catalog/procedures/{code}/versions', 'post'>>(
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

export type Agency = ApiOk<'/api/v1/catalog/agencies'>['items'][number];
/** An agency with its version's ETag (for If-Match), its ancestors, how many units it has and its versions. */
export type AgencyDetail = ApiOk<'/api/v1/catalog/agencies/{code}'>;

export interface AgencyNode extends Agency {
  children: AgencyNode[];
}

export const agencyListQuery = (q: string) =>
  queryOptions({
    queryKey: ['admin', 'agency-list', q] as const,
    queryFn: ({ signal }) =>
      api<ApiOk<'/api/v1/catalog/agencies'>>('/api/v1/catalog/agencies', {
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

type AgencyChange = ApiBody<'/api/v1/catalog/agencies/{code}', 'patch'>;
/** What a change says of the agency itself (the date it takes effect from aside). */
export type AgencyInput = Omit<AgencyChange, 'effectiveFrom'>;

export const createAgency = (body: ApiBody<'/api/v1/catalog/agencies', 'post'>) =>
  api<AgencyDetail>('/api/v1/catalog/agencies', { method: 'POST', body });

export const changeAgency = (code: string, etag: string, body: AgencyChange) =>
  api<ApiOk<'/api/v1/catalog/agencies/{code}', 'patch'>>(`/api/v1/catalog/agencies/${encodeURIComponent(code)}`, {
    method: 'PATCH',
    body,
    headers: { 'if-match': etag },
  });

export const closeAgency = (
  code: string,
  etag: string,
  body: ApiBody<'/api/v1/catalog/agencies/{code}/close', 'post'>,
) =>
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
