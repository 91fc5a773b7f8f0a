/**
 * The agency tree of the demo province: Thành phố Cần Thơ after 1 July 2025 (Nghị quyết
 * 202/2025/QH15: Cần Thơ, Hậu Giang and Sóc Trăng merged into Thành phố Cần Thơ, code 92, 103
 * communes and wards).
 *
 * STRUCTURE (what is real):
 * - the city People's Committee;
 * - its specialised agencies. Nghị định 45/2025/NĐ-CP, then Nghị định 150/2025/NĐ-CP Art. 8 for the
 *   two-level government, list 12 agencies every province has: Sở Nội vụ, Sở Tư pháp, Sở Tài chính,
 *   Sở Công Thương, Sở Nông nghiệp và Môi trường, Sở Xây dựng, Sở Khoa học và Công nghệ, Sở Văn hóa,
 *   Thể thao và Du lịch, Sở Giáo dục và Đào tạo, Sở Y tế, Thanh tra tỉnh and Văn phòng UBND; Art. 9
 *   allows a few more where conditions are met — Cần Thơ has a Sở Dân tộc và Tôn giáo (Báo Lao Động,
 *   June 2025, on the merger of the three provinces' departments). The Văn phòng Đoàn ĐBQH và HĐND
 *   serves the People's Council, not the Committee, and is outside NĐ 45/2025, so it is not in this
 *   tree;
 * - the Trung tâm Phục vụ hành chính công thành phố, an administrative organisation of the city
 *   People's Committee Office (Nghị định 118/2025/NĐ-CP; e.g. Quyết định 58/2025/QĐ-UBND Thanh Hóa;
 *   the pre-2025 registry of Tây Ninh already placed its centre under the Office, 000.02.01.H53).
 *   Cần Thơ announced 3 city-level centre sites and 103 commune-level centres for 1 July 2025 (Báo Lao
 *   Động, 29/6/2025); only the main city centre is modelled;
 * - a few divisions of two departments (names as such divisions are commonly called; not a copy of
 *   Cần Thơ's decisions on their organisation);
 * - for every commune and ward: its People's Committee and its Trung tâm Phục vụ hành chính công
 *   (the commune-level centres of Nghị định 118/2025/NĐ-CP), serving that commune.
 *
 * CODES (what is NOT real): Cần Thơ's real identifiers are not in our data, and inventing them would
 * plant fake registry facts. Every code here lives in a demonstration namespace:
 * - the level-1 slot `H99`. The published level-1 codes of provincial People's Committees we could
 *   read are two-digit `H` codes of the 63 (now 34) provinces (H41 Nghệ An, H49 Quảng Ninh, H53 Tây
 *   Ninh, H54 Thái Bình, H57 Huế); no list we could find assigns H99. That no province holds it is
 *   therefore an inference, not a verified fact: if the registry ever assigns H99, change
 *   DEMO_LEVEL_ONE_CODE.
 * - provincial agencies use the legacy QCVN 102:2016 form under it (`000.00.00.H99` the committee,
 *   `000.00.YY.H99` its agencies, `000.ZZ.YY.H99` their divisions);
 * - communes cannot: in the legacy form they would be level-2 units under the committee, and the
 *   two-digit YY level holds at most 99 units, already shared with the departments, while Cần Thơ has
 *   103 communes. They use the Quyết định 20/2020/QĐ-TTg form (groups left to right, level 1 first):
 *   `H99.<5-digit commune code>` for the commune committee and `H99.<commune code>.01` for its
 *   centre. The width of groups after the level-1 code is left to each locality by QĐ 20/2020, so
 *   the administrative unit code is a valid, collision-free and readable choice.
 */
import { legacyAgencyCode, parseAgencyCode } from './agency.code.ts';
import { validateAgencyRecords } from './agency.codec.ts';
import type { AgencyKind, AgencyRecord } from './agency.types.ts';

export const DEMO_AGENCY_CODE_NOTE =
  'Các mã định danh của cây cơ quan mẫu (mã cấp 1 H99) là mã minh họa do phần mềm tự đặt, không phải mã định danh được cấp trong danh mục mã định danh điện tử của các cơ quan, tổ chức; không dùng để trao đổi văn bản hay đồng bộ hồ sơ với hệ thống quốc gia.';

export const DEMO_LEVEL_ONE_CODE = 'H99';
export const DEMO_PROVINCE_COMMITTEE_CODE = legacyAgencyCode(DEMO_LEVEL_ONE_CODE);
export const DEMO_PROVINCE_OFFICE_CODE = legacyAgencyCode(DEMO_LEVEL_ONE_CODE, 1);
/** The city Public Administration Service Centre, a unit of the Office. */
export const DEMO_SERVICE_CENTRE_CODE = legacyAgencyCode(DEMO_LEVEL_ONE_CODE, 1, 1);

/** The demo codes of a commune's People's Committee and its service centre, from its 5-digit unit code. */
export function demoCommuneAgencyCodes(unitCode: string): { committee: string; centre: string } {
  if (!/^\d{5}$/.test(unitCode))
    throw new RangeError(`demoCommuneAgencyCodes: «${unitCode}» is not a 5-digit commune code`);
  return { committee: `${DEMO_LEVEL_ONE_CODE}.${unitCode}`, centre: `${DEMO_LEVEL_ONE_CODE}.${unitCode}.01` };
}

/** The demo code's form check, for callers that want to label demo data in a UI. */
export function isDemoAgencyCode(code: string): boolean {
  const p = parseAgencyCode(code);
  return p.ok && p.levelOneCode === DEMO_LEVEL_ONE_CODE;
}

export interface DemoTreeInput {
  provinceCode: string;
  provinceName: string;
  /** `thành phố` (centrally run city) or `tỉnh`; Cần Thơ is a thành phố. */
  provinceType?: string;
  communes: { code: string; name: string; type: string }[];
  validFrom: string;
}

/** Level-2 agencies of the committee (YY), in NĐ 150/2025 Art. 8 order, then Art. 9. */
const DEPARTMENTS: readonly { yy: number; name: string; kind: AgencyKind }[] = [
  { yy: 2, name: 'Sở Nội vụ', kind: 'department' },
  { yy: 3, name: 'Sở Tư pháp', kind: 'department' },
  { yy: 4, name: 'Sở Tài chính', kind: 'department' },
  { yy: 5, name: 'Sở Công Thương', kind: 'department' },
  { yy: 6, name: 'Sở Nông nghiệp và Môi trường', kind: 'department' },
  { yy: 7, name: 'Sở Xây dựng', kind: 'department' },
  { yy: 8, name: 'Sở Khoa học và Công nghệ', kind: 'department' },
  { yy: 9, name: 'Sở Văn hóa, Thể thao và Du lịch', kind: 'department' },
  { yy: 10, name: 'Sở Giáo dục và Đào tạo', kind: 'department' },
  { yy: 11, name: 'Sở Y tế', kind: 'department' },
  { yy: 12, name: 'Sở Dân tộc và Tôn giáo', kind: 'department' },
];
const INSPECTORATE_YY = 13;

/** Divisions of two departments (ZZ under the department's YY). */
const DIVISIONS: readonly { yy: number; zz: number; name: string; kind: AgencyKind }[] = [
  { yy: 3, zz: 1, name: 'Văn phòng Sở Tư pháp', kind: 'division' },
  { yy: 3, zz: 2, name: 'Phòng Hành chính tư pháp', kind: 'division' },
  { yy: 3, zz: 3, name: 'Phòng Bổ trợ tư pháp', kind: 'division' },
  { yy: 6, zz: 1, name: 'Văn phòng Sở Nông nghiệp và Môi trường', kind: 'division' },
  { yy: 6, zz: 2, name: 'Phòng Quản lý đất đai', kind: 'division' },
  { yy: 6, zz: 3, name: 'Chi cục Thủy lợi', kind: 'division' },
  { yy: 6, zz: 4, name: 'Văn phòng Đăng ký đất đai', kind: 'public_service_unit' },
];

function communeLabel(c: { name: string; type: string }): string {
  const type = c.type.trim();
  const name = c.name.trim();
  if (type === '' || name.toLowerCase().startsWith(type.toLowerCase())) return name;
  return `${type.toLowerCase()} ${name}`;
}

/**
 * The demo tree: one root (the People's Committee), every other agency below it; deterministic
 * (communes sorted by code). Throws if the result fails the codec's validation — a bug, not input.
 */
export function buildDemoAgencyTree(input: DemoTreeInput): AgencyRecord[] {
  const type = (input.provinceType ?? 'thành phố').toLowerCase();
  const where = `${type} ${input.provinceName}`;
  const base = {
    validFrom: input.validFrom,
    validTo: null,
    email: null,
    phone: null,
    address: null,
  };
  const provincial = (
    code: string,
    name: string,
    shortName: string | null,
    kind: AgencyKind,
    parentCode: string | null,
  ): AgencyRecord => ({
    code,
    name,
    shortName,
    kind,
    parentCode,
    unitCode: input.provinceCode,
    ...base,
  });
  const out: AgencyRecord[] = [
    provincial(DEMO_PROVINCE_COMMITTEE_CODE, `Ủy ban nhân dân ${where}`, `UBND ${where}`, 'province_committee', null),
    provincial(
      DEMO_PROVINCE_OFFICE_CODE,
      `Văn phòng Ủy ban nhân dân ${where}`,
      `Văn phòng UBND ${where}`,
      'province_office',
      DEMO_PROVINCE_COMMITTEE_CODE,
    ),
    provincial(
      DEMO_SERVICE_CENTRE_CODE,
      `Trung tâm Phục vụ hành chính công ${where}`,
      `TTPVHCC ${where}`,
      'service_centre',
      DEMO_PROVINCE_OFFICE_CODE,
    ),
  ];
  for (const d of DEPARTMENTS) {
    out.push(
      provincial(
        legacyAgencyCode(DEMO_LEVEL_ONE_CODE, d.yy),
        `${d.name} ${where}`,
        d.name,
        d.kind,
        DEMO_PROVINCE_COMMITTEE_CODE,
      ),
    );
  }
  out.push(
    provincial(
      legacyAgencyCode(DEMO_LEVEL_ONE_CODE, INSPECTORATE_YY),
      `Thanh tra ${where}`,
      `Thanh tra ${type}`,
      'department',
      DEMO_PROVINCE_COMMITTEE_CODE,
    ),
  );
  for (const d of DIVISIONS) {
    const dept = DEPARTMENTS.find((x) => x.yy === d.yy)!;
    out.push(
      provincial(
        legacyAgencyCode(DEMO_LEVEL_ONE_CODE, d.yy, d.zz),
        `${d.name} - ${dept.name} ${where}`,
        d.name,
        d.kind,
        legacyAgencyCode(DEMO_LEVEL_ONE_CODE, d.yy),
      ),
    );
  }
  const communes = [...input.communes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
  for (const c of communes) {
    const codes = demoCommuneAgencyCodes(c.code);
    const label = communeLabel(c);
    const common = { unitCode: c.code, ...base };
    out.push({
      code: codes.committee,
      name: `Ủy ban nhân dân ${label}`,
      shortName: `UBND ${label}`,
      kind: 'commune_committee',
      parentCode: DEMO_PROVINCE_COMMITTEE_CODE,
      ...common,
    });
    out.push({
      code: codes.centre,
      name: `Trung tâm Phục vụ hành chính công ${label}`,
      shortName: `TTPVHCC ${label}`,
      kind: 'commune_service_centre',
      parentCode: codes.committee,
      ...common,
    });
  }
  const errors = validateAgencyRecords(out).filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    throw new Error(
      `buildDemoAgencyTree: ${errors.length} invalid record(s), first: ${errors[0]!.value}: ${errors[0]!.message}`,
    );
  }
  return out;
}
