import { createHash } from 'node:crypto';
import { v7 as uuidv7 } from 'uuid';
import { type Actor, canonicalJson } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import { commonErrors } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { catalogErrors } from './catalog.errors.ts';
import { catalogEvents, type DocumentTypeCreatedPayload } from './catalog.events.ts';
import { assertCanManageCatalog } from './catalog.policy.ts';
import {
  applyCorrections,
  type CorrectionInput,
  type CorrectionLogEntry,
  isCorrectableField,
} from './catalog.procedure-corrections.ts';
import type {
  AdminUnitTable,
  CatalogRepository,
  ProcedureHit,
  ProcedureIndexHit,
  ProcedureIndexTable,
  ProcedureTable,
  UnitImportDefectTable,
  UnitSuccessionTable,
  UpsertCount,
} from './catalog.repository.ts';
import type {
  CreateDocumentTypeBody,
  DocumentType,
  ProcedureDetail,
  ProcedureIndexList,
  ProcedureIndexQuery,
  ProcedureList,
  ProcedureListQuery,
  UnitDetail,
  UnitImportDefectList,
  UnitList,
  UnitListQuery,
} from './catalog.schemas.ts';
import { SearchIndex } from './catalog.search.ts';
import type { Flag, NationalIndexEntry, ProcedureRecord } from './procedure-import/index.ts';
import {
  asciiFoldVietnameseName,
  normalizeVietnameseName,
  PRE_REFORM_LAST_DAY,
  type UnitImportResult,
} from './unit-import/index.ts';

/** What one administrative-unit import changed (all zero on a repeated import of the same data). */
export interface UnitSuccessors {
  code: string;
  on: string;
  at: string;
  items: { code: string; name: string; kind: 'full' | 'partial'; path: string[] }[];
}

export interface UnitImportReport {
  units: UpsertCount & { read: number; stored: number };
  successions: UpsertCount & { read: number; stored: number };
  defects: { total: number; unresolvedErrors: number; replaced: boolean };
  changed: boolean;
}

/** The parsed procedure files and national index, as procedure-import gives them. */
export interface ProcedureImportInput {
  procedures: { record: ProcedureRecord; rawText: string | null }[];
  index: NationalIndexEntry[];
  /** Problems with the index file itself (rows with a wrong number of columns, …). */
  indexFlags: Flag[];
}

/** What one procedure import changed (all zero on a repeated import of the same data). */
export interface ProcedureImportReport {
  procedures: {
    read: number;
    inserted: number;
    updated: number;
    superseded: number;
    unchanged: number;
    stored: number;
  };
  flags: { total: number; procedures: number; byCode: Record<string, number> };
  index: UpsertCount & { read: number; stored: number; flagged: number; fileFlags: number };
  versionFrom: string;
  changed: boolean;
}

/** The entity tag of a stored version: changes whenever its dates, data or flags change. */
export function procedureEtag(
  r: Pick<ProcedureTable, 'code' | 'version_from' | 'version_to' | 'data' | 'flags'>,
): string {
  const h = createHash('sha256')
    .update(canonicalJson({ c: r.code, f: r.version_from, t: r.version_to, d: r.data, g: r.flags }))
    .digest('hex');
  return `"p-${h.slice(0, 24)}"`;
}

export interface ProcedureCorrectionInput {
  corrections: CorrectionInput[];
  reason: string;
  source: string;
  effectiveFrom?: string;
}

export interface ProcedureVersionView {
  code: string;
  name: string;
  versionFrom: string;
  versionTo: string | null;
  current: boolean;
  etag: string;
  flagCount: number;
  flags: (Flag & { correctable: boolean })[];
  corrections: CorrectionLogEntry[];
}

function versionView(r: ProcedureTable): ProcedureVersionView {
  const data = r.data as { corrections?: CorrectionLogEntry[] };
  return {
    code: r.code,
    name: r.name,
    versionFrom: r.version_from,
    versionTo: r.version_to,
    current: r.version_to === null,
    etag: procedureEtag(r),
    flagCount: r.flag_count,
    flags: (r.flags as Flag[]).map((f) => ({ ...f, correctable: isCorrectableField(f.field) })),
    corrections: data.corrections ?? [],
  };
}

function dayBefore(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

function sameDefects(a: readonly UnitImportDefectTable[], b: readonly UnitImportDefectTable[]): boolean {
  // jsonb does not keep key order: compare through the canonical encoding.
  return a.length === b.length && a.every((x, i) => canonicalJson(x) === canonicalJson(b[i]));
}

/** How long a node serves procedure search from memory before checking the stored revision. */
const SEARCH_REVISION_CHECK_MS = 1000;

export function catalogService(ctx: ModuleContext, repo: CatalogRepository) {
  let searchCache:
    | {
        revision: number;
        checkedAt: number;
        procedures: SearchIndex<ProcedureHit>;
        index: SearchIndex<ProcedureIndexHit>;
      }
    | undefined;

  async function searchIndexes() {
    const now = Date.now();
    if (searchCache && now - searchCache.checkedAt < SEARCH_REVISION_CHECK_MS) return searchCache;
    const revision = await repo.revision('procedures');
    if (searchCache && searchCache.revision === revision) {
      searchCache.checkedAt = now;
      return searchCache;
    }
    const corpus = await repo.searchCorpus();
    searchCache = {
      revision,
      checkedAt: now,
      // The sector is searched too ("hộ tịch khai sinh"), weighted like any word of the name.
      procedures: new SearchIndex(corpus.procedures, (p) => `${p.name} ${p.sector}`),
      index: new SearchIndex(corpus.index, (p) => `${p.name} ${p.sector}`),
    };
    return searchCache;
  }

  return {
    today: () => vnDate(ctx.clock.now()),

    listDocumentTypes: (on?: string) => repo.listDocumentTypes(on ?? vnDate(ctx.clock.now())),

    async getDocumentType(id: string): Promise<DocumentType> {
      const found = await repo.getDocumentType(id);
      if (!found) throw catalogErrors.documentTypeNotFound();
      return found;
    },

    async createDocumentType(actor: Actor, input: CreateDocumentTypeBody, requestId?: string): Promise<DocumentType> {
      assertCanManageCatalog(actor);
      return ctx.change(actor, requestId, async (c) => {
        if (await repo.findByCodeFrom(c.tx, input.code, input.validFrom)) {
          throw catalogErrors.documentTypeExists(input.code, input.validFrom);
        }
        const abbreviation = input.abbreviation ?? null;
        if (abbreviation && (await repo.abbreviationInUse(c.tx, abbreviation))) {
          throw catalogErrors.abbreviationTaken(abbreviation);
        }
        const created = await repo.insertDocumentType(c.tx, {
          id: uuidv7(),
          code: input.code,
          name: input.name.trim(),
          abbreviation,
          grp: input.group,
          note: input.note ?? null,
          legal_basis: input.legalBasis,
          valid_from: input.validFrom,
          valid_to: null,
          created_at: ctx.clock.now(),
        });
        await c.audit({
          action: 'document_type.create',
          entityType: 'document_type',
          entityId: created.id,
          data: { after: created },
        });
        const payload: DocumentTypeCreatedPayload = {
          id: created.id,
          code: created.code,
          abbreviation: created.abbreviation,
          validFrom: created.validFrom,
        };
        await c.publish(catalogEvents.documentTypeCreated, { ...payload });
        return created;
      });
    },

    countDocumentTypes: () => repo.countDocumentTypes(),

    // -------------------------------------------------------------------------------------------
    // Administrative units

    async listUnits(query: UnitListQuery): Promise<UnitList> {
      const on = query.on ?? vnDate(ctx.clock.now());
      const limit = query.limit ?? 100;
      const offset = query.offset ?? 0;
      const searchKey = query.q === undefined ? '' : asciiFoldVietnameseName(query.q);
      const { items, total } = await repo.listUnits({
        on,
        limit,
        offset,
        ...(query.level ? { level: query.level } : {}),
        ...(query.parent ? { parent: query.parent } : {}),
        ...(searchKey ? { searchKey } : {}),
      });
      return { items, total, limit, offset, on };
    },

    async getUnit(code: string, onDate?: string): Promise<UnitDetail> {
      const on = onDate ?? vnDate(ctx.clock.now());
      const unit = await repo.getUnit(code, on);
      if (!unit) throw catalogErrors.unitNotFound(code, on);
      const [parent, predecessors, successors] = await Promise.all([
        unit.parentCode ? repo.getUnit(unit.parentCode, on) : undefined,
        repo.predecessorsOf(code, on),
        repo.successorsOf(code, on),
      ]);
      return { ...unit, on, parent: parent ?? null, predecessors, successors };
    },

    /**
     * The units valid on `at` (default today) that the unit `code` (as it was on `on`) became,
     * following successive reorganisations (2025 mergers, then the 2026 Đồng Nai change). A unit
     * still valid answers itself. Without `on`, the code's first succession is followed (codes are
     * reused: 82 was Tiền Giang — ask with `on` for the older meaning).
     */
    async currentSuccessors(code: string, on?: string, at?: string): Promise<UnitSuccessors> {
      const target = at ?? vnDate(ctx.clock.now());
      const start = on ?? '1900-01-01';
      const self = on ? await repo.getUnit(code, on) : undefined;
      if (self && (self.validTo === null || self.validTo >= target)) {
        return { code, on: start, at: target, items: [{ code, name: self.name, kind: 'full', path: [code] }] };
      }
      const out = new Map<string, UnitSuccessors['items'][number]>();
      const walk = async (from: string, date: string, path: string[], kind: 'full' | 'partial') => {
        if (path.length > 6) return;
        for (const link of await repo.successorsOf(from, date)) {
          const k = kind === 'partial' || link.kind === 'partial' ? 'partial' : 'full';
          const now = await repo.getUnit(link.code, target);
          const reached = await repo.getUnit(link.code, link.effectiveDate);
          if (now && reached && now.validFrom === reached.validFrom) {
            const prev = out.get(link.code);
            if (!prev || (prev.kind === 'partial' && k === 'full')) {
              out.set(link.code, { code: link.code, name: now.name, kind: k, path: [...path, link.code] });
            }
          } else await walk(link.code, link.effectiveDate, [...path, link.code], k);
        }
      };
      await walk(code, start, [code], 'full');
      if (out.size === 0 && !(await repo.successorsOf(code, start)).length && !self) {
        throw catalogErrors.unitNotFound(code, start);
      }
      return { code, on: start, at: target, items: [...out.values()].sort((a, b) => a.code.localeCompare(b.code)) };
    },

    listSectors: () => repo.listSectors(),

    async listUnitImportDefects(): Promise<UnitImportDefectList> {
      const items = await repo.listUnitImportDefects();
      const unresolvedErrors = items.filter((d) => d.severity === 'error' && d.resolvedBy === null).length;
      return { items, total: items.length, unresolvedErrors };
    },

    /**
     * Stores a parsed import (unit-import) in one transaction: new versions inserted, changed ones
     * updated, the defect report replaced when it differs; one audit record and one event, and
     * neither when nothing changed, so a repeated import leaves the database as it was.
     */
    async importAdminUnits(actor: Actor, parsed: UnitImportResult, requestId?: string): Promise<UnitImportReport> {
      assertCanManageCatalog(actor);
      const units: AdminUnitTable[] = parsed.units.map((u) => ({
        id: uuidv7(),
        code: u.code,
        level: u.level,
        name: u.name,
        full_name: u.fullName,
        unit_type: u.unitType,
        parent_code: u.parentCode,
        valid_from: u.validFrom,
        valid_to: u.validTo,
        source: u.source,
        name_key: normalizeVietnameseName(u.fullName),
        search_key: asciiFoldVietnameseName(u.fullName),
      }));
      const successions: UnitSuccessionTable[] = parsed.successions.map((s) => ({
        old_code: s.oldCode,
        old_valid_to: PRE_REFORM_LAST_DAY,
        old_name: s.oldName,
        new_code: s.newCode,
        new_valid_from: s.effectiveDate,
        new_name: s.newName,
        kind: s.kind,
        corrected_from: s.correctedFrom ?? null,
      }));
      const defects: UnitImportDefectTable[] = parsed.report.defects.map((d, i) => ({
        seq: i + 1,
        severity: d.severity,
        kind: d.kind,
        code: d.code ?? null,
        message: d.message,
        details: d.details ?? null,
        suggestion: d.suggestion ?? null,
        resolved_by: d.resolvedBy ?? null,
      }));
      return ctx.change(actor, requestId, async (c) => {
        const u = await repo.upsertUnits(c.tx, units);
        const s = await repo.upsertSuccessions(c.tx, successions);
        const stored = (await repo.listUnitImportDefects(c.tx)).map(
          (d): UnitImportDefectTable => ({
            seq: d.seq,
            severity: d.severity,
            kind: d.kind,
            code: d.code,
            message: d.message,
            details: d.details,
            suggestion: d.suggestion,
            resolved_by: d.resolvedBy,
          }),
        );
        const replaced = !sameDefects(stored, defects);
        if (replaced) await repo.replaceUnitImportDefects(c.tx, defects);
        const report: UnitImportReport = {
          units: { read: units.length, ...u, stored: await repo.countUnits(c.tx) },
          successions: { read: successions.length, ...s, stored: await repo.countSuccessions(c.tx) },
          defects: { total: defects.length, unresolvedErrors: parsed.report.unresolvedErrors, replaced },
          changed: u.inserted + u.updated + s.inserted + s.updated > 0 || replaced,
        };
        if (!report.changed) return report;
        const summary = parsed.report.summary.map((e) => ({
          kind: e.kind,
          severity: e.severity,
          count: e.count,
          unresolved: e.unresolved,
        }));
        await c.audit({
          action: 'admin_units.import',
          entityType: 'admin_unit_import',
          entityId: uuidv7(),
          data: { units: report.units, successions: report.successions, defects: { ...report.defects, summary } },
        });
        await c.publish(catalogEvents.adminUnitsImported, {
          units: report.units,
          successions: report.successions,
          defects: report.defects,
        });
        return report;
      });
    },

    // -------------------------------------------------------------------------------------------
    // Procedures

    async listProcedures(query: ProcedureListQuery): Promise<ProcedureList> {
      const limit = query.limit ?? 20;
      const offset = query.offset ?? 0;
      const sector = query.sector?.normalize('NFC').trim();
      let found: { items: ProcedureHit[]; total: number };
      if (query.q !== undefined && query.q.trim() !== '') {
        const { procedures } = await searchIndexes();
        const hits = procedures.search(
          query.q,
          (p) =>
            (!sector || p.sector === sector) &&
            (!query.level || p.levels.includes(query.level)) &&
            (query.flagged === undefined || p.flag_count > 0 === query.flagged),
        );
        found = {
          items: hits.slice(offset, offset + limit).map((h) => ({ ...h.item, score: h.score })),
          total: hits.length,
        };
      } else {
        found = await repo.searchProcedures({
          searchKey: '',
          limit,
          offset,
          ...(sector ? { sector } : {}),
          ...(query.level ? { level: query.level } : {}),
          ...(query.flagged !== undefined ? { flagged: query.flagged } : {}),
        });
      }
      const { items, total } = found;
      return {
        items: items.map((r) => ({
          code: r.code,
          name: r.name,
          sector: r.sector,
          levels: r.levels,
          versionFrom: r.version_from,
          versionTo: r.version_to,
          flagCount: r.flag_count,
          score: r.score,
        })),
        total,
        limit,
        offset,
      };
    },

    async getProcedure(code: string, on?: string): Promise<ProcedureDetail> {
      const r = await repo.currentProcedure(code, on);
      if (!r) throw catalogErrors.procedureNotFound(code, on);
      const { rawText, ...record } = r.data as ProcedureRecord & { rawText?: string | null };
      return {
        code: r.code,
        name: r.name,
        sector: r.sector,
        levels: r.levels,
        versionFrom: r.version_from,
        versionTo: r.version_to,
        record,
        rawText: rawText ?? null,
        flags: r.flags as Flag[],
        flagCount: r.flag_count,
      };
    },

    /** Every version of a procedure with its dates, flags and corrections, newest first. */
    async procedureVersions(code: string): Promise<{ code: string; items: ProcedureVersionView[] }> {
      const rows = await repo.procedureVersions(code);
      if (rows.length === 0) throw catalogErrors.procedureNotFound(code);
      return { code, items: rows.map(versionView) };
    },

    /**
     * A province administrator corrects fields of the current version (flagged by the importer or
     * operational ones) with the values' source and a reason. The current version is closed the day
     * before `effectiveFrom` (today, the default, and the only day allowed: a version in force in the
     * past is what dossiers received then were handled under; a version dated in the future would be
     * the catalogue's "current" version at once, read by every new dossier and refused by the next
     * import, so future-dated corrections wait for their day) and a new one opens; a correction effective on the
     * day the current version began amends that version instead, as a same-day re-import does (the
     * previous content stays in the audit record). Flags are recomputed; the change, its audit record
     * and the event are one transaction. `ifMatch` must be the version's ETag (no lost update).
     */
    async correctProcedure(
      actor: Actor,
      code: string,
      input: ProcedureCorrectionInput,
      ifMatch: string | undefined,
      requestId?: string,
    ): Promise<{ mode: 'new_version' | 'amended'; version: ProcedureVersionView; cleared: Flag[] }> {
      assertCanManageCatalog(actor);
      if (!ifMatch) throw catalogErrors.preconditionRequired();
      const today = vnDate(ctx.clock.now());
      const effectiveFrom = input.effectiveFrom ?? today;
      const reason = input.reason.normalize('NFC').trim();
      const source = input.source.normalize('NFC').trim();
      const errors = [];
      if (effectiveFrom < today)
        errors.push({
          field: '/body/effectiveFrom',
          message: `Ngày hiệu lực ${effectiveFrom} đã qua: phiên bản mới chỉ có hiệu lực từ hôm nay (${today}) trở đi.`,
        });
      else if (effectiveFrom > today)
        errors.push({
          field: '/body/effectiveFrom',
          message: `Chưa nhận bản sửa có hiệu lực từ ngày sau (${effectiveFrom}): hãy nhập bản sửa vào đúng ngày nó có hiệu lực; bản sửa hôm nay có hiệu lực từ hôm nay (${today}).`,
        });
      if (reason.length < 5) errors.push({ field: '/body/reason', message: 'Cần ghi lý do sửa (ít nhất 5 ký tự).' });
      if (source.length < 3)
        errors.push({
          field: '/body/source',
          message: 'Cần ghi nguồn của giá trị mới (văn bản, quyết định công bố, nghị quyết HĐND…).',
        });
      if (errors.length > 0) throw commonErrors.validation(errors);
      return ctx.change(actor, requestId, async (c) => {
        const current = await repo.lockCurrentProcedure(c.tx, code);
        if (!current) throw catalogErrors.procedureNotFound(code);
        if (ifMatch.replace(/^W\//, '') !== procedureEtag(current)) throw catalogErrors.stale(`Thủ tục ${code}`);
        if (effectiveFrom < current.version_from) {
          throw commonErrors.validation([
            {
              field: '/body/effectiveFrom',
              message: `Phiên bản hiện hành có hiệu lực từ ${current.version_from}: ngày hiệu lực của bản sửa không được sớm hơn.`,
            },
          ]);
        }
        const {
          rawText,
          corrections: log,
          ...record
        } = current.data as ProcedureRecord & {
          rawText?: string | null;
          corrections?: CorrectionLogEntry[];
        };
        const applied = applyCorrections(record, current.flags as Flag[], input.corrections);
        if ('errors' in applied)
          throw commonErrors.validation(applied.errors, 'Có giá trị sửa không hợp lệ; thủ tục chưa được thay đổi.');
        const at = ctx.clock.now().toISOString();
        const entries: CorrectionLogEntry[] = applied.changes.map((ch) => ({
          ...ch,
          reason,
          source,
          by: { id: actor.id, name: actor.name ?? null },
          at,
          effectiveFrom,
        }));
        const data = { ...applied.record, rawText: rawText ?? null, corrections: [...(log ?? []), ...entries] };
        const values = {
          levels: applied.record.levels.value ?? current.levels,
          data,
          flags: applied.flags,
          flag_count: applied.flags.length,
        };
        let stored: ProcedureTable;
        let mode: 'new_version' | 'amended';
        if (effectiveFrom === current.version_from) {
          await repo.amendProcedureVersion(c.tx, current.id, values);
          stored = { ...current, ...values };
          mode = 'amended';
        } else {
          await repo.closeProcedureVersions(c.tx, [current.id], dayBefore(effectiveFrom));
          stored = { ...current, ...values, id: uuidv7(), version_from: effectiveFrom, version_to: null };
          await repo.insertProcedureVersion(c.tx, stored);
          mode = 'new_version';
        }
        await repo.bumpRevision(c.tx, 'procedures');
        searchCache = undefined;
        await c.audit({
          action: 'procedure.corrected',
          entityType: 'procedure',
          entityId: code,
          data: {
            mode,
            previousVersionFrom: current.version_from,
            versionFrom: stored.version_from,
            reason,
            source,
            changes: applied.changes,
            clearedFlags: applied.cleared,
            flagCount: { before: current.flag_count, after: stored.flag_count },
          },
        });
        await c.publish(catalogEvents.procedureCorrected, {
          code,
          mode,
          versionFrom: stored.version_from,
          fields: applied.changes.map((ch) => ch.field),
          flagCount: stored.flag_count,
        });
        return { mode, version: versionView(stored), cleared: applied.cleared };
      });
    },

    async searchProcedureIndex(query: ProcedureIndexQuery): Promise<ProcedureIndexList> {
      const limit = query.limit ?? 20;
      const offset = query.offset ?? 0;
      let found: { items: ProcedureIndexHit[]; total: number };
      if (query.q !== undefined && query.q.trim() !== '') {
        const hits = (await searchIndexes()).index.search(query.q);
        found = {
          items: hits.slice(offset, offset + limit).map((h) => ({ ...h.item, score: h.score })),
          total: hits.length,
        };
      } else found = await repo.searchProcedureIndex('', limit, offset);
      const { items, total } = found;
      return {
        items: items.map((r) => ({
          code: r.code,
          name: r.name,
          level: r.level,
          sector: r.sector,
          decidingAct: r.deciding_act,
          ministryFolder: r.ministry_folder,
          detailUrl: r.detail_url,
          score: r.score,
        })),
        total,
        limit,
        offset,
      };
    },

    /**
     * Stores the parsed procedures and national index in one transaction. A procedure whose parsed
     * record (and flags) equals its current version is left alone; a changed one gets a new version
     * from `versionFrom` and the previous one is closed the day before (replaced in place when it
     * started the same day). The index is upserted by code. One audit record and one event, and
     * neither when nothing changed. Procedures absent from the files are not withdrawn.
     */
    async importProcedures(
      actor: Actor,
      input: ProcedureImportInput,
      versionFrom: string,
      requestId?: string,
    ): Promise<ProcedureImportReport> {
      assertCanManageCatalog(actor);
      const rows: ProcedureTable[] = input.procedures.map(({ record, rawText }) => {
        const name = record.name.value ?? record.name.raw;
        const sector = record.sector.value ?? record.sector.raw;
        return {
          id: uuidv7(),
          code: record.nationalCode.value ?? record.nationalCode.raw,
          version_from: versionFrom,
          version_to: null,
          name,
          sector,
          levels: record.levels.value ?? [],
          data: { ...record, rawText },
          flags: record.flags,
          flag_count: record.flags.length,
          search_key: asciiFoldVietnameseName(`${name} ${sector}`),
        };
      });
      const indexRows: ProcedureIndexTable[] = input.index.map((e) => ({
        code: e.nationalCode,
        name: e.name,
        level: e.levels.raw,
        sector: e.sector,
        deciding_act: e.decisionNumber,
        ministry_folder: e.ministryFolder,
        detail_url: e.detailUrl,
        search_key: asciiFoldVietnameseName(`${e.name} ${e.sector}`),
      }));
      return ctx.change(actor, requestId, async (c) => {
        const current = new Map((await repo.currentProcedures(c.tx)).map((p) => [p.code, p]));
        const write: ProcedureTable[] = [];
        const close: string[] = [];
        let inserted = 0;
        let updated = 0;
        let superseded = 0;
        for (const row of rows) {
          const old = current.get(row.code);
          if (
            old &&
            canonicalJson(old.data) === canonicalJson(row.data) &&
            canonicalJson(old.flags) === canonicalJson(row.flags)
          ) {
            continue;
          }
          write.push(row);
          if (!old) inserted++;
          else if (old.version_from === versionFrom) updated++;
          else {
            close.push(old.id);
            superseded++;
          }
        }
        await repo.closeProcedureVersions(c.tx, close, dayBefore(versionFrom));
        await repo.upsertProcedures(c.tx, write);
        const idx = await repo.upsertProcedureIndex(c.tx, indexRows);
        const counts = await repo.countProcedures(c.tx);
        const byCode = Object.fromEntries(rows.map((r) => [r.code, r.flag_count]));
        const report: ProcedureImportReport = {
          procedures: {
            read: rows.length,
            inserted,
            updated,
            superseded,
            unchanged: rows.length - write.length,
            stored: counts.current,
          },
          flags: {
            total: rows.reduce((n, r) => n + r.flag_count, 0),
            procedures: rows.filter((r) => r.flag_count > 0).length,
            byCode,
          },
          index: {
            read: indexRows.length,
            ...idx,
            stored: counts.index,
            flagged: input.index.filter((e) => e.flags.length > 0).length,
            fileFlags: input.indexFlags.length,
          },
          versionFrom,
          changed: write.length > 0 || idx.inserted + idx.updated > 0,
        };
        if (!report.changed) return report;
        await repo.bumpRevision(c.tx, 'procedures');
        searchCache = undefined;
        const { byCode: _, ...flagTotals } = report.flags;
        await c.audit({
          action: 'procedures.import',
          entityType: 'procedure_import',
          entityId: uuidv7(),
          data: { procedures: report.procedures, flags: report.flags, index: report.index, versionFrom },
        });
        await c.publish(catalogEvents.proceduresImported, {
          procedures: report.procedures,
          flags: flagTotals,
          index: report.index,
          versionFrom,
        });
        return report;
      });
    },
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
