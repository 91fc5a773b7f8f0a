/**
 * Filled-in form data for the demo e-forms (never used in production): the demo seed submits its
 * dossiers with it, and tests and benchmarks that are not about the form use it to submit valid
 * dossiers. Deterministic: the same person and number give the same data. Dates lie in 2025, so
 * they are in the past whenever the demo runs.
 */
import { eforms } from './eform.registry.ts';

export interface DemoPerson {
  name: string;
  idNumber?: string;
  phone?: string;
  address?: string;
}

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Võ'];
const WOMEN = ['Thị Lan', 'Ngọc Mai', 'Thị Thảo', 'Thanh Uyên', 'Thị Hạnh', 'Ngọc Vy'];
const MEN = ['Văn Nam', 'Minh Khoa', 'Hữu Phúc', 'Văn Sơn', 'Thanh Bình', 'Minh Cường'];
const CHILDREN = ['Gia Bảo', 'Minh Anh', 'Khánh An', 'Bảo Ngọc', 'Đức Huy', 'Thảo My'];
const WARDS = ['phường Ninh Kiều', 'phường Cái Khế', 'phường Tân An', 'phường An Bình'];

const pick = <T>(list: readonly T[], n: number): T => list[Math.abs(n) % list.length]!;
const pad = (v: number) => String(v).padStart(2, '0');
/** A day of 2025 (1 January … 28 December), spread by n. */
const day2025 = (n: number) => `2025-${pad((Math.abs(n) % 12) + 1)}-${pad((Math.abs(n * 7) % 28) + 1)}`;
/** A 12-digit personal number derived from n (province prefix 092, Cần Thơ). */
const idOf = (n: number) => `0920${String(80_000_000 + ((Math.abs(n) * 7919) % 10_000_000)).padStart(8, '0')}`;

function personOf(p: DemoPerson, n: number) {
  return {
    name: p.name.trim().length >= 2 ? p.name.trim() : `${pick(FAMILY, n)} ${pick(MEN, n)}`,
    idNumber: p.idNumber !== undefined && /^[0-9]{12}$/.test(p.idNumber) ? p.idNumber : idOf(n + 1),
    phone: p.phone !== undefined && /^(\+84|0)\d{9,10}$/.test(p.phone.replace(/[\s.]/g, '')) ? p.phone : '0912345678',
    address:
      p.address !== undefined && p.address.trim().length >= 5
        ? p.address.trim()
        : `${(n % 200) + 1} đường 30 Tháng 4, ${pick(WARDS, n)}, thành phố Cần Thơ`,
  };
}

type Builder = (p: ReturnType<typeof personOf>, n: number) => Record<string, Record<string, unknown>>;

const BUILDERS: Record<string, Builder> = {
  '1.001193': (p, n) => {
    const family = pick(FAMILY, n);
    const mother = `${pick(FAMILY, n + 3)} ${pick(WOMEN, n)}`;
    return {
      requester: { fullName: p.name, idNumber: p.idNumber, residence: p.address, relationship: 'cha' },
      child: {
        fullName: `${family} ${pick(CHILDREN, n)}`,
        dateOfBirth: day2025(n),
        sex: n % 2 === 0 ? 'nam' : 'nu',
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        placeOfBirth: 'Bệnh viện Phụ sản thành phố Cần Thơ, phường Cái Khế, thành phố Cần Thơ',
        hometown: 'Thành phố Cần Thơ',
      },
      mother: {
        fullName: mother,
        yearOfBirth: 1990 + (n % 10),
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        residence: p.address,
      },
      father: {
        fullName: p.name,
        yearOfBirth: 1988 + (n % 10),
        ethnicity: 'Kinh',
        nationality: 'Việt Nam',
        residence: p.address,
      },
      copies: { count: n % 3 },
    };
  },
  '1.000894': (p, n) => ({
    bride: {
      fullName: `${pick(FAMILY, n + 2)} ${pick(WOMEN, n)}`,
      dateOfBirth: `${1995 + (n % 5)}-${pad((n % 12) + 1)}-15`,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      residence: p.address,
      idNumber: idOf(n + 2),
      marriageCount: 1,
    },
    groom: {
      fullName: p.name,
      dateOfBirth: `${1993 + (n % 5)}-${pad(((n + 5) % 12) + 1)}-10`,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      residence: p.address,
      idNumber: p.idNumber,
      marriageCount: 1,
    },
  }),
  '1.000656': (p, n) => ({
    requester: { fullName: p.name, idNumber: p.idNumber, residence: p.address, relationship: 'Con' },
    deceased: {
      fullName: `${pick(FAMILY, n)} ${pick(MEN, n + 1)}`,
      dateOfBirth: `${1935 + (n % 20)}-0${(n % 9) + 1}-12`,
      sex: 'nam',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      idNumber: idOf(n + 3),
      residence: p.address,
      timeOfDeath: `${pad(n % 24)}:${pad((n * 13) % 60)}`,
      dateOfDeath: day2025(n),
      placeOfDeath: 'Tại nhà riêng, thành phố Cần Thơ',
      causeOfDeath: 'Bệnh già',
    },
    deathNotice: { number: `${100 + (n % 900)}/GBT`, issuer: 'Trạm Y tế phường Ninh Kiều', issuedOn: day2025(n) },
  }),
  '3.000333': (p, n) => ({
    person: {
      fullName: p.name,
      sex: n % 2 === 0 ? 'nam' : 'nu',
      dateOfBirth: `${1985 + (n % 15)}-${pad((n % 12) + 1)}-${pad((n % 28) + 1)}`,
      placeOfBirth: 'Thành phố Cần Thơ',
      nationality: 'Việt Nam',
      ethnicity: 'Kinh',
      idNumber: p.idNumber,
      permanentResidence: p.address,
      phone: p.phone,
    },
    family: {
      fatherName: `${pick(FAMILY, n)} ${pick(MEN, n + 2)}`,
      motherName: `${pick(FAMILY, n + 1)} ${pick(WOMEN, n + 2)}`,
    },
    residenceHistory: {
      periods: `Từ 01/2010 đến nay: thường trú tại ${p.address}; nghề nghiệp: nhân viên văn phòng.`,
    },
    request: { certificateType: 1, copies: 1 + (n % 2), purpose: 'Bổ sung hồ sơ xin việc' },
  }),
  '1.001612': (p, n) => ({
    business: {
      name: `Hộ kinh doanh ${pick(['Bánh mì', 'Tạp hóa', 'Cà phê', 'Sửa xe'], n)} ${pick(FAMILY, n)}`,
      address: p.address,
      phone: p.phone,
      businessLines: pick(['Bán lẻ thực phẩm', 'Dịch vụ ăn uống', 'Sửa chữa mô tô, xe máy'], n),
      capital: 50_000_000 + (n % 10) * 10_000_000,
      workers: 1 + (n % 5),
    },
    owner: {
      fullName: p.name,
      sex: 'nam',
      dateOfBirth: `${1980 + (n % 20)}-0${(n % 9) + 1}-20`,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      idNumber: p.idNumber,
      contactAddress: p.address,
      phone: p.phone,
    },
  }),
  '1.004222': (p, n) => ({
    person: {
      fullName: p.name,
      dateOfBirth: `${1985 + (n % 15)}-${pad((n % 12) + 1)}-05`,
      sex: n % 2 === 0 ? 'nam' : 'nu',
      idNumber: p.idNumber,
      phone: p.phone,
    },
    household: { headName: `${pick(FAMILY, n)} ${pick(MEN, n + 4)}`, relationToHead: 'Con', headIdNumber: idOf(n + 4) },
    request: { content: `Đăng ký thường trú tại ${p.address}` },
  }),
  '2.001610': (p, n) => ({
    enterprise: {
      nameVietnamese: `Doanh nghiệp tư nhân ${pick(['Thương mại', 'Dịch vụ', 'Xây dựng'], n)} ${pick(FAMILY, n)} ${n}`,
      address: p.address,
      phone: p.phone,
      businessLines: 'Bán buôn thực phẩm (4632)',
      capital: 500_000_000 + (n % 10) * 100_000_000,
    },
    owner: {
      fullName: p.name,
      sex: 'nam',
      dateOfBirth: `${1978 + (n % 20)}-0${(n % 9) + 1}-08`,
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      idNumber: p.idNumber,
      contactAddress: p.address,
    },
  }),
  '1.013236': (p, n) => ({
    investor: {
      name: `Công ty cổ phần Đầu tư ${pick(FAMILY, n)} Mê Kông`,
      representative: p.name,
      position: 'Giám đốc',
      address: p.address,
      phone: p.phone,
    },
    site: { location: `Lô ${n % 50}, khu đô thị mới, ${pick(WARDS, n)}, thành phố Cần Thơ`, lotArea: 2500 + n },
    works: {
      name: `Tòa nhà văn phòng ${pick(FAMILY, n)}`,
      kind: 'Công trình dân dụng',
      grade: 'cap_II',
      buildingArea: 1200,
      totalFloorArea: 12_000,
      height: 45.5,
      floors: 10 + (n % 5),
    },
    design: { designer: 'Công ty tư vấn thiết kế xây dựng Cần Thơ', certificateCode: `CTH-${1000 + n}` },
  }),
  '1.014063': (p, n) => ({
    person: {
      fullName: p.name,
      dateOfBirth: `${1985 + (n % 15)}-${pad((n % 12) + 1)}-${pad((n % 28) + 1)}`,
      sex: n % 2 === 0 ? 'nam' : 'nu',
      idNumber: p.idNumber,
      birthRegistrationPlace: 'Ủy ban nhân dân phường Ninh Kiều, thành phố Cần Thơ',
      hometown: 'Thành phố Cần Thơ',
      ethnicity: 'Kinh',
      nationality: 'Việt Nam',
      permanentResidence: p.address,
      phone: p.phone,
    },
    request: { reason: 'du_tuoi' },
  }),
};

/**
 * Valid, complete form data for the e-form of `procedureCode` in force on `on` (default: the
 * latest), filled in for this person (the n-th of a series); `undefined` when the procedure has no
 * e-form then or no demo data.
 */
export function demoFormData(
  procedureCode: string,
  person: DemoPerson,
  n = 0,
  on = '9999-12-31',
): Record<string, Record<string, unknown>> | undefined {
  if (!eforms.formFor(procedureCode, on)) return undefined;
  const build = BUILDERS[procedureCode];
  return build ? build(personOf(person, n), n) : undefined;
}

/** Procedure codes that have demo form data. */
export const DEMO_FORM_DATA_CODES: readonly string[] = Object.keys(BUILDERS);
