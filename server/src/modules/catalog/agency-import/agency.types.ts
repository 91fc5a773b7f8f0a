/**
 * Agencies (cơ quan, đơn vị) as the catalogue imports and exports them: one record per agency and
 * validity period, keyed by the electronic identifier of QCVN 102:2016/BTTTT or Quyết định
 * 20/2020/QĐ-TTg (see agency.code.ts).
 */

/**
 * What an agency is. The list follows the organisation of the state apparatus the platform serves:
 * - `ministry`: a Bộ (Luật Tổ chức Chính phủ);
 * - `central_agency`: a cơ quan ngang bộ or cơ quan thuộc Chính phủ (level-1 "G" codes that are not a
 *   Bộ: Văn phòng Chính phủ, Thanh tra Chính phủ, Ngân hàng Nhà nước, Bảo hiểm xã hội Việt Nam…);
 * - `province_committee`: UBND tỉnh / thành phố trực thuộc trung ương (level-1 "H" code);
 * - `province_office`: Văn phòng UBND tỉnh (and, where merged, Văn phòng Đoàn ĐBQH, HĐND và UBND);
 * - `department`: a cơ quan chuyên môn thuộc UBND tỉnh — the Sở and Thanh tra tỉnh (Nghị định
 *   45/2025/NĐ-CP, then 150/2025/NĐ-CP Art. 8);
 * - `service_centre`: Trung tâm Phục vụ hành chính công cấp tỉnh, an administrative organisation of
 *   the provincial People's Committee Office (Nghị định 118/2025/NĐ-CP);
 * - `district_committee`: UBND cấp huyện — only in records valid until 2025-06-30 (Nghị quyết
 *   202/2025/QH15 abolished the district level); kept so the pre-2025 registry can be imported;
 * - `division`: a unit inside an agency: phòng, chi cục, ban, vụ, cục of a ministry, văn phòng and
 *   thanh tra of a district or of a department;
 * - `commune_committee`: UBND xã / phường / đặc khu (and thị trấn before 2025-07-01);
 * - `commune_service_centre`: Trung tâm Phục vụ hành chính công cấp xã (Nghị định 118/2025/NĐ-CP);
 * - `public_service_unit`: đơn vị sự nghiệp công lập (schools, hospitals, centres, libraries…);
 * - `other`: anything else (party and mass organisations, vertically managed central branches,
 *   companies…), and rows whose kind could not be inferred.
 */
export type AgencyKind =
  | 'ministry'
  | 'central_agency'
  | 'province_committee'
  | 'province_office'
  | 'department'
  | 'service_centre'
  | 'district_committee'
  | 'division'
  | 'commune_committee'
  | 'commune_service_centre'
  | 'public_service_unit'
  | 'other';

export const AGENCY_KINDS: readonly AgencyKind[] = [
  'ministry',
  'central_agency',
  'province_committee',
  'province_office',
  'department',
  'service_centre',
  'district_committee',
  'division',
  'commune_committee',
  'commune_service_centre',
  'public_service_unit',
  'other',
];

/** Vietnamese labels, shown in lists and written in exported files (and accepted on import). */
export const AGENCY_KIND_LABELS: Readonly<Record<AgencyKind, string>> = {
  ministry: 'Bộ',
  central_agency: 'Cơ quan ngang bộ, cơ quan thuộc Chính phủ',
  province_committee: 'Ủy ban nhân dân cấp tỉnh',
  province_office: 'Văn phòng Ủy ban nhân dân cấp tỉnh',
  department: 'Sở, cơ quan chuyên môn cấp tỉnh',
  service_centre: 'Trung tâm Phục vụ hành chính công cấp tỉnh',
  district_committee: 'Ủy ban nhân dân cấp huyện (trước 01/7/2025)',
  division: 'Phòng, ban, chi cục, đơn vị thuộc cơ quan',
  commune_committee: 'Ủy ban nhân dân cấp xã',
  commune_service_centre: 'Trung tâm Phục vụ hành chính công cấp xã',
  public_service_unit: 'Đơn vị sự nghiệp công lập',
  other: 'Khác',
};

export interface AgencyRecord {
  /** Electronic identifier, normalised (trimmed, upper case): `000.00.02.H53` or a QĐ 20/2020 code. */
  code: string;
  name: string;
  shortName: string | null;
  kind: AgencyKind;
  /** The agency above it on the same dates; null for a root (a level-1 agency). */
  parentCode: string | null;
  /** Code of the administrative unit the agency serves (province 2 digits, commune 5 digits). */
  unitCode: string | null;
  /** First day of validity, `YYYY-MM-DD`. */
  validFrom: string;
  /** Last day of validity (inclusive), `YYYY-MM-DD`; null while in force. */
  validTo: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export type AgencyDefectSeverity = 'error' | 'warning';

export interface AgencyDefect {
  /**
   * Row in the file, counted as a spreadsheet counts them: the header is row 1, the first record
   * row 2 (for CSV the physical line the record starts on). 0 = the file as a whole.
   */
  row: number;
  /** AgencyRecord field name (`code`, `parentCode`…) or `file`. */
  field: string;
  value: string;
  /** Vietnamese, for the administrator. */
  message: string;
  severity: AgencyDefectSeverity;
}

/** `ours`: our column set (Vietnamese or English headers); `registry`: `ma_dinh_danh,ten_co_quan,in_charge`. */
export type AgencyFileFormat = 'csv' | 'xlsx' | 'registry-csv' | 'registry-xlsx' | 'unknown';

export interface AgencyReadResult {
  /** Rows without an error (rows with only warnings are kept); in file order. */
  records: AgencyRecord[];
  /** `rows[i]` is the file row of `records[i]` (same convention as AgencyDefect.row). */
  rows: number[];
  defects: AgencyDefect[];
  format: AgencyFileFormat;
}
