/**
 * Electronic identifiers of agencies (mã định danh điện tử của cơ quan, tổ chức).
 *
 * What the published texts say, and where it was read (2026 research, `search` tool, "pages"):
 *
 * 1. QCVN 102:2016/BTTTT (issued by Thông tư 10/2016/TT-BTTTT, 01/4/2016), the legacy form
 *    `V1V2V3.Z1Z2.Y1Y2.MX1X2`, 13 characters, read right to left:
 *    - `MX1X2` identifies the level-1 unit (đơn vị cấp 1): one letter and two digits. Level-1 units
 *      are the central bodies (Party, President, National Assembly, courts, procuracy, State Audit,
 *      ministries and bodies under the Government, central mass organisations) and, per province,
 *      the People's Council and the People's Committee (aita.gov.vn, "Đánh mã định danh các cơ quan,
 *      đơn vị theo Quy chuẩn số 102:2016/BTTTT"). Confirmed letters: `G` for ministries and
 *      Government bodies (G22 Văn phòng Chính phủ), `H` for a provincial People's Committee (H49
 *      Quảng Ninh, H54 Thái Bình), `K` for a provincial People's Council (K54 Thái Bình) — Quyết định
 *      3739/QĐ-UBND Quảng Ninh 2016 and 3982/QĐ-UBND Thái Bình 2016 (thaibinh.gov.vn).
 *    - `Y1Y2` (level 2): units under a level-1 unit — departments, district People's Committees, the
 *      council's office; `Z1Z2` (level 3): units under a level-2 unit — units of a department,
 *      commune People's Committees and district offices; `V1V2V3` (level 4): units under a level-3
 *      unit. Each position is a digit 0–9 (Thái Bình 3982/QĐ-UBND).
 *    - All zeros in a position means "no unit at this level": `000.00.00.H49` is the provincial
 *      People's Committee itself (Quảng Ninh 3739/QĐ-UBND), `000.00.02.H53` a department under it,
 *      `000.01.02.H53` a unit of that department (the registry file in reference-data/agency-codes
 *      follows this). Hence the parent of a code is the same code with its lowest non-zero level
 *      zeroed, and a level can only be non-zero when every level above it is (a level-3 unit belongs
 *      to a level-2 unit).
 * 2. Quyết định 20/2020/QĐ-TTg (22/7/2020, in force 15/9/2020; amended by Quyết định
 *    09/2025/QĐ-TTg for the 2025 ministry and province mergers), read in the summaries of
 *    antoanthongtin.gov.vn and baomoi, and the text on thuvienphapluat.vn:
 *    - the identifier of a ministry, sector or locality is a string of at most 35 characters made of
 *      `.`, the digits 0–9 and the capital letters A–Z; it is divided into groups separated by dots;
 *      groups grow from left to right and each identifies the agency at the corresponding level;
 *    - the first (leftmost) group is the level-1 code `MX1X2`: M a letter from A to Y, X1 X2 digits;
 *      the following groups identify levels 2, 3… (their width is set by each ministry/locality and
 *      is NOT published centrally, so it is not checked here);
 *    - for other organisations (enterprises, co-operatives…) the identifier is a scheme code followed
 *      by the organisation's code with no separator — not an agency of the state apparatus and not
 *      accepted by this catalogue;
 *    - QĐ 09/2025: a merged province whose name is the name of one of the merged ones keeps that
 *      province's level-1 code, the others' codes are closed.
 *    Because the groups identify the levels in order, the parent of a QĐ 20/2020 code is the code
 *    without its last group (`H53.02.01` → `H53.02`); a level-1 code has none.
 *
 * Not confirmed, hence not checked: whether QCVN 102 also reserves the letter Z (QĐ 20 says A–Y, so
 * A–Z is accepted in the legacy form); the meaning of letters other than G, H and K; the width of the
 * groups after the level-1 code in the QĐ 20 form.
 */

/** Quyết định 20/2020/QĐ-TTg: at most 35 characters. */
export const AGENCY_CODE_MAX_LENGTH = 35;

export type AgencyCodeForm = 'qcvn102' | 'qd20';

export interface ParsedAgencyCode {
  ok: true;
  /** The normalised code. */
  code: string;
  form: AgencyCodeForm;
  /** Groups as written, left to right (`['000', '00', '02', 'H53']`, `['H53', '02', '01']`). */
  segments: string[];
  /** 1 for the level-1 unit itself, up to 4 in the legacy form. */
  level: number;
  /** The level-1 code `MX1X2` (`H53`). */
  levelOneCode: string;
  /** The code of the unit one level up, in the same form; null at level 1. */
  parentCode: string | null;
}

export interface AgencyCodeError {
  ok: false;
  code: string;
  /** Vietnamese, for the administrator. */
  message: string;
}

export type AgencyCodeResult = ParsedAgencyCode | AgencyCodeError;

/** Level-1 letters whose meaning the published texts confirm (see the file comment). */
export const LEVEL_ONE_LETTERS: Readonly<Record<string, string>> = {
  G: 'Bộ, cơ quan ngang bộ, cơ quan thuộc Chính phủ',
  H: 'Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương',
  K: 'Hội đồng nhân dân tỉnh, thành phố trực thuộc trung ương',
};

const LEGACY = /^(\d{3})\.(\d{2})\.(\d{2})\.([A-Z]\d{2})$/;
const QD20_LEVEL_ONE = /^[A-Y]\d{2}$/;
const QD20_GROUP = /^[0-9A-Z]+$/;

/** Trim and upper-case (the texts use capital letters only; users type `h53`). */
export function normalizeAgencyCode(raw: string): string {
  return raw.trim().toUpperCase();
}

function fail(code: string, message: string): AgencyCodeError {
  return { ok: false, code, message };
}

function describeChar(ch: string): string {
  if (/\s/u.test(ch)) return 'khoảng trắng';
  if (ch === ',') return 'dấu phẩy';
  if (ch === '-') return 'dấu gạch ngang';
  if (ch === '/') return 'dấu gạch chéo';
  return `«${ch}»`;
}

/** A hint when only the dots are wrong, e.g. `000.1137.H53` → `000.11.37.H53` (never applied silently). */
function legacySuggestion(code: string): string | null {
  const bare = code.replace(/[.\s,;-]/g, '');
  const m = /^(\d{3})(\d{2})(\d{2})([A-Z]\d{2})$/.exec(bare);
  if (!m) return null;
  const candidate = `${m[1]}.${m[2]}.${m[3]}.${m[4]}`;
  return candidate !== code && parseLegacy(candidate).ok ? candidate : null;
}

function parseLegacy(code: string): AgencyCodeResult {
  const m = LEGACY.exec(code);
  if (!m) {
    const hint = legacySuggestion(code);
    return fail(
      code,
      `Mã «${code}» không đúng dạng VVV.ZZ.YY.MXX của QCVN 102:2016/BTTTT (13 ký tự: 3 chữ số, 2 chữ số, 2 chữ số và mã cấp 1 gồm một chữ cái với hai chữ số, cách nhau bằng dấu chấm, ví dụ 000.00.00.G22)${hint ? `; có thể là «${hint}», xin kiểm tra lại với danh mục gốc` : ''}.`,
    );
  }
  const [, vvv, zz, yy, m1] = m as unknown as [string, string, string, string, string];
  if (yy === '00' && zz !== '00') {
    return fail(
      code,
      `Mã «${code}» có mã cấp 3 (ZZ = ${zz}) nhưng mã cấp 2 (YY) là 00: đơn vị cấp 3 phải thuộc một đơn vị cấp 2 (QCVN 102:2016/BTTTT).`,
    );
  }
  if (zz === '00' && vvv !== '000') {
    return fail(
      code,
      `Mã «${code}» có mã cấp 4 (VVV = ${vvv}) nhưng mã cấp 3 (ZZ) là 00: đơn vị cấp 4 phải thuộc một đơn vị cấp 3 (QCVN 102:2016/BTTTT).`,
    );
  }
  let level = 1;
  let parentCode: string | null = null;
  if (vvv !== '000') {
    level = 4;
    parentCode = `000.${zz}.${yy}.${m1}`;
  } else if (zz !== '00') {
    level = 3;
    parentCode = `000.00.${yy}.${m1}`;
  } else if (yy !== '00') {
    level = 2;
    parentCode = `000.00.00.${m1}`;
  }
  return { ok: true, code, form: 'qcvn102', segments: [vvv, zz, yy, m1], level, levelOneCode: m1, parentCode };
}

function parseQd20(code: string): AgencyCodeResult {
  const groups = code.split('.');
  if (groups.some((g) => g === '')) {
    return fail(code, `Mã «${code}» có nhóm ký tự rỗng (hai dấu chấm liền nhau, hoặc dấu chấm ở đầu hay cuối mã).`);
  }
  const first = groups[0]!;
  if (!QD20_LEVEL_ONE.test(first)) {
    return fail(
      code,
      `Mã «${code}» không đúng dạng: nhóm đầu tiên của mã theo Quyết định 20/2020/QĐ-TTg phải là mã cấp 1 dạng MX1X2 (M là chữ cái A–Y, X1X2 là hai chữ số, ví dụ H53), mã theo QCVN 102:2016/BTTTT phải có dạng VVV.ZZ.YY.MXX (ví dụ 000.00.00.H53).`,
    );
  }
  const bad = groups.find((g) => !QD20_GROUP.test(g));
  if (bad !== undefined) return fail(code, `Nhóm «${bad}» của mã «${code}» chứa ký tự không hợp lệ.`);
  return {
    ok: true,
    code,
    form: 'qd20',
    segments: groups,
    level: groups.length,
    levelOneCode: first,
    parentCode: groups.length > 1 ? groups.slice(0, -1).join('.') : null,
  };
}

/**
 * Parses a code in either form. Normalises first (trim, capital letters); refuses with a Vietnamese
 * message anything else: wrong length, other characters, wrong separators, broken hierarchy.
 */
export function parseAgencyCode(raw: string): AgencyCodeResult {
  const code = normalizeAgencyCode(raw);
  if (code === '') return fail(code, 'Mã định danh trống.');
  if (code.length > AGENCY_CODE_MAX_LENGTH) {
    return fail(
      code,
      `Mã «${code}» dài ${code.length} ký tự, vượt quá ${AGENCY_CODE_MAX_LENGTH} ký tự cho phép (Quyết định 20/2020/QĐ-TTg).`,
    );
  }
  const badChar = [...code].find((ch) => !/[0-9A-Z.]/.test(ch));
  if (badChar !== undefined) {
    return fail(
      code,
      `Mã «${code}» chứa ${describeChar(badChar)}: mã định danh chỉ gồm chữ số 0–9, chữ cái in hoa A–Z (không dấu) và dấu chấm phân tách (Quyết định 20/2020/QĐ-TTg).`,
    );
  }
  // The legacy form starts with the level-4 digits, the QĐ 20/2020 form with the level-1 letter.
  return /^\d/.test(code) ? parseLegacy(code) : parseQd20(code);
}

export function isValidAgencyCode(raw: string): boolean {
  return parseAgencyCode(raw).ok;
}

/** The derived chain of parents, nearest first (`000.01.02.H53` → `000.00.02.H53`, `000.00.00.H53`). */
export function derivedAncestors(raw: string): string[] {
  const out: string[] = [];
  let r = parseAgencyCode(raw);
  while (r.ok && r.parentCode !== null) {
    out.push(r.parentCode);
    r = parseAgencyCode(r.parentCode);
  }
  return out;
}

/**
 * Builds a legacy code from its parts (level 2 `yy`, level 3 `zz`, level 4 `vvv`; 0 = none).
 * Throws on out-of-range parts: it is for code that builds codes, not for user input.
 */
export function legacyAgencyCode(levelOne: string, yy = 0, zz = 0, vvv = 0): string {
  const inRange = (n: number, max: number) => Number.isInteger(n) && n >= 0 && n <= max;
  if (!/^[A-Z]\d{2}$/.test(levelOne) || !inRange(yy, 99) || !inRange(zz, 99) || !inRange(vvv, 999)) {
    throw new RangeError(`legacyAgencyCode: bad parts ${levelOne} ${yy} ${zz} ${vvv}`);
  }
  const code = `${String(vvv).padStart(3, '0')}.${String(zz).padStart(2, '0')}.${String(yy).padStart(2, '0')}.${levelOne}`;
  const parsed = parseAgencyCode(code);
  if (!parsed.ok) throw new RangeError(`legacyAgencyCode: ${parsed.message}`);
  return code;
}
