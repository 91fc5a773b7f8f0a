/**
 * Importer of the document types of Nghị định 30/2020/NĐ-CP, Phụ lục III (shared/data/document-types).
 * Idempotent: a type already present with the same code and start date is left alone.
 */
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Actor } from '../../platform/audit/index.ts';
import { parseCsvRecords, slugify } from '../../platform/text/index.ts';
import type { AgenciesService, AgencyImportReport } from './catalog.agencies.service.ts';
import type { CalendarService } from './catalog.calendar.service.ts';
import type { CreateDocumentTypeBody } from './catalog.schemas.ts';
import type { CatalogService, ProcedureImportReport, UnitImportReport } from './catalog.service.ts';

type CatalogApiForImport = CatalogService & AgenciesService & CalendarService;

import { parseNationalIndexCsv, parseProcedureJson } from './procedure-import/index.ts';
import {
  DRAFT_CODE_CORRECTIONS,
  importAdminUnits as parseAdminUnits,
  readUnitSourceFiles,
} from './unit-import/index.ts';

// Nghị định 30/2020/NĐ-CP took effect on the day it was signed, 05/03/2020 (Art. 39).
export const ND30_EFFECTIVE = '2020-03-05';
const ND30_BASIS = 'Nghị định 30/2020/NĐ-CP, Phụ lục III';

export interface ImportReport {
  read: number;
  created: number;
  skipped: number;
  problems: { row: number; message: string }[];
}

export function parseDocumentTypesCsv(text: string): {
  items: CreateDocumentTypeBody[];
  problems: ImportReport['problems'];
} {
  const items: CreateDocumentTypeBody[] = [];
  const problems: ImportReport['problems'] = [];
  parseCsvRecords(text).forEach((r, index) => {
    const row = index + 2; // header is line 1
    const name = (r['ten_loai_van_ban'] ?? '').trim();
    const group = (r['nhom'] ?? '').trim();
    if (!name) {
      problems.push({ row, message: 'thiếu tên loại văn bản' });
      return;
    }
    if (group !== 'van_ban_hanh_chinh' && group !== 'ban_sao') {
      problems.push({ row, message: `nhóm «${group}» không hợp lệ` });
      return;
    }
    const abbreviation = (r['viet_tat'] ?? '').trim();
    const note = (r['ghi_chu'] ?? '').trim();
    items.push({
      code: slugify(name.replace(/\(.*?\)/g, '')),
      name,
      abbreviation: abbreviation === '' ? null : abbreviation,
      group,
      ...(note ? { note } : {}),
      legalBasis: ND30_BASIS,
      validFrom: ND30_EFFECTIVE,
    });
  });
  return { items, problems };
}

export async function importDocumentTypes(service: CatalogService, actor: Actor, file: string): Promise<ImportReport> {
  const { items, problems } = parseDocumentTypesCsv(await readFile(file, 'utf8'));
  const report: ImportReport = { read: items.length + problems.length, created: 0, skipped: 0, problems };
  const existing = new Set((await service.listDocumentTypes(ND30_EFFECTIVE)).map((d) => `${d.code}|${d.validFrom}`));
  for (const item of items) {
    if (existing.has(`${item.code}|${item.validFrom}`)) {
      report.skipped++;
      continue;
    }
    await service.createDocumentType(actor, item);
    report.created++;
  }
  return report;
}

/**
 * Importer of the administrative units (reference-data/admin-units): the pre-2025 list, the
 * current list and the 2025 merger mapping, parsed and reconciled by unit-import WITH the
 * reviewed draft-code corrections, then stored in one transaction. Idempotent: a second run of
 * the same files changes nothing and writes no audit record.
 */
export async function importAdminUnits(service: CatalogService, actor: Actor, dir: string): Promise<UnitImportReport> {
  const parsed = parseAdminUnits(await readUnitSourceFiles(dir), { corrections: DRAFT_CODE_CORRECTIONS });
  return service.importAdminUnits(actor, parsed);
}

/**
 * Importer of the procedures (reference-data/procedures): every `*.json` crawled procedure, parsed
 * by procedure-import (what it cannot read is flagged, never guessed), and `national-index.csv`.
 * Idempotent: a second run of the same files changes nothing and writes no audit record.
 *
 * version_from: the crawl records no effective date — only the publishing decision's number
 * (`so_quyet_dinh`, e.g. 163/QĐ-BTP) without its date or its effective date — so the version
 * starts on the day of the import (Vietnam time). It says when this data entered the catalogue,
 * not when the procedure took legal effect; an administrator sets the legal date when known.
 */
export async function importProcedures(
  service: CatalogService,
  actor: Actor,
  dir: string,
): Promise<ProcedureImportReport> {
  const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
  const procedures = await Promise.all(
    files.map(async (f) => {
      const text = await readFile(path.join(dir, f), 'utf8');
      const rawText = (JSON.parse(text) as { raw_text?: unknown }).raw_text;
      return { record: parseProcedureJson(text), rawText: typeof rawText === 'string' ? rawText : null };
    }),
  );
  const index = parseNationalIndexCsv(await readFile(path.join(dir, 'national-index.csv'), 'utf8'));
  return service.importProcedures(
    actor,
    { procedures, index: index.entries, indexFlags: index.flags },
    service.today(),
  );
}

/** Agencies from a CSV or Excel file (our format or the registry export), all or nothing. */
export async function importAgencies(
  api: CatalogApiForImport,
  actor: Actor,
  file: string,
  options: { dryRun?: boolean; skipInvalid?: boolean; origin?: string } = {},
): Promise<AgencyImportReport> {
  const bytes = new Uint8Array(await readFile(file));
  return api.importAgencyFile(actor, bytes, path.basename(file), options);
}

/** The Government's announced day-off schedule (reference-data/calendar/vn_official_dayoff_schedule_*.csv). */
export async function importDayOffSchedule(api: CatalogApiForImport, actor: Actor, file: string) {
  return api.importDayOffSchedule(actor, await readFile(file, 'utf8'));
}
