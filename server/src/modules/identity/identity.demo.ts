/**
 * Demo accounts: one per role in the demo province (Thành phố Cần Thơ, the catalog's demo agency
 * tree with the demonstration level-1 code H99). Created only when config.demo is on, which the
 * configuration never allows in production. Listed in the README with their password.
 *
 * The agency codes are the catalog's demo tree (catalog agency-import/agency.demo.ts): the city
 * People's Committee 000.00.00.H99, its Office's public administration service centre
 * 000.01.01.H99, the Department of Justice 000.00.03.H99 and its Administrative Justice division
 * 000.02.03.H99. An account whose agency is missing from the catalogue is skipped with a warning.
 *
 * MFA: demo accounts are marked exempt from mandatory enrolment; the exemption has no effect when
 * TINHSO_ENV=production (identity.auth.ts), where demo accounts are never created anyway.
 */
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { AgencyDirectory } from './identity.agencies.ts';
import type { RegistrationService } from './identity.registration.ts';
import type { AccountRow } from './identity.repository.ts';
import type { IdentityService } from './identity.service.ts';
import type { Role } from './identity.types.ts';

export const DEMO_PASSWORD = 'ThuNghiem@2026';

export const DEMO_AGENCY_CODES = {
  provinceCommittee: '000.00.00.H99',
  serviceCentre: '000.01.01.H99',
  justiceDepartment: '000.00.03.H99',
  justiceDivision: '000.02.03.H99',
} as const;

export interface DemoOfficial {
  username: string;
  name: string;
  position: string;
  agencyCode: string;
  role: Role;
  /** Where the role applies (null only for province_admin). */
  grantOn: string | null;
}

export const DEMO_OFFICIALS: readonly DemoOfficial[] = [
  {
    username: 'quantri.tinh',
    name: 'Trần Quốc Bảo',
    position: 'Chuyên viên quản trị hệ thống cấp tỉnh',
    agencyCode: DEMO_AGENCY_CODES.provinceCommittee,
    role: 'province_admin',
    grantOn: null,
  },
  {
    username: 'quantri.stp',
    name: 'Lê Thị Cẩm',
    position: 'Quản trị hệ thống Sở Tư pháp',
    agencyCode: DEMO_AGENCY_CODES.justiceDepartment,
    role: 'agency_admin',
    grantOn: DEMO_AGENCY_CODES.justiceDepartment,
  },
  {
    username: 'motcua.demo',
    name: 'Nguyễn Thị Dung',
    position: 'Công chức tiếp nhận hồ sơ',
    agencyCode: DEMO_AGENCY_CODES.serviceCentre,
    role: 'one_stop_officer',
    grantOn: DEMO_AGENCY_CODES.serviceCentre,
  },
  {
    username: 'chuyenvien.demo',
    name: 'Phạm Văn Em',
    position: 'Chuyên viên Phòng Hành chính tư pháp',
    agencyCode: DEMO_AGENCY_CODES.justiceDivision,
    role: 'specialist',
    grantOn: DEMO_AGENCY_CODES.justiceDivision,
  },
  {
    username: 'lanhdao.demo',
    name: 'Võ Minh Giang',
    position: 'Phó Giám đốc Sở Tư pháp',
    agencyCode: DEMO_AGENCY_CODES.justiceDepartment,
    role: 'leader',
    grantOn: DEMO_AGENCY_CODES.justiceDepartment,
  },
  {
    username: 'vanthu.demo',
    name: 'Huỳnh Thị Hoa',
    position: 'Văn thư Sở Tư pháp',
    agencyCode: DEMO_AGENCY_CODES.justiceDepartment,
    role: 'clerk',
    grantOn: DEMO_AGENCY_CODES.justiceDepartment,
  },
];

/** A demo citizen (the number is in the 092 = Cần Thơ birth-registration range, not a real person's). */
export const DEMO_CITIZEN = {
  citizenId: '092090001234',
  name: 'Nguyễn Văn An',
  email: 'congdan.demo@tinhso.localhost',
};
export const DEMO_ORGANISATION = {
  taxCode: '1800000001',
  name: 'Công ty TNHH Thử Nghiệm Tây Đô',
  email: 'doanhnghiep.demo@tinhso.localhost',
};

export async function seedDemoAccounts(
  service: IdentityService,
  registration: RegistrationService,
  agencies: AgencyDirectory,
  ctx: ModuleContext,
  findByUsername: (username: string) => Promise<AccountRow | undefined>,
): Promise<void> {
  let created = 0;
  for (const o of DEMO_OFFICIALS) {
    if (await findByUsername(o.username)) continue;
    if (!(await agencies.get(o.agencyCode))) {
      ctx.logger.warn(
        { username: o.username, agencyCode: o.agencyCode },
        'bỏ qua tài khoản mẫu: chưa có cơ quan trong danh mục',
      );
      continue;
    }
    const account = await service.createOfficial(
      'admin-token',
      {
        username: o.username,
        name: o.name,
        position: o.position,
        agencyCode: o.agencyCode,
        password: DEMO_PASSWORD,
        email: `${o.username}@tinhso.localhost`,
      },
      undefined,
      { mfaExempt: true },
    );
    await service.grantRole('admin-token', account.id, o.role, o.grantOn);
    created++;
  }
  if (!(await findByUsername(DEMO_CITIZEN.citizenId))) {
    await registration.createWithoutLink('citizen', {
      identifier: DEMO_CITIZEN.citizenId,
      name: DEMO_CITIZEN.name,
      email: DEMO_CITIZEN.email,
      password: DEMO_PASSWORD,
    });
    created++;
  }
  if (!(await findByUsername(DEMO_ORGANISATION.taxCode))) {
    await registration.createWithoutLink('organisation', {
      identifier: DEMO_ORGANISATION.taxCode,
      name: DEMO_ORGANISATION.name,
      email: DEMO_ORGANISATION.email,
      password: DEMO_PASSWORD,
    });
    created++;
  }
  ctx.logger.info({ created }, 'đã tạo tài khoản mẫu (mật khẩu chung ghi trong README)');
}

/** Role words of the demo officials' user names and positions. */
const DEMO_ROLE_WORDS: Partial<Record<Role, { slug: string; position: string }>> = {
  one_stop_officer: { slug: 'motcua', position: 'Công chức tiếp nhận hồ sơ' },
  specialist: { slug: 'chuyenvien', position: 'Chuyên viên' },
  leader: { slug: 'lanhdao', position: 'Lãnh đạo' },
  clerk: { slug: 'vanthu', position: 'Văn thư' },
};
const DEMO_FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Ngô', 'Dương'];
const DEMO_MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Hữu', 'Thanh', 'Quốc', 'Thu'];
const DEMO_GIVEN = ['Anh', 'Bảo', 'Châu', 'Duy', 'Hà', 'Hiếu', 'Khánh', 'Linh', 'Long', 'Nhi', 'Phong', 'Trang', 'Tú'];

/** A stable, plausible Vietnamese name for a demo official (FNV-1a of the user name). */
export function demoOfficialName(username: string): string {
  let h = 0x811c9dc5;
  for (const ch of username) h = Math.imul(h ^ ch.charCodeAt(0), 0x01000193) >>> 0;
  return `${DEMO_FAMILY[h % DEMO_FAMILY.length]} ${DEMO_MIDDLE[(h >>> 8) % DEMO_MIDDLE.length]} ${
    DEMO_GIVEN[(h >>> 16) % DEMO_GIVEN.length]
  }`;
}

/** The user name of the demo official holding this role at this agency ("chuyenvien.000.00.07.h99"). */
export function demoOfficialUsername(role: Role, agencyCode: string): string | null {
  const words = DEMO_ROLE_WORDS[role];
  return words ? `${words.slug}.${agencyCode.toLowerCase()}` : null;
}

/**
 * A real demo account holding `role` on `agencyCode`, for the dossier seed to act as and to assign
 * dossiers to (so handler names on the queues and the dashboard are people who can sign in):
 * a listed demo official whose grant covers the agency, else a seeded one made for it on first
 * use (same password, exempt from TOTP like the others). Null when the agency is unknown or the
 * role is not a dossier role.
 */
export async function demoOfficial(
  service: IdentityService,
  agencies: AgencyDirectory,
  findByUsername: (username: string) => Promise<AccountRow | undefined>,
  role: Role,
  agencyCode: string,
): Promise<{ accountId: string; name: string; agencyCode: string; grantOn: string } | null> {
  for (const o of DEMO_OFFICIALS) {
    if (o.role !== role || o.grantOn === null) continue;
    if (!(await agencies.subtree(o.grantOn)).includes(agencyCode)) continue;
    const row = await findByUsername(o.username);
    if (row) return { accountId: row.id, name: row.name, agencyCode: o.agencyCode, grantOn: o.grantOn };
  }
  const username = demoOfficialUsername(role, agencyCode);
  if (!username) return null;
  const existing = await findByUsername(username);
  if (existing) return { accountId: existing.id, name: existing.name, agencyCode, grantOn: agencyCode };
  const agency = await agencies.get(agencyCode);
  if (!agency) return null;
  const account = await service.createOfficial(
    'admin-token',
    {
      username,
      name: demoOfficialName(username),
      position: DEMO_ROLE_WORDS[role]!.position,
      agencyCode,
      password: DEMO_PASSWORD,
      email: `${username}@tinhso.localhost`,
    },
    undefined,
    { mfaExempt: true },
  );
  await service.grantRole('admin-token', account.id, role, agencyCode);
  return { accountId: account.id, name: account.name, agencyCode, grantOn: agencyCode };
}
