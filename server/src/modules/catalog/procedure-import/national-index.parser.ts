/**
 * Reader for `national-index.csv`: one row per national procedure code (name, level, sector, publishing act,
 * procedure type, ministry folder, portal URL). Names copied from PDFs carry line breaks inside quoted fields, so
 * records and physical lines differ in number.
 */
import { readCsv } from '../../../platform/text/index.ts';
import type { Flag, NationalIndexEntry } from './procedure.types.ts';
import { normaliseInline, parseImplementingLevels, parseOnlineServiceLevel } from './procedure.values.ts';

export const NATIONAL_INDEX_COLUMNS = [
  'ma_thu_tuc',
  'ten_thu_tuc',
  'cap_thuc_hien',
  'linh_vuc',
  'so_quyet_dinh',
  'loai_thu_tuc',
  'bo_nganh_folder',
  'detail_url',
] as const;

export interface NationalIndexParseResult {
  entries: NationalIndexEntry[];
  /** Problems with the file itself (header, rows with a wrong number of columns). */
  flags: Flag[];
  physicalLines: number;
}

const PLACEHOLDER_DECISION = /^(?:QĐ\/0+\d*-|Demo\/)/u;
const DECISION = /^\d+[a-z]?\/(?:QĐ|QD)-[A-ZĐ0-9-]+$/u;

export function parseNationalIndexCsv(text: string): NationalIndexParseResult {
  const { records, physicalLines } = readCsv(text);
  const flags: Flag[] = [];
  const [header, ...rows] = records;
  if (!header || header.fields.join(',') !== NATIONAL_INDEX_COLUMNS.join(',')) {
    flags.push({
      field: 'header',
      raw: header?.fields.join(',') ?? '',
      code: 'unparsed',
      reason: `Dòng tiêu đề không đúng: cần ${NATIONAL_INDEX_COLUMNS.join(',')}`,
    });
    return { entries: [], flags, physicalLines };
  }
  const entries: NationalIndexEntry[] = [];
  for (const record of rows) {
    if (record.fields.length !== NATIONAL_INDEX_COLUMNS.length) {
      flags.push({
        field: `line ${record.line}`,
        raw: record.fields.join(','),
        code: 'unparsed',
        reason: `Dòng có ${record.fields.length} cột, cần ${NATIONAL_INDEX_COLUMNS.length}`,
      });
      continue;
    }
    const [code, name, levels, sector, decision, type, folder, url] = record.fields.map((f) => f.trim()) as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const own: Flag[] = [];
    if (!/^\d\.\d{6}$/.test(code)) {
      own.push({ field: 'nationalCode', raw: code, code: 'unparsed', reason: `Mã thủ tục "${code}" không đúng dạng` });
    }
    const parsedLevels = parseImplementingLevels(levels);
    const levelsOk = parsedLevels.unknown.length === 0 && parsedLevels.levels.length > 0;
    if (!levelsOk) {
      own.push({ field: 'levels', raw: levels, code: 'unparsed', reason: `Không nhận ra cấp thực hiện "${levels}"` });
    }
    if (PLACEHOLDER_DECISION.test(decision)) {
      own.push({
        field: 'decisionNumber',
        raw: decision,
        code: 'unparsed',
        reason: `Số quyết định công bố "${decision}" là giá trị giữ chỗ, không phải số thật`,
      });
    } else if (!DECISION.test(decision)) {
      own.push({
        field: 'decisionNumber',
        raw: decision,
        code: 'needs_review',
        reason: `Số quyết định công bố "${decision}" không đúng dạng "số/QĐ-cơ quan"`,
      });
    }
    if (type === '') {
      own.push({ field: 'procedureType', raw: type, code: 'missing', reason: 'Thiếu loại thủ tục' });
    }
    entries.push({
      line: record.line,
      nationalCode: code,
      name: normaliseInline(name),
      nameRaw: name,
      levels: { raw: levels, value: levelsOk ? parsedLevels.levels : null },
      sector: normaliseInline(sector),
      decisionNumber: decision,
      procedureType: type === '' ? null : type,
      ministryFolder: folder,
      detailUrl: url,
      onlineServiceInName: parseOnlineServiceLevel(name).value,
      flags: own,
    });
  }
  // Several codes pointing at one portal page (with one name) means the crawl mixed up rows.
  const byUrl = Map.groupBy(entries, (e) => e.detailUrl);
  const byCode = Map.groupBy(entries, (e) => e.nationalCode);
  for (const e of entries) {
    const sameUrl = byUrl.get(e.detailUrl)!;
    if (sameUrl.length > 1) {
      e.flags.push({
        field: 'detailUrl',
        raw: e.detailUrl,
        code: 'needs_review',
        reason: `Cùng trang chi tiết với ${sameUrl.length - 1} mã khác (${sameUrl
          .filter((o) => o !== e)
          .map((o) => o.nationalCode)
          .slice(0, 5)
          .join(', ')}…): tên và thông tin có thể bị thu thập nhầm`,
      });
    }
    if (byCode.get(e.nationalCode)!.length > 1) {
      e.flags.push({ field: 'nationalCode', raw: e.nationalCode, code: 'conflict', reason: 'Mã thủ tục bị lặp' });
    }
  }
  return { entries, flags, physicalLines };
}
