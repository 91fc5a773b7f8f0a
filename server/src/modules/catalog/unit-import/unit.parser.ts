/**
 * Reads the three administrative-unit sources (see shared/data/PROVENANCE.md) into
 * effective-dated units and the 2025 succession mapping, and reconciles them into a defect
 * report. Pure: no database, no clock; the only I/O is the optional `readUnitSourceFiles`.
 *
 * Sources:
 * - pre-2025: thanglequoc/vietnamese-provinces-database v2.4.1, the three-level state of
 *   2025-03-01 (63 provinces, 696 districts, 10,035 communes).
 * - current-2026: same repository, generated 2026-07-25: 34 provinces and 3,321 communes after
 *   Nghị quyết 202/2025/QH15 and Quyết định 19/2025/QĐ-TTg, including the April 2026 change
 *   that made Đồng Nai a centrally-governed city.
 * - merger-2025: dvhcvn/20250701 merges.json + splits.json, the old → new mapping, built on a
 *   draft code list.
 */

import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  asciiFoldVietnameseName,
  cleanSourceText,
  normalizeVietnameseName as normalizeName,
} from './unit.normalize.ts';
import type {
  AdminUnit,
  CodeCorrection,
  DefectKind,
  DefectReport,
  DefectSeverity,
  DefectSummaryEntry,
  PostReformChange,
  RawUnitSources,
  SuccessionKind,
  UnitDefect,
  UnitImportOptions,
  UnitImportResult,
  UnitLevel,
  UnitSourceId,
  UnitSuccession,
} from './unit.types.ts';

/** Nghị quyết 202/2025/QH15: the two-level structure takes effect on this day. */
export const REFORM_EFFECTIVE_DATE = '2025-07-01';
/** Last day of the three-level structure. */
export const PRE_REFORM_LAST_DAY = '2025-06-30';
/** The pre-2025 list is the state on this day (upstream release v2.4.1, Nghị quyết 1365/NQ-UBTVQH15). */
export const PRE_2025_SNAPSHOT_DATE = '2025-03-01';
/** The current list was generated on this day. */
export const CURRENT_LIST_SNAPSHOT_DATE = '2026-07-25';

/** Totals stated in PROVENANCE.md and DOMAIN.md §2; the report says when the data disagrees. */
export const EXPECTED_COUNTS = {
  pre2025: { province: 63, district: 696, commune: 10_035 },
  current: { province: 34, commune: 3_321 },
} as const;

/**
 * Dated changes between 2025-07-01 and the current list's snapshot.
 *
 * Đồng Nai: the current list names province 75 "Thành phố Đồng Nai" (municipality) and 10 of its
 * communes "Phường" where the mapping (state of 2025-07-01) has "Tỉnh Đồng Nai" and "Xã"; codes
 * are unchanged. The data shows only THAT it changed between the two snapshots. The DATE comes
 * from the upstream repository's release table (README, release v3.1.0): Nghị quyết
 * 30/2026/QH16 and 237/NQ-UBTVQH16, issued 2026-04-14, effective 2026-04-30. Replace it here if
 * the official gazette says otherwise; nothing else encodes it.
 */
export const KNOWN_POST_REFORM_CHANGES: readonly PostReformChange[] = [
  {
    id: 'dong-nai-city-2026',
    provinceCode: '75',
    effectiveFrom: '2026-04-30',
    basis:
      'Nghị quyết 30/2026/QH16 and 237/NQ-UBTVQH16 (issued 2026-04-14, effective 2026-04-30) per the ' +
      'upstream vietnamese-provinces-database README, release v3.1.0; not stated in the data files',
  },
];

/**
 * Codes the mapping took from the draft list (PROVENANCE.md). Detected by data as well: each
 * draft code is a mapping target missing from the current list, and the final code is a current
 * commune in the same province with the same name that no mapping edge reaches. Reviewed; pass
 * it explicitly to importAdminUnits to apply it.
 */
export const DRAFT_CODE_CORRECTIONS: readonly CodeCorrection[] = [
  {
    draftCode: '06970',
    finalCode: '06978',
    fullName: 'Xã Ba Chẽ',
    provinceCode: '22',
    basis: 'PROVENANCE.md (merger-2025 built on a draft code list); current list has Xã Ba Chẽ = 06978',
  },
  {
    draftCode: '23737',
    finalCode: '23938',
    fullName: 'Xã Ia Mơ',
    provinceCode: '52',
    basis: 'PROVENANCE.md (merger-2025 built on a draft code list); current list has Xã Ia Mơ = 23938',
  },
];

/** Unit types as they prefix full names; longer ones first so "Thành phố" wins over nothing. */
const UNIT_TYPES = ['Thành phố', 'Thị xã', 'Thị trấn', 'Đặc khu', 'Tỉnh', 'Quận', 'Huyện', 'Phường', 'Xã'] as const;

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

// The import compares ~50k names, most of them several times; memoising the key halves its time.
// Bounded so a long-running process importing many times does not grow without limit.
const nameKeys = new Map<string, string>();
function normalizeVietnameseName(s: string): string {
  let key = nameKeys.get(s);
  if (key === undefined) {
    if (nameKeys.size >= 100_000) nameKeys.clear();
    key = normalizeName(s);
    nameKeys.set(s, key);
  }
  return key;
}

export class UnitSourceError extends Error {
  readonly path: string;
  constructor(path: string, message: string) {
    super(`${path}: ${message}`);
    this.name = 'UnitSourceError';
    this.path = path;
  }
}

// ---------------------------------------------------------------------------------------------
// Shape checks: the sources are third-party JSON, read them defensively and say where they break.

function asObject(v: unknown, path: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw new UnitSourceError(path, 'expected an object');
  return v as Record<string, unknown>;
}

function asArray(v: unknown, path: string): unknown[] {
  if (!Array.isArray(v)) throw new UnitSourceError(path, 'expected an array');
  return v;
}

function asString(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new UnitSourceError(path, 'expected a string');
  return v;
}

function asCode(v: unknown, path: string): string {
  const s = asString(v, path);
  if (!/^\d{2,5}$/.test(s)) throw new UnitSourceError(path, `expected a numeric unit code, got "${s}"`);
  return s;
}

function asNumber(v: unknown, path: string): number {
  if (typeof v !== 'number') throw new UnitSourceError(path, 'expected a number');
  return v;
}

// ---------------------------------------------------------------------------------------------
// Small helpers

function previousDay(iso: string): string {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - 1);
  return d.toISOString().slice(0, 10);
}

function assertIsoDate(date: string): void {
  if (!ISO_DATE.test(date) || Number.isNaN(Date.parse(`${date}T00:00:00Z`))) {
    throw new RangeError(`expected an ISO date YYYY-MM-DD, got "${date}"`);
  }
}

function levelFromCodeLength(code: string): UnitLevel {
  if (code.length === 2) return 'province';
  if (code.length === 3) return 'district';
  return 'commune';
}

function isValidOn(u: AdminUnit, date: string): boolean {
  return (u.validFrom === null || u.validFrom <= date) && (u.validTo === null || date <= u.validTo);
}

interface SplitName {
  unitType: string;
  name: string;
  /** False when the type matched only case-insensitively ("xã Bắc Sơn"). */
  exact: boolean;
}

/** Splits "Phường Ba Đình" into type and name; null when no known type prefixes it. */
export function splitUnitFullName(fullName: string): SplitName | null {
  const cleaned = cleanSourceText(fullName);
  for (const t of UNIT_TYPES) {
    if (cleaned.startsWith(`${t} `)) return { unitType: t, name: cleaned.slice(t.length + 1), exact: true };
  }
  const key = normalizeVietnameseName(cleaned);
  for (const t of UNIT_TYPES) {
    if (key.startsWith(`${normalizeVietnameseName(t)} `)) {
      const words = t.split(' ').length;
      return { unitType: t, name: cleaned.split(' ').slice(words).join(' '), exact: false };
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Defect collection

const SEVERITY_ORDER: Record<DefectSeverity, number> = { error: 0, warning: 1, info: 2 };

class DefectLog {
  readonly defects: UnitDefect[] = [];
  readonly #hygieneSeen = new Set<string>();

  add(d: UnitDefect): void {
    this.defects.push(d);
  }

  /** Records source text that needed cleaning, once per source, code and text. */
  hygiene(source: UnitSourceId, code: string, raw: string, field: string): void {
    if (cleanSourceText(raw) === raw) return;
    const key = `${source}|${code}|${field}|${raw}`;
    if (this.#hygieneSeen.has(key)) return;
    this.#hygieneSeen.add(key);
    const problems: string[] = [];
    if (raw.normalize('NFC') !== raw) problems.push('not NFC');
    if (raw !== raw.trim()) problems.push('leading/trailing space');
    if (/\s{2,}|[^\S ]/u.test(raw.trim())) problems.push('irregular inner whitespace');
    this.add({
      kind: 'text-hygiene',
      severity: 'info',
      code,
      message: `${source} ${field} of ${code} ${JSON.stringify(raw)}: ${problems.join(', ')}; stored cleaned`,
      details: { source, field, raw, cleaned: cleanSourceText(raw) },
      resolvedBy: 'cleanSourceText (NFC, single spaces, trimmed)',
    });
  }

  /** Compares two spellings of one unit's name; reports only what normalisation cannot explain. */
  compareNames(
    a: { source: string; name: string },
    b: { source: string; name: string },
    code: string,
    mismatchKind: DefectKind,
    severity: DefectSeverity,
  ): boolean {
    const ca = cleanSourceText(a.name);
    const cb = cleanSourceText(b.name);
    if (ca === cb) return true;
    if (normalizeVietnameseName(ca) === normalizeVietnameseName(cb)) {
      this.add({
        kind: 'name-equal-after-normalisation',
        severity: 'info',
        code,
        message: `${code}: ${a.source} "${ca}" = ${b.source} "${cb}" after normalisation`,
        details: { [a.source]: ca, [b.source]: cb },
        resolvedBy: 'matched on normalizeVietnameseName',
      });
      return true;
    }
    this.add({
      kind: mismatchKind,
      severity,
      code,
      message: `${code}: ${a.source} "${ca}" ≠ ${b.source} "${cb}"`,
      details: {
        [a.source]: ca,
        [b.source]: cb,
        asciiA: asciiFoldVietnameseName(ca),
        asciiB: asciiFoldVietnameseName(cb),
      },
    });
    return false;
  }
}

// ---------------------------------------------------------------------------------------------
// pre-2025 list: [{ Code, FullName, District: [{ Code, FullName, ProvinceCode, Ward: [...] | null }] }]

function unitFromFullName(
  log: DefectLog,
  source: UnitSourceId,
  code: string,
  level: UnitLevel,
  rawFullName: string,
  parentCode: string | null,
  validFrom: string | null,
  validTo: string | null,
): AdminUnit {
  log.hygiene(source, code, rawFullName, 'FullName');
  const fullName = cleanSourceText(rawFullName);
  const split = splitUnitFullName(fullName);
  if (split === null) {
    log.add({
      kind: 'unknown-unit-type',
      severity: 'error',
      code,
      message: `${source} ${level} ${code} "${fullName}": no known unit type prefixes the name`,
    });
  } else if (!split.exact) {
    log.add({
      kind: 'text-hygiene',
      severity: 'warning',
      code,
      message: `${source} ${code} "${fullName}": unit type mis-cased; stored as "${split.unitType} ${split.name}"`,
      resolvedBy: 'canonical unit-type spelling',
    });
  }
  const unitType = split?.unitType ?? '';
  const name = split?.name ?? fullName;
  return {
    code,
    level,
    name,
    fullName: split === null ? fullName : `${unitType} ${name}`,
    unitType,
    parentCode,
    validFrom,
    validTo,
    source,
  };
}

function parsePre2025(raw: unknown, log: DefectLog): AdminUnit[] {
  const provinces: AdminUnit[] = [];
  const districts: AdminUnit[] = [];
  const communes: AdminUnit[] = [];
  const unit = (code: string, level: UnitLevel, fullName: string, parent: string | null) =>
    unitFromFullName(log, 'pre-2025', code, level, fullName, parent, null, PRE_REFORM_LAST_DAY);

  asArray(raw, 'pre2025').forEach((p, i) => {
    const pp = `pre2025[${i}]`;
    const po = asObject(p, pp);
    const pCode = asCode(po['Code'], `${pp}.Code`);
    provinces.push(unit(pCode, 'province', asString(po['FullName'], `${pp}.FullName`), null));
    asArray(po['District'], `${pp}.District`).forEach((d, j) => {
      const dp = `${pp}.District[${j}]`;
      const dobj = asObject(d, dp);
      const dCode = asCode(dobj['Code'], `${dp}.Code`);
      const declared = asCode(dobj['ProvinceCode'], `${dp}.ProvinceCode`);
      if (declared !== pCode) {
        log.add({
          kind: 'validity-inconsistent',
          severity: 'error',
          code: dCode,
          message: `pre-2025 district ${dCode} nested under province ${pCode} but declares ProvinceCode ${declared}`,
        });
      }
      districts.push(unit(dCode, 'district', asString(dobj['FullName'], `${dp}.FullName`), pCode));
      // Island districts without communes (Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Lý Sơn, Côn Đảo) have Ward: null.
      const wards = dobj['Ward'] === null ? [] : asArray(dobj['Ward'], `${dp}.Ward`);
      wards.forEach((w, k) => {
        const wp = `${dp}.Ward[${k}]`;
        const wo = asObject(w, wp);
        const wCode = asCode(wo['Code'], `${wp}.Code`);
        const wDeclared = asCode(wo['DistrictCode'], `${wp}.DistrictCode`);
        if (wDeclared !== dCode) {
          log.add({
            kind: 'validity-inconsistent',
            severity: 'error',
            code: wCode,
            message: `pre-2025 commune ${wCode} nested under district ${dCode} but declares DistrictCode ${wDeclared}`,
          });
        }
        communes.push(unit(wCode, 'commune', asString(wo['FullName'], `${wp}.FullName`), dCode));
      });
    });
  });
  return [...provinces, ...districts, ...communes];
}

// ---------------------------------------------------------------------------------------------
// current list: [{ Type: 'province', Code, Name, FullName, AdministrativeUnitShortName, Wards: [...] }]

interface CurrentRow {
  code: string;
  level: 'province' | 'commune';
  name: string;
  fullName: string;
  unitType: string;
  provinceCode: string;
}

function parseCurrentRow(o: Record<string, unknown>, path: string, level: CurrentRow['level'], log: DefectLog) {
  const code = asCode(o['Code'], `${path}.Code`);
  const rawName = asString(o['Name'], `${path}.Name`);
  const rawFull = asString(o['FullName'], `${path}.FullName`);
  const rawType = asString(o['AdministrativeUnitShortName'], `${path}.AdministrativeUnitShortName`);
  log.hygiene('current-2026', code, rawName, 'Name');
  log.hygiene('current-2026', code, rawFull, 'FullName');
  const name = cleanSourceText(rawName);
  const unitType = cleanSourceText(rawType);
  const expected = `${unitType} ${name}`;
  let fullName = cleanSourceText(rawFull);
  if (fullName !== expected) {
    if (normalizeVietnameseName(fullName) === normalizeVietnameseName(expected)) {
      log.add({
        kind: 'text-hygiene',
        severity: 'warning',
        code,
        message: `current-2026 ${code} FullName "${fullName}" differs from "${expected}" only in spelling; stored "${expected}"`,
        details: { raw: fullName, stored: expected },
        resolvedBy: 'FullName rebuilt from AdministrativeUnitShortName + Name',
      });
      fullName = expected;
    } else {
      log.add({
        kind: 'text-hygiene',
        severity: 'warning',
        code,
        message: `current-2026 ${code} FullName "${fullName}" is not "${expected}"; kept as given`,
      });
    }
  }
  return { code, level, name, fullName, unitType };
}

function parseCurrent(raw: unknown, log: DefectLog): CurrentRow[] {
  const rows: CurrentRow[] = [];
  const communes: CurrentRow[] = [];
  asArray(raw, 'current2026').forEach((p, i) => {
    const pp = `current2026[${i}]`;
    const po = asObject(p, pp);
    const prov = parseCurrentRow(po, pp, 'province', log);
    rows.push({ ...prov, provinceCode: prov.code });
    asArray(po['Wards'], `${pp}.Wards`).forEach((w, j) => {
      const wp = `${pp}.Wards[${j}]`;
      const wo = asObject(w, wp);
      const row = parseCurrentRow(wo, wp, 'commune', log);
      const declared = asCode(wo['ProvinceCode'], `${wp}.ProvinceCode`);
      if (declared !== prov.code) {
        log.add({
          kind: 'validity-inconsistent',
          severity: 'error',
          code: row.code,
          message: `current-2026 commune ${row.code} nested under ${prov.code} but declares ProvinceCode ${declared}`,
        });
      }
      communes.push({ ...row, provinceCode: prov.code });
    });
  });
  return [...rows, ...communes];
}

// ---------------------------------------------------------------------------------------------
// Mapping: merges.json (new → olds, with kind) and splits.json (old → news)

interface MappingEdge {
  oldCode: string;
  oldName: string;
  newCode: string;
  newName: string;
  /** Province of the new unit (the level1 block it sits in). */
  newProvinceCode: string;
  newLevel: 'province' | 'commune';
}

interface MergeEdge extends MappingEdge {
  kind: SuccessionKind;
}

interface ParsedMerges {
  edges: MergeEdge[];
  /** Name of each new unit on 2025-07-01, by code (province and commune codes differ in length). */
  newNames: Map<string, { name: string; provinceCode: string; level: 'province' | 'commune' }>;
  stats: Record<string, number>;
}

function parseStats(o: Record<string, unknown>, path: string): Record<string, number> {
  if (o['stats'] === undefined) return {};
  const s = asObject(o['stats'], `${path}.stats`);
  const out: Record<string, number> = {};
  for (const [k, v] of Object.entries(s)) out[k] = asNumber(v, `${path}.stats.${k}`);
  return out;
}

function parseMerges(raw: unknown, log: DefectLog): ParsedMerges {
  const root = asObject(raw, 'merges');
  const edges: MergeEdge[] = [];
  const newNames: ParsedMerges['newNames'] = new Map();
  const readOlds = (
    list: unknown,
    path: string,
    newCode: string,
    newName: string,
    prov: string,
    level: 'province' | 'commune',
  ) => {
    asArray(list, path).forEach((m, k) => {
      const mp = `${path}[${k}]`;
      const mo = asObject(m, mp);
      const oldCode = asCode(mo['old_id'], `${mp}.old_id`);
      const rawOld = asString(mo['name'], `${mp}.name`);
      log.hygiene('merger-2025', oldCode, rawOld, 'merges old name');
      const kind = asString(mo['type'], `${mp}.type`);
      if (kind !== 'full' && kind !== 'partial') throw new UnitSourceError(`${mp}.type`, `unknown kind "${kind}"`);
      edges.push({
        oldCode,
        oldName: cleanSourceText(rawOld),
        newCode,
        newName,
        newProvinceCode: prov,
        newLevel: level,
        kind,
      });
    });
  };
  asArray(root['data'], 'merges.data').forEach((p, i) => {
    const pp = `merges.data[${i}]`;
    const po = asObject(p, pp);
    const pCode = asCode(po['level1_id'], `${pp}.level1_id`);
    const rawP = asString(po['name'], `${pp}.name`);
    log.hygiene('merger-2025', pCode, rawP, 'merges new name');
    const pName = cleanSourceText(rawP);
    newNames.set(pCode, { name: pName, provinceCode: pCode, level: 'province' });
    readOlds(po['merges'], `${pp}.merges`, pCode, pName, pCode, 'province');
    asArray(po['level2s'], `${pp}.level2s`).forEach((l, j) => {
      const lp = `${pp}.level2s[${j}]`;
      const lo = asObject(l, lp);
      const code = asCode(lo['level2_id'], `${lp}.level2_id`);
      const rawN = asString(lo['name'], `${lp}.name`);
      log.hygiene('merger-2025', code, rawN, 'merges new name');
      const name = cleanSourceText(rawN);
      newNames.set(code, { name, provinceCode: pCode, level: 'commune' });
      readOlds(lo['merges'], `${lp}.merges`, code, name, pCode, 'commune');
    });
  });
  return { edges, newNames, stats: parseStats(root, 'merges') };
}

function parseSplits(raw: unknown, log: DefectLog): { edges: MappingEdge[]; stats: Record<string, number> } {
  const root = asObject(raw, 'splits');
  const edges: MappingEdge[] = [];
  const read = (
    o: Record<string, unknown>,
    path: string,
    oldCode: string,
    level: 'province' | 'commune',
    prov: string,
  ) => {
    const rawOld = asString(o['name'], `${path}.name`);
    log.hygiene('merger-2025', oldCode, rawOld, 'splits old name');
    asArray(o['splits'], `${path}.splits`).forEach((s, k) => {
      const sp = `${path}.splits[${k}]`;
      const so = asObject(s, sp);
      const newCode = asCode(so['new_id'], `${sp}.new_id`);
      const rawNew = asString(so['name'], `${sp}.name`);
      log.hygiene('merger-2025', newCode, rawNew, 'splits new name');
      edges.push({
        oldCode,
        oldName: cleanSourceText(rawOld),
        newCode,
        newName: cleanSourceText(rawNew),
        // splits.json does not group by new province; the province edge gives it for level1.
        newProvinceCode: level === 'province' ? newCode : prov,
        newLevel: level,
      });
    });
  };
  asArray(root['data'], 'splits.data').forEach((p, i) => {
    const pp = `splits.data[${i}]`;
    const po = asObject(p, pp);
    const pCode = asCode(po['level1_id'], `${pp}.level1_id`);
    read(po, pp, pCode, 'province', '');
    for (const key of ['level2s', 'level3s'] as const) {
      if (po[key] === undefined) continue;
      asArray(po[key], `${pp}.${key}`).forEach((l, j) => {
        const lp = `${pp}.${key}[${j}]`;
        const lo = asObject(l, lp);
        const code = asCode(lo[key === 'level2s' ? 'level2_id' : 'level3_id'], `${lp}.id`);
        read(lo, lp, code, 'commune', '');
      });
    }
  });
  return { edges, stats: parseStats(root, 'splits') };
}

// ---------------------------------------------------------------------------------------------
// Import

/**
 * Parses and reconciles the three sources. Never throws for data problems (they go to the
 * report); throws UnitSourceError when a file does not have the expected shape at all.
 */
export function importAdminUnits(raw: RawUnitSources, options: UnitImportOptions): UnitImportResult {
  const log = new DefectLog();
  const changes = options.postReformChanges ?? KNOWN_POST_REFORM_CHANGES;
  for (const c of changes) assertIsoDate(c.effectiveFrom);

  const preUnits = parsePre2025(raw.pre2025, log);
  const currentRows = parseCurrent(raw.current2026, log);
  const merges = parseMerges(raw.merges, log);
  const splits = parseSplits(raw.splits, log);

  const preByCode = new Map(preUnits.map((u) => [u.code, u]));
  const currentByCode = new Map(currentRows.map((r) => [r.code, r]));
  const mergeTargets = new Set(merges.edges.map((e) => e.newCode));

  // 1. Mapping targets missing from the current list, current units no edge reaches, and the
  //    corrections the data supports (same province, same name).
  const missingTargets = [...merges.newNames.entries()].filter(([code]) => !currentByCode.has(code));
  const orphans = currentRows.filter((r) => !mergeTargets.has(r.code));
  const suggested = new Map<string, string>();
  for (const [code, info] of missingTargets) {
    const key = normalizeVietnameseName(info.name);
    const candidates = orphans.filter(
      (r) =>
        r.level === info.level && r.provinceCode === info.provinceCode && normalizeVietnameseName(r.fullName) === key,
    );
    if (candidates.length === 1) suggested.set(code, candidates[0]!.code);
  }

  const applied = new Map<string, CodeCorrection>();
  for (const c of options.corrections) {
    const target = merges.newNames.get(c.draftCode);
    const final = currentByCode.get(c.finalCode);
    const problems: string[] = [];
    if (target === undefined) problems.push(`draft code ${c.draftCode} is not a mapping target`);
    if (currentByCode.has(c.draftCode)) problems.push(`draft code ${c.draftCode} exists in the current list`);
    if (final === undefined) problems.push(`final code ${c.finalCode} is not in the current list`);
    if (mergeTargets.has(c.finalCode)) problems.push(`final code ${c.finalCode} is already a mapping target`);
    if (final !== undefined && final.provinceCode !== c.provinceCode) problems.push('province differs');
    if (final !== undefined && normalizeVietnameseName(final.fullName) !== normalizeVietnameseName(c.fullName)) {
      problems.push(`current name "${final.fullName}" ≠ "${c.fullName}"`);
    }
    if (target !== undefined && normalizeVietnameseName(target.name) !== normalizeVietnameseName(c.fullName)) {
      problems.push(`mapping name "${target.name}" ≠ "${c.fullName}"`);
    }
    if (problems.length > 0) {
      log.add({
        kind: 'correction-not-applicable',
        severity: 'error',
        code: c.draftCode,
        message: `correction ${c.draftCode} → ${c.finalCode} not applied: ${problems.join('; ')}`,
        details: { correction: c },
      });
    } else {
      applied.set(c.draftCode, c);
    }
  }
  const appliedByFinal = new Map([...applied.values()].map((c) => [c.finalCode, c]));

  for (const [code, info] of missingTargets) {
    const fix = applied.get(code);
    const suggestion = suggested.get(code);
    log.add({
      kind: 'mapping-new-code-not-in-current-list',
      severity: 'error',
      code,
      message: `mapping target ${code} "${info.name}" (province ${info.provinceCode}) is not in the current list`,
      details: { name: info.name, provinceCode: info.provinceCode, suggestedCode: suggestion ?? null },
      ...(suggestion === undefined
        ? {}
        : { suggestion: `same name, same province, unmapped in the current list: ${suggestion} (draft code?)` }),
      ...(fix === undefined ? {} : { resolvedBy: `correction table: ${fix.draftCode} → ${fix.finalCode}` }),
    });
  }
  for (const r of orphans) {
    const fix = appliedByFinal.get(r.code);
    log.add({
      kind: 'current-unit-without-predecessor',
      severity: 'error',
      code: r.code,
      message: `current ${r.level} ${r.code} "${r.fullName}" (province ${r.provinceCode}) has no predecessor in the mapping`,
      details: { fullName: r.fullName, provinceCode: r.provinceCode },
      ...(fix === undefined ? {} : { resolvedBy: `correction table: ${fix.draftCode} → ${fix.finalCode}` }),
    });
  }

  // 2. Current units, split at a known post-reform change when the mapping's 2025-07-01 name
  //    differs from the current name. Compared per code after applying corrections.
  const changeByProvince = new Map(changes.map((c) => [c.provinceCode, c]));
  const namesOn20250701 = new Map<string, string>();
  for (const [code, info] of merges.newNames) namesOn20250701.set(applied.get(code)?.finalCode ?? code, info.name);

  const currentUnits: AdminUnit[] = [];
  for (const r of currentRows) {
    const parentCode = r.level === 'province' ? null : r.provinceCode;
    const late: AdminUnit = {
      code: r.code,
      level: r.level,
      name: r.name,
      fullName: r.fullName,
      unitType: r.unitType,
      parentCode,
      validFrom: REFORM_EFFECTIVE_DATE,
      validTo: null,
      source: 'current-2026',
    };
    const earlyName = namesOn20250701.get(r.code);
    const change = changeByProvince.get(r.provinceCode);
    if (earlyName === undefined || normalizeVietnameseName(earlyName) === normalizeVietnameseName(r.fullName)) {
      if (earlyName !== undefined) {
        log.compareNames(
          { source: 'mapping', name: earlyName },
          { source: 'current', name: r.fullName },
          r.code,
          'new-name-mismatch',
          'warning',
        );
      }
      currentUnits.push(late);
    } else if (change !== undefined) {
      const early = unitFromFullName(
        log,
        'merger-2025',
        r.code,
        r.level,
        earlyName,
        parentCode,
        REFORM_EFFECTIVE_DATE,
        previousDay(change.effectiveFrom),
      );
      log.add({
        kind: 'post-reform-change',
        severity: 'info',
        code: r.code,
        message: `${r.code}: "${earlyName}" until ${early.validTo}, "${r.fullName}" from ${change.effectiveFrom} (${change.id})`,
        details: { before: earlyName, after: r.fullName, effectiveFrom: change.effectiveFrom, basis: change.basis },
        resolvedBy: `two versions split at ${change.effectiveFrom}`,
      });
      currentUnits.push(early, { ...late, validFrom: change.effectiveFrom });
    } else {
      log.compareNames(
        { source: 'mapping', name: earlyName },
        { source: 'current', name: r.fullName },
        r.code,
        'new-name-mismatch',
        'warning',
      );
      currentUnits.push(late);
    }
  }

  const units = [...preUnits, ...currentUnits];

  // 3. Successions from merges.json (it carries the kind); splits.json is the cross-check.
  const successions: UnitSuccession[] = merges.edges.map((e) => {
    const fix = applied.get(e.newCode);
    const oldLevel = preByCode.get(e.oldCode)?.level ?? levelFromCodeLength(e.oldCode);
    return {
      oldCode: e.oldCode,
      oldName: e.oldName,
      oldLevel,
      newCode: fix?.finalCode ?? e.newCode,
      newName: e.newName,
      newLevel: e.newLevel,
      kind: e.kind,
      effectiveDate: REFORM_EFFECTIVE_DATE,
      ...(fix === undefined ? {} : { correctedFrom: e.newCode }),
    };
  });

  reconcileMapping(log, preUnits, preByCode, merges, splits.edges);
  checkCounts(log, preUnits, currentRows, merges.stats, splits.stats);
  checkValidity(log, units);
  log.add({
    kind: 'not-checked',
    severity: 'info',
    message:
      'PROVENANCE.md: 7 of 10,035 old communes disagree with a second independent mapping and need manual ' +
      'review; that second mapping is not in the data, so they cannot be identified here',
  });

  return { units, successions, report: summarise(log.defects) };
}

function reconcileMapping(
  log: DefectLog,
  preUnits: readonly AdminUnit[],
  preByCode: ReadonlyMap<string, AdminUnit>,
  merges: ParsedMerges,
  splitEdges: readonly MappingEdge[],
): void {
  // Old side: every mapped old code should be a pre-2025 unit with the same name.
  const oldSeen = new Map<string, MergeEdge[]>();
  for (const e of merges.edges) {
    const list = oldSeen.get(e.oldCode);
    if (list === undefined) oldSeen.set(e.oldCode, [e]);
    else list.push(e);
  }
  for (const [code, edges] of oldSeen) {
    const first = edges[0]!;
    const pre = preByCode.get(code);
    if (pre === undefined) {
      log.add({
        kind: 'mapping-old-code-not-in-pre2025-list',
        severity: 'warning',
        code,
        message: `mapping source ${code} "${first.oldName}" → ${edges.map((e) => e.newCode).join(', ')} is not in the pre-2025 list`,
        details: { oldName: first.oldName, targets: edges.map((e) => `${e.newCode} ${e.newName}`) },
        suggestion: `probably dissolved or recoded before the ${PRE_2025_SNAPSHOT_DATE} snapshot; the edge resolves to no pre-2025 unit`,
      });
    } else {
      log.compareNames(
        { source: 'mapping', name: first.oldName },
        { source: 'pre2025', name: pre.fullName },
        code,
        'old-name-mismatch',
        'warning',
      );
    }
    const kinds = edges.map((e) => e.kind);
    if ((edges.length > 1 && kinds.includes('full')) || (edges.length === 1 && kinds[0] === 'partial')) {
      log.add({
        kind: 'succession-kind-inconsistent',
        severity: 'warning',
        code,
        message: `${code} "${first.oldName}" has kinds [${kinds.join(', ')}] over ${edges.length} target(s)`,
      });
    }
  }

  // Coverage: every pre-2025 province and commune (and district without communes, whose
  // territory no commune edge covers) must leave through some edge.
  const districtsWithCommunes = new Set(preUnits.filter((u) => u.level === 'commune').map((u) => u.parentCode));
  for (const u of preUnits) {
    const needsEdge = u.level !== 'district' || !districtsWithCommunes.has(u.code);
    if (needsEdge && !oldSeen.has(u.code)) {
      log.add({
        kind: 'pre2025-unit-not-in-mapping',
        severity: 'error',
        code: u.code,
        message: `pre-2025 ${u.level} ${u.code} "${u.fullName}" has no successor in the mapping`,
      });
    }
  }

  // Provinces: each commune edge must follow a province edge (Hậu Giang communes go to Cần Thơ).
  const provincePairs = new Set(
    merges.edges.filter((e) => e.newLevel === 'province').map((e) => `${e.oldCode}>${e.newCode}`),
  );
  const provinceOf = (u: AdminUnit | undefined): string | undefined => {
    if (u === undefined) return undefined;
    if (u.level === 'province') return u.code;
    const parent = u.parentCode === null ? undefined : preByCode.get(u.parentCode);
    return u.level === 'district' ? (parent?.code ?? undefined) : provinceOf(parent);
  };
  const edgesByTarget = new Map<string, MergeEdge[]>();
  for (const e of merges.edges) {
    const list = edgesByTarget.get(e.newCode);
    if (list === undefined) edgesByTarget.set(e.newCode, [e]);
    else list.push(e);
  }
  for (const e of merges.edges) {
    if (e.newLevel === 'province') continue;
    const oldProvince = provinceOf(preByCode.get(e.oldCode));
    if (oldProvince === undefined || provincePairs.has(`${oldProvince}>${e.newProvinceCode}`)) continue;
    const key = normalizeVietnameseName(e.oldName);
    const namesake = (edgesByTarget.get(e.newCode) ?? []).find(
      (o) =>
        o !== e && normalizeVietnameseName(o.oldName) === key && provinceOf(preByCode.get(o.oldCode)) !== oldProvince,
    );
    const pre = preByCode.get(e.oldCode);
    const district = pre?.parentCode == null ? undefined : preByCode.get(pre.parentCode);
    log.add({
      kind: 'cross-province-succession',
      severity: 'error',
      code: e.oldCode,
      message:
        `${e.oldCode} "${e.oldName}" (${district?.fullName ?? '?'}, province ${oldProvince}) → ${e.newCode} "${e.newName}" ` +
        `in province ${e.newProvinceCode}, but province ${oldProvince} does not merge into ${e.newProvinceCode}`,
      details: { oldProvince, newProvince: e.newProvinceCode, namesake: namesake?.oldCode ?? null },
      suggestion:
        namesake === undefined
          ? 'manual review against the province resolutions'
          : `target already has namesake ${namesake.oldCode} "${namesake.oldName}" from province ${e.newProvinceCode}: ` +
            'probably a name-based mis-join; the real successor should be a commune of the new province ' +
            `that ${oldProvince} merged into; manual review`,
    });
  }

  // merges.json vs splits.json: same edges, same names.
  const pairKey = (e: MappingEdge) => `${e.oldCode}>${e.newCode}`;
  const mergePairs = new Map(merges.edges.map((e) => [pairKey(e), e]));
  const splitPairs = new Map(splitEdges.map((e) => [pairKey(e), e]));
  for (const [k, e] of mergePairs) {
    if (!splitPairs.has(k)) {
      log.add({
        kind: 'mapping-sources-disagree',
        severity: 'warning',
        code: e.oldCode,
        message: `edge ${k} in merges.json only`,
      });
    }
  }
  const reported = new Set<string>();
  for (const [k, s] of splitPairs) {
    const m = mergePairs.get(k);
    if (m === undefined) {
      log.add({
        kind: 'mapping-sources-disagree',
        severity: 'warning',
        code: s.oldCode,
        message: `edge ${k} in splits.json only`,
      });
      continue;
    }
    for (const [side, a, b, code] of [
      ['old', m.oldName, s.oldName, m.oldCode],
      ['new', m.newName, s.newName, m.newCode],
    ] as const) {
      const once = `${side}|${code}|${b}`;
      if (reported.has(once) || normalizeVietnameseName(a) === normalizeVietnameseName(b)) continue;
      reported.add(once);
      const typeOnly = normalizeVietnameseName(splitUnitFullName(a)?.name ?? a) === normalizeVietnameseName(b);
      log.add({
        kind: 'mapping-sources-disagree',
        severity: typeOnly ? 'info' : 'warning',
        code,
        message: `${side} name of ${code}: merges.json "${a}" vs splits.json "${b}"${typeOnly ? ' (unit type omitted)' : ''}`,
        ...(typeOnly ? { resolvedBy: 'names equal without the unit type' } : {}),
      });
    }
  }
}

function checkCounts(
  log: DefectLog,
  preUnits: readonly AdminUnit[],
  currentRows: readonly CurrentRow[],
  mergeStats: Record<string, number>,
  splitStats: Record<string, number>,
): void {
  const count = <T extends { level: string }>(xs: readonly T[], level: string) =>
    xs.filter((x) => x.level === level).length;
  const checks: [string, number, number][] = [
    ['pre-2025 provinces (expected)', count(preUnits, 'province'), EXPECTED_COUNTS.pre2025.province],
    ['pre-2025 districts (expected)', count(preUnits, 'district'), EXPECTED_COUNTS.pre2025.district],
    ['pre-2025 communes (expected)', count(preUnits, 'commune'), EXPECTED_COUNTS.pre2025.commune],
    ['current provinces (expected)', count(currentRows, 'province'), EXPECTED_COUNTS.current.province],
    ['current communes (expected)', count(currentRows, 'commune'), EXPECTED_COUNTS.current.commune],
  ];
  const stat = (label: string, stats: Record<string, number>, key: string, actual: number) => {
    const v = stats[key];
    if (v !== undefined) checks.push([label, actual, v]);
  };
  stat(
    'merges.json stats.level1_count vs current provinces',
    mergeStats,
    'level1_count',
    count(currentRows, 'province'),
  );
  stat('merges.json stats.level2_count vs current communes', mergeStats, 'level2_count', count(currentRows, 'commune'));
  stat('splits.json stats.level1_count vs pre-2025 provinces', splitStats, 'level1_count', count(preUnits, 'province'));
  stat('splits.json stats.level3_count vs pre-2025 communes', splitStats, 'level3_count', count(preUnits, 'commune'));
  for (const [label, actual, expected] of checks) {
    if (actual === expected) continue;
    log.add({
      kind: 'count-mismatch',
      severity: 'warning',
      message: `${label}: data has ${actual}, declared ${expected}`,
      details: { actual, declared: expected },
    });
  }
}

function checkValidity(log: DefectLog, units: readonly AdminUnit[]): void {
  const byCode = groupByCode(units);
  for (const [code, versions] of byCode) {
    const sorted = [...versions].sort((a, b) => (a.validFrom ?? '').localeCompare(b.validFrom ?? ''));
    for (let i = 1; i < sorted.length; i++) {
      const a = sorted[i - 1]!;
      const b = sorted[i]!;
      if (a.validTo === null || b.validFrom === null || a.validTo >= b.validFrom) {
        log.add({
          kind: 'validity-inconsistent',
          severity: 'error',
          code,
          message: `${code}: "${a.fullName}" [${a.validFrom}..${a.validTo}] overlaps "${b.fullName}" [${b.validFrom}..${b.validTo}]`,
        });
      }
    }
  }
  for (const u of units) {
    if (u.parentCode === null) continue;
    const parents = byCode.get(u.parentCode) ?? [];
    // Probe the child's first and last day; an open end is probed at the snapshot it came from.
    const first = u.validFrom ?? PRE_2025_SNAPSHOT_DATE;
    const last = u.validTo ?? CURRENT_LIST_SNAPSHOT_DATE;
    for (const day of [first, last]) {
      if (!parents.some((p) => isValidOn(p, day))) {
        log.add({
          kind: 'validity-inconsistent',
          severity: 'error',
          code: u.code,
          message: `${u.code} "${u.fullName}": parent ${u.parentCode} not valid on ${day}`,
        });
      }
    }
  }
}

function groupByCode(units: readonly AdminUnit[]): Map<string, AdminUnit[]> {
  const byCode = new Map<string, AdminUnit[]>();
  for (const u of units) {
    const list = byCode.get(u.code);
    if (list === undefined) byCode.set(u.code, [u]);
    else list.push(u);
  }
  return byCode;
}

const KIND_ORDER: readonly DefectKind[] = [
  'mapping-new-code-not-in-current-list',
  'current-unit-without-predecessor',
  'correction-not-applicable',
  'pre2025-unit-not-in-mapping',
  'cross-province-succession',
  'validity-inconsistent',
  'unknown-unit-type',
  'mapping-old-code-not-in-pre2025-list',
  'old-name-mismatch',
  'new-name-mismatch',
  'succession-kind-inconsistent',
  'mapping-sources-disagree',
  'count-mismatch',
  'post-reform-change',
  'text-hygiene',
  'name-equal-after-normalisation',
  'not-checked',
];

function summarise(defects: UnitDefect[]): DefectReport {
  const entries = new Map<string, DefectSummaryEntry>();
  for (const d of defects) {
    const key = `${d.kind}|${d.severity}`;
    let e = entries.get(key);
    if (e === undefined) {
      e = { kind: d.kind, severity: d.severity, count: 0, unresolved: 0, examples: [] };
      entries.set(key, e);
    }
    e.count++;
    if (d.resolvedBy === undefined) e.unresolved++;
    if (e.examples.length < 3) e.examples.push(d.message);
  }
  const summary = [...entries.values()].sort(
    (a, b) =>
      KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) ||
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity],
  );
  const unresolvedErrors = defects.filter((d) => d.severity === 'error' && d.resolvedBy === undefined).length;
  return { defects, summary, unresolvedErrors };
}

/** Human-readable summary, one line per kind with up to three examples. */
export function formatDefectSummary(report: DefectReport): string {
  const lines = [`admin-unit import: ${report.defects.length} findings, ${report.unresolvedErrors} unresolved errors`];
  for (const e of report.summary) {
    lines.push(`  [${e.severity}] ${e.kind}: ${e.count} (unresolved ${e.unresolved})`);
    for (const x of e.examples) lines.push(`      e.g. ${x}`);
  }
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Lookups: the identity of a unit is (code, validity), never the code alone.

/** The version of `code` valid on `onDate` (ISO date), or undefined. Linear; see createUnitLookup. */
export function findUnit(units: readonly AdminUnit[], code: string, onDate: string): AdminUnit | undefined {
  assertIsoDate(onDate);
  return pickOne(
    units.filter((u) => u.code === code && isValidOn(u, onDate)),
    code,
    onDate,
  );
}

/** An indexed findUnit for many lookups. */
export function createUnitLookup(units: readonly AdminUnit[]): (code: string, onDate: string) => AdminUnit | undefined {
  const byCode = groupByCode(units);
  return (code, onDate) => {
    assertIsoDate(onDate);
    return pickOne(
      (byCode.get(code) ?? []).filter((u) => isValidOn(u, onDate)),
      code,
      onDate,
    );
  };
}

function pickOne(found: AdminUnit[], code: string, onDate: string): AdminUnit | undefined {
  // Two versions on one day would make every dated reference ambiguous: refuse rather than guess.
  if (found.length > 1) throw new Error(`unit ${code} has ${found.length} versions valid on ${onDate}`);
  return found[0];
}

/** All units valid on a day. */
export function unitsValidOn(units: readonly AdminUnit[], onDate: string): AdminUnit[] {
  assertIsoDate(onDate);
  return units.filter((u) => isValidOn(u, onDate));
}

/** Edges leaving a pre-reform unit (old codes are read on PRE_REFORM_LAST_DAY). */
export function successorsOf(successions: readonly UnitSuccession[], oldCode: string): UnitSuccession[] {
  return successions.filter((s) => s.oldCode === oldCode);
}

/** Edges reaching a reformed unit (new codes are read on REFORM_EFFECTIVE_DATE). */
export function predecessorsOf(successions: readonly UnitSuccession[], newCode: string): UnitSuccession[] {
  return successions.filter((s) => s.newCode === newCode);
}

// ---------------------------------------------------------------------------------------------
// File reading (the only I/O here)

/**
 * Reads the sources from a directory laid out like shared/data/admin-units:
 * pre-2025/*.json, 2026/*.json (exactly one each) and merger-2025/{merges,splits}.json.
 */
export async function readUnitSourceFiles(dir: string): Promise<RawUnitSources> {
  const single = async (sub: string): Promise<unknown> => {
    const names = (await readdir(join(dir, sub))).filter((n) => n.endsWith('.json'));
    if (names.length !== 1) throw new UnitSourceError(join(dir, sub), `expected one .json file, found ${names.length}`);
    return readJson(join(dir, sub, names[0]!));
  };
  const [pre2025, current2026, merges, splits] = await Promise.all([
    single('pre-2025'),
    single('2026'),
    readJson(join(dir, 'merger-2025', 'merges.json')),
    readJson(join(dir, 'merger-2025', 'splits.json')),
  ]);
  return { pre2025, current2026, merges, splits };
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (cause) {
    throw new UnitSourceError(path, `not valid JSON (${String(cause)})`);
  }
}
