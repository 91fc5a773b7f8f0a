/**
 * Agencies (cơ quan, đơn vị): an effective-dated tree keyed by the electronic identifier of QCVN
 * 102:2016 / Quyết định 20/2020/QĐ-TTg. Imported from CSV or Excel (our format or the registry
 * export), all or nothing: a file with an error writes nothing and says which rows are wrong.
 */
import { randomUUID } from 'node:crypto';
import type { Actor } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { foldDiacritics } from '../../platform/text/index.ts';
import {
  AGENCY_KIND_LABELS,
  type AgencyDefect,
  type AgencyRecord,
  readAgencies,
  validateAgencyRecords,
  writeAgenciesCsv,
  writeAgenciesXlsx,
} from './agency-import/index.ts';
import {
  AGENCY_VALUE_COLUMNS,
  type AgenciesRepository,
  type AgencyFilter,
  type AgencyRow,
} from './catalog.agencies.repository.ts';
import { assertCanManageCatalog } from './catalog.policy.ts';

export interface Agency {
  code: string;
  name: string;
  shortName: string | null;
  kind: string;
  kindLabel: string;
  parentCode: string | null;
  unitCode: string | null;
  validFrom: string;
  validTo: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  origin: string;
}

export interface AgencyDetail extends Agency {
  ancestors: { code: string; name: string }[];
  childCount: number;
  versions: { validFrom: string; validTo: string | null; name: string }[];
}

export interface AgencyTreeNode extends Agency {
  children: AgencyTreeNode[];
}

export interface AgencyImportReport {
  format: string;
  read: number;
  inserted: number;
  updated: number;
  unchanged: number;
  dryRun: boolean;
  /** Rows left out because of an error (only with skipInvalid). */
  skipped: number;
  defects: AgencyDefect[];
}

function agencyOf(r: AgencyRow): Agency {
  return {
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    kindLabel: (AGENCY_KIND_LABELS as Record<string, string>)[r.kind] ?? r.kind,
    parentCode: r.parent_code,
    unitCode: r.unit_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    email: r.email,
    phone: r.phone,
    address: r.address,
    origin: r.origin,
  };
}

function recordOf(r: AgencyRow): AgencyRecord {
  return {
    code: r.code,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind as AgencyRecord['kind'],
    parentCode: r.parent_code,
    unitCode: r.unit_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
    email: r.email,
    phone: r.phone,
    address: r.address,
  };
}

export function searchKeyOfAgency(r: Pick<AgencyRecord, 'code' | 'name' | 'shortName'>): string {
  return foldDiacritics(`${r.name} ${r.shortName ?? ''} ${r.code}`)
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

const agencyErrors = {
  notFound: (code: string, on: string) =>
    new AppError({
      code: 'AGENCY_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy cơ quan',
      detail: `Không có cơ quan mã «${code}» có hiệu lực ngày ${on}.`,
    }),
  rejected: (defects: AgencyDefect[]) =>
    new AppError({
      code: 'AGENCY_IMPORT_REJECTED',
      status: 422,
      title: 'Tệp danh mục cơ quan có lỗi',
      detail: `Tệp có ${defects.filter((d) => d.severity === 'error').length} lỗi; không có dòng nào được ghi. Sửa các dòng được nêu rồi nạp lại.`,
      errors: defects
        .filter((d) => d.severity === 'error')
        .slice(0, 200)
        .map((d) => ({ field: `/file/row/${d.row}/${d.field}`, message: d.message })),
    }),
};

export interface AgencyServiceDeps {
  /** Whether an administrative unit code is valid on a date (units live in this module's other service). */
  unitExists(code: string, on: string): Promise<boolean>;
}

export function agenciesService(ctx: ModuleContext, repo: AgenciesRepository, deps: AgencyServiceDeps) {
  const today = () => vnDate(ctx.clock.now());

  /**
   * `records[i]` came from file row `rows[i]`; `defects` are the reader's (its rows with an error
   * are not in `records`). With `skipInvalid` the valid rows are imported and the others reported;
   * without it any error refuses the whole file.
   */
  async function importRecords(
    actor: Actor,
    records: AgencyRecord[],
    rows: number[],
    defects: AgencyDefect[],
    options: {
      format: string;
      dryRun: boolean;
      origin: string;
      skipInvalid: boolean;
      requestId?: string | undefined;
    },
  ): Promise<AgencyImportReport> {
    assertCanManageCatalog(actor);
    const rowOf = (i: number) => rows[i] ?? i + 2;
    // Rows read = valid rows + rows the reader refused.
    const read = new Set([...rows, ...defects.filter((d) => d.severity === 'error').map((d) => d.row)]).size;
    let accepted = records;
    // Cross-checks a file cannot make alone: parents and units must exist on the start date.
    const inFile = new Map(records.map((r) => [r.code, r]));
    const parentsToCheck = [
      ...new Set(records.flatMap((r) => (r.parentCode && !inFile.has(r.parentCode) ? [r.parentCode] : []))),
    ];
    const known = new Set((await repo.existingCodes(ctx.db, parentsToCheck)).map((r) => r.code));
    records.forEach((r, i) => {
      if (r.parentCode && !inFile.has(r.parentCode) && !known.has(r.parentCode)) {
        defects.push({
          row: rowOf(i),
          field: 'parentCode',
          value: r.parentCode,
          message: `Cơ quan cấp trên «${r.parentCode}» không có trong tệp cũng như trong danh mục; cơ quan này sẽ nằm ngoài cây cho tới khi cấp trên được nạp.`,
          severity: 'warning',
        });
      }
    });
    const unitless = new Set<number>();
    for (const [i, r] of records.entries()) {
      if (r.unitCode && !(await deps.unitExists(r.unitCode, r.validFrom))) {
        unitless.add(i);
        defects.push({
          row: rowOf(i),
          field: 'unitCode',
          value: r.unitCode,
          message: `Không có đơn vị hành chính mã «${r.unitCode}» vào ngày ${r.validFrom}.`,
          severity: 'error',
        });
      }
    }
    defects.sort((a, b) => a.row - b.row);
    if (defects.some((d) => d.severity === 'error')) {
      if (!options.skipInvalid) throw agencyErrors.rejected(defects);
      accepted = records.filter((_, i) => !unitless.has(i));
    }

    return ctx.change(actor, options.requestId, async (c) => {
      const existing = await repo.existingCodes(
        c.tx,
        accepted.map((r) => r.code),
      );
      const byKey = new Map(existing.map((r) => [`${r.code}|${r.valid_from}`, r]));
      const now = ctx.clock.now();
      const inserts: AgencyRow[] = [];
      let updated = 0;
      let unchanged = 0;
      for (const r of accepted) {
        const values = {
          name: r.name,
          short_name: r.shortName,
          kind: r.kind,
          parent_code: r.parentCode,
          unit_code: r.unitCode,
          valid_to: r.validTo,
          email: r.email,
          phone: r.phone,
          address: r.address,
        };
        const old = byKey.get(`${r.code}|${r.validFrom}`);
        if (!old) {
          inserts.push({
            id: randomUUID(),
            code: r.code,
            valid_from: r.validFrom,
            ...values,
            origin: options.origin,
            search_key: searchKeyOfAgency(r),
            updated_at: now,
          });
        } else if (AGENCY_VALUE_COLUMNS.some((k) => (old[k] ?? null) !== (values[k] ?? null))) {
          updated++;
          if (!options.dryRun)
            await repo.update(c.tx, old.id, { ...values, search_key: searchKeyOfAgency(r), updated_at: now });
        } else unchanged++;
      }
      const report: AgencyImportReport = {
        format: options.format,
        read,
        inserted: inserts.length,
        updated,
        unchanged,
        dryRun: options.dryRun,
        skipped: new Set(defects.filter((d) => d.severity === 'error').map((d) => d.row)).size,
        defects,
      };
      if (options.dryRun || (inserts.length === 0 && updated === 0)) return report;
      await repo.insert(c.tx, inserts);
      await c.audit({
        action: 'agencies.import',
        entityType: 'agency_import',
        entityId: randomUUID(),
        data: { format: options.format, origin: options.origin, read, inserted: inserts.length, updated },
      });
      await c.publish('agencies.imported', { inserted: inserts.length, updated, origin: options.origin });
      return report;
    });
  }

  return {
    async listAgencies(query: {
      on?: string;
      parent?: string;
      kind?: string;
      unit?: string;
      q?: string;
      limit?: number;
      offset?: number;
    }): Promise<{ items: Agency[]; total: number; limit: number; offset: number; on: string }> {
      const on = query.on ?? today();
      const f: AgencyFilter = { on, limit: query.limit ?? 100, offset: query.offset ?? 0 };
      if (query.parent) f.parent = query.parent;
      if (query.kind) f.kind = query.kind;
      if (query.unit) f.unit = query.unit;
      if (query.q) f.searchKey = foldDiacritics(query.q).toLowerCase().trim();
      const { items, total } = await repo.list(f);
      return { items: items.map(agencyOf), total, limit: f.limit, offset: f.offset, on };
    },

    /** null when no agency has this code on the date (used by identity for role scopes). */
    async getAgency(code: string, on?: string): Promise<Agency | null> {
      const row = await repo.find(code, on ?? today());
      return row ? agencyOf(row) : null;
    },

    async agencyDetail(code: string, on?: string): Promise<AgencyDetail> {
      const date = on ?? today();
      const row = await repo.find(code, date);
      if (!row) throw agencyErrors.notFound(code, date);
      const [ancestors, childCount, versions] = await Promise.all([
        repo.ancestors(code, date),
        repo.childCount(code, date),
        repo.versions(code),
      ]);
      return {
        ...agencyOf(row),
        ancestors: ancestors.map((a) => ({ code: a.code, name: a.name })),
        childCount,
        versions: versions.map((v) => ({ validFrom: v.valid_from, validTo: v.valid_to, name: v.name })),
      };
    },

    /** The code itself and every descendant valid on the date; [] if the code is unknown then. */
    async agencySubtree(code: string, on?: string): Promise<string[]> {
      return (await repo.subtree(code, on ?? today())).map((r) => r.code);
    },

    async agencyTree(code: string, on?: string): Promise<AgencyTreeNode> {
      const date = on ?? today();
      const rows = await repo.subtree(code, date);
      if (rows.length === 0) throw agencyErrors.notFound(code, date);
      const nodes = new Map(rows.map((r) => [r.code, { ...agencyOf(r), children: [] as AgencyTreeNode[] }]));
      for (const r of rows)
        if (r.depth > 0 && r.parent_code) nodes.get(r.parent_code)?.children.push(nodes.get(r.code)!);
      return nodes.get(code)!;
    },

    async importAgencyFile(
      actor: Actor,
      bytes: Uint8Array,
      filename: string,
      options: { dryRun?: boolean; skipInvalid?: boolean; origin?: string; requestId?: string } = {},
    ): Promise<AgencyImportReport> {
      assertCanManageCatalog(actor);
      const parsed = await readAgencies(bytes, filename);
      return importRecords(actor, parsed.records, parsed.rows, [...parsed.defects], {
        format: parsed.format,
        dryRun: options.dryRun ?? false,
        skipInvalid: options.skipInvalid ?? false,
        origin: options.origin ?? 'import',
        requestId: options.requestId,
      });
    },

    /** Records built in code (the demo tree), through the same checks as a file. */
    async importAgencyRecords(actor: Actor, records: AgencyRecord[], origin: string): Promise<AgencyImportReport> {
      const rows = records.map((_, i) => i + 1);
      return importRecords(actor, records, rows, validateAgencyRecords(records, rows), {
        format: 'records',
        dryRun: false,
        skipInvalid: false,
        origin,
      });
    },

    async exportAgencies(
      format: 'csv' | 'xlsx',
      on?: string,
    ): Promise<{ body: Uint8Array | string; filename: string }> {
      const rows = await repo.all(on);
      const records = rows.map(recordOf);
      const stamp = on ?? 'tat-ca';
      if (format === 'xlsx') return { body: await writeAgenciesXlsx(records), filename: `co-quan-${stamp}.xlsx` };
      return { body: writeAgenciesCsv(records), filename: `co-quan-${stamp}.csv` };
    },
  };
}

export type AgenciesService = ReturnType<typeof agenciesService>;
