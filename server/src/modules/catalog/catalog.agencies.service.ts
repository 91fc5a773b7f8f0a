/**
 * Agencies (cơ quan, đơn vị): an effective-dated tree keyed by the electronic identifier of QCVN
 * 102:2016 / Quyết định 20/2020/QĐ-TTg. Imported from CSV or Excel (our format or the registry
 * export), all or nothing: a file with an error writes nothing and says which rows are wrong.
 */
import { createHash, randomUUID } from 'node:crypto';
import { type Actor, canonicalJson } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import { AppError, commonErrors, type FieldError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { foldDiacritics } from '../../platform/text/index.ts';
import {
  AGENCY_KIND_LABELS,
  type AgencyDefect,
  type AgencyRecord,
  checkAgencyRecord,
  normalizeAgencyCode,
  parseAgencyCode,
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
import { catalogErrors } from './catalog.errors.ts';
import { catalogEvents } from './catalog.events.ts';
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
  /** Send back in If-Match to change or close this version. */
  etag: string;
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

/** The entity tag of a stored version: changes whenever any of its values or dates change. */
export function agencyEtag(r: AgencyRow): string {
  const values = Object.fromEntries(AGENCY_VALUE_COLUMNS.map((k) => [k, r[k] ?? null]));
  const h = createHash('sha256')
    .update(canonicalJson({ ...values, code: r.code, valid_from: r.valid_from }))
    .digest('hex');
  return `"a-${h.slice(0, 24)}"`;
}

/** What an administrator may set on an agency (the electronic identifier is fixed once created). */
export interface AgencyFields {
  name: string;
  shortName: string | null;
  kind: string;
  parentCode: string | null;
  unitCode: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
}

export interface CreateAgencyInput extends Partial<AgencyFields> {
  code: string;
  name: string;
  kind: string;
  validFrom?: string;
  reason: string;
}

export interface ChangeAgencyInput extends Partial<AgencyFields> {
  effectiveFrom?: string;
  reason: string;
}

function dayBefore(isoDate: string): string {
  return new Date(Date.parse(`${isoDate}T00:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
}

const blankToNull = (v: string | null | undefined): string | null => {
  if (v === undefined || v === null) return null;
  const t = v.normalize('NFC').trim();
  return t === '' ? null : t;
};

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
  exists: (code: string, from: string) =>
    new AppError({
      code: 'AGENCY_EXISTS',
      status: 409,
      title: 'Mã cơ quan đã được dùng',
      detail: `Mã «${code}» đã có cơ quan có hiệu lực trong thời gian từ ${from}: mỗi mã định danh chỉ thuộc một cơ quan tại một thời điểm.`,
    }),
  notOpen: (code: string) =>
    new AppError({
      code: 'AGENCY_NOT_OPEN',
      status: 409,
      title: 'Cơ quan đã có ngày hết hiệu lực',
      detail: `Cơ quan «${code}» không còn phiên bản đang hiệu lực không thời hạn: không sửa hay giải thể được nữa.`,
    }),
  hasChildren: (code: string, children: string[]) =>
    new AppError({
      code: 'AGENCY_HAS_CHILDREN',
      status: 409,
      title: 'Cơ quan còn đơn vị trực thuộc',
      detail: `Cơ quan «${code}» còn ${children.length} đơn vị trực thuộc (${children.slice(0, 5).join(', ')}${children.length > 5 ? ', …' : ''}): chuyển chúng sang cơ quan khác hoặc giải thể trước.`,
    }),
  unchanged: () =>
    commonErrors.validation(
      [{ field: '/body', message: 'Không có thông tin nào khác với phiên bản hiện hành.' }],
      'Không có thay đổi nào để lưu.',
    ),
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

  async function agencyDetail(code: string, on?: string): Promise<AgencyDetail> {
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
      etag: agencyEtag(row),
      ancestors: ancestors.map((a) => ({ code: a.code, name: a.name })),
      childCount,
      versions: versions.map((v) => ({ validFrom: v.valid_from, validTo: v.valid_to, name: v.name })),
    };
  }

  /** Field checks of the import (agency-import) plus the ones only the catalogue can make. */
  async function checkRecord(
    tx: Parameters<AgenciesRepository['find']>[2],
    r: AgencyRecord,
    on: string,
  ): Promise<FieldError[]> {
    const errors: FieldError[] = checkAgencyRecord(r)
      .filter((p) => p.severity === 'error')
      .map((p) => ({ field: `/body/${p.field}`, message: p.message }));
    if (r.parentCode !== null && !errors.some((e) => e.field === '/body/parentCode')) {
      // The parent must be in force on the day, and the agency must not end up above itself.
      let cur: AgencyRow | undefined = await repo.find(r.parentCode, on, tx);
      if (!cur) {
        errors.push({
          field: '/body/parentCode',
          message: `Không có cơ quan cấp trên mã «${r.parentCode}» có hiệu lực ngày ${on}.`,
        });
      }
      for (let depth = 0; cur && depth < 20; depth++) {
        if (cur.code === r.code) {
          errors.push({
            field: '/body/parentCode',
            message: `«${r.parentCode}» là đơn vị trực thuộc của «${r.code}»: không thể làm cơ quan cấp trên (vòng lặp).`,
          });
          break;
        }
        cur = cur.parent_code ? await repo.find(cur.parent_code, on, tx) : undefined;
      }
    }
    return errors;
  }

  async function checkUnit(unitCode: string | null, on: string): Promise<FieldError[]> {
    if (unitCode === null || !/^(\d{2}|\d{3}|\d{5})$/.test(unitCode) || (await deps.unitExists(unitCode, on)))
      return [];
    return [{ field: '/body/unitCode', message: `Không có đơn vị hành chính mã «${unitCode}» vào ngày ${on}.` }];
  }

  function checkReason(reason: string): FieldError[] {
    return reason.normalize('NFC').trim().length < 5
      ? [{ field: '/body/reason', message: 'Cần ghi lý do hoặc văn bản quyết định (ít nhất 5 ký tự).' }]
      : [];
  }

  return {
    /**
     * Creates an agency (a province administrator, citing the deciding act in `reason`). The code
     * is the electronic identifier of QCVN 102:2016/BTTTT or Quyết định 20/2020/QĐ-TTg, checked as
     * on import; it must not be used by another agency at any time the new one is in force.
     */
    async createAgency(actor: Actor, input: CreateAgencyInput, requestId?: string): Promise<AgencyDetail> {
      assertCanManageCatalog(actor);
      const validFrom = input.validFrom ?? today();
      const parsed = parseAgencyCode(input.code);
      const record: AgencyRecord = {
        code: parsed.ok ? parsed.code : normalizeAgencyCode(input.code),
        name: (input.name ?? '').normalize('NFC').trim(),
        shortName: blankToNull(input.shortName),
        kind: input.kind as AgencyRecord['kind'],
        parentCode: blankToNull(input.parentCode) === null ? null : normalizeAgencyCode(input.parentCode!),
        unitCode: blankToNull(input.unitCode),
        validFrom,
        validTo: null,
        email: blankToNull(input.email),
        phone: blankToNull(input.phone),
        address: blankToNull(input.address),
      };
      const early: FieldError[] = [...checkReason(input.reason), ...(await checkUnit(record.unitCode, validFrom))];
      // As a change or a closure: an agency never starts in the past, where it would rewrite how
      // records already made resolve their agency.
      if (validFrom < today())
        early.push({
          field: '/body/validFrom',
          message: `Ngày ${validFrom} đã qua: cơ quan mới chỉ có hiệu lực từ hôm nay (${today()}) trở đi.`,
        });
      return ctx.change(actor, requestId, async (c) => {
        // Two creations of one code at once: the second waits here and then sees the first.
        await repo.lockAgencyCode(c.tx, record.code);
        const errors = [...(await checkRecord(c.tx, record, validFrom)), ...early];
        if (errors.length > 0)
          throw commonErrors.validation(errors, 'Thông tin cơ quan chưa hợp lệ; chưa có gì được ghi.');
        if ((await repo.overlapping(c.tx, record.code, validFrom, null)).length > 0)
          throw agencyErrors.exists(record.code, validFrom);
        const row: AgencyRow = {
          id: randomUUID(),
          code: record.code,
          name: record.name,
          short_name: record.shortName,
          kind: record.kind,
          parent_code: record.parentCode,
          unit_code: record.unitCode,
          valid_from: validFrom,
          valid_to: null,
          email: record.email,
          phone: record.phone,
          address: record.address,
          origin: 'admin',
          search_key: searchKeyOfAgency(record),
          updated_at: ctx.clock.now(),
        };
        await repo.insert(c.tx, [row]);
        const reason = input.reason.normalize('NFC').trim();
        await c.audit({
          action: 'agency.created',
          entityType: 'agency',
          entityId: row.code,
          data: { after: agencyOf(row), reason },
        });
        await c.publish(catalogEvents.agencyCreated, { code: row.code, validFrom, parentCode: row.parent_code });
        return { ...agencyOf(row), etag: agencyEtag(row), ancestors: [], childCount: 0, versions: [] };
      });
    },

    /**
     * Changes an agency from `effectiveFrom` (today by default, never earlier): the open version is
     * closed the day before and a new version opens, so records made earlier keep the agency as it
     * was (principle 2: every rule is data with an effective date). A change effective on the day
     * the open version began amends it. `ifMatch` is the ETag of the open version.
     */
    async changeAgency(
      actor: Actor,
      code: string,
      input: ChangeAgencyInput,
      ifMatch: string | undefined,
      requestId?: string,
    ): Promise<{ mode: 'new_version' | 'amended'; agency: AgencyDetail }> {
      assertCanManageCatalog(actor);
      if (!ifMatch) throw catalogErrors.preconditionRequired();
      const on = input.effectiveFrom ?? today();
      const early: FieldError[] = [...checkReason(input.reason)];
      if (on < today())
        early.push({
          field: '/body/effectiveFrom',
          message: `Ngày hiệu lực ${on} đã qua: thay đổi chỉ có hiệu lực từ hôm nay (${today()}) trở đi.`,
        });
      if (input.unitCode !== undefined) early.push(...(await checkUnit(blankToNull(input.unitCode), on)));
      const result = await ctx.change(actor, requestId, async (c) => {
        const open = await repo.lockOpen(c.tx, normalizeAgencyCode(code));
        if (!open) {
          if (await repo.find(normalizeAgencyCode(code), on, c.tx)) throw agencyErrors.notOpen(code);
          throw agencyErrors.notFound(code, on);
        }
        if (ifMatch.replace(/^W\//, '') !== agencyEtag(open)) throw catalogErrors.stale(`Cơ quan ${open.code}`);
        if (on < open.valid_from)
          early.push({
            field: '/body/effectiveFrom',
            message: `Phiên bản hiện hành có hiệu lực từ ${open.valid_from}: ngày hiệu lực của thay đổi không được sớm hơn.`,
          });
        const pick = <K extends keyof AgencyFields>(k: K, current: string | null) =>
          input[k] === undefined ? current : blankToNull(input[k] as string | null);
        const parent = pick('parentCode', open.parent_code);
        const record: AgencyRecord = {
          code: open.code,
          name: input.name === undefined ? open.name : input.name.normalize('NFC').trim(),
          shortName: pick('shortName', open.short_name),
          kind: (input.kind ?? open.kind) as AgencyRecord['kind'],
          parentCode: parent === null ? null : normalizeAgencyCode(parent),
          unitCode: pick('unitCode', open.unit_code),
          validFrom: on,
          validTo: null,
          email: pick('email', open.email),
          phone: pick('phone', open.phone),
          address: pick('address', open.address),
        };
        const errors = [...(await checkRecord(c.tx, record, on)), ...early];
        if (errors.length > 0)
          throw commonErrors.validation(errors, 'Thông tin cơ quan chưa hợp lệ; chưa có gì được ghi.');
        const values = {
          name: record.name,
          short_name: record.shortName,
          kind: record.kind,
          parent_code: record.parentCode,
          unit_code: record.unitCode,
          email: record.email,
          phone: record.phone,
          address: record.address,
        };
        const changed = Object.entries(values).filter(([k, v]) => (open[k as keyof AgencyRow] ?? null) !== v);
        if (changed.length === 0) throw agencyErrors.unchanged();
        const now = ctx.clock.now();
        const search_key = searchKeyOfAgency(record);
        let row: AgencyRow;
        let mode: 'new_version' | 'amended';
        if (on === open.valid_from) {
          await repo.update(c.tx, open.id, { ...values, search_key, updated_at: now });
          row = { ...open, ...values, search_key, updated_at: now };
          mode = 'amended';
        } else {
          await repo.update(c.tx, open.id, { valid_to: dayBefore(on), updated_at: now });
          row = { ...open, ...values, id: randomUUID(), valid_from: on, valid_to: null, search_key, updated_at: now };
          await repo.insert(c.tx, [row]);
          mode = 'new_version';
        }
        const reason = input.reason.normalize('NFC').trim();
        await c.audit({
          action: 'agency.changed',
          entityType: 'agency',
          entityId: open.code,
          data: {
            mode,
            effectiveFrom: on,
            reason,
            changes: Object.fromEntries(
              changed.map(([k, v]) => [k, { before: open[k as keyof AgencyRow] ?? null, after: v }]),
            ),
          },
        });
        await c.publish(catalogEvents.agencyChanged, {
          code: open.code,
          mode,
          effectiveFrom: on,
          fields: changed.map(([k]) => k),
        });
        return { mode, row };
      });
      const detail = await agencyDetail(result.row.code, result.row.valid_from);
      return { mode: result.mode, agency: detail };
    },

    /**
     * Dissolves (giải thể) or ends an agency: `validTo` is its last day in force (today or later).
     * Refused while units still belong to it after that day: they must be moved or closed first,
     * otherwise they would hang outside the tree.
     */
    async closeAgency(
      actor: Actor,
      code: string,
      input: { validTo: string; reason: string },
      ifMatch: string | undefined,
      requestId?: string,
    ): Promise<AgencyDetail> {
      assertCanManageCatalog(actor);
      if (!ifMatch) throw catalogErrors.preconditionRequired();
      const errors: FieldError[] = [...checkReason(input.reason)];
      if (input.validTo < today())
        errors.push({
          field: '/body/validTo',
          message: `Ngày cuối cùng còn hiệu lực ${input.validTo} đã qua: chỉ giải thể từ hôm nay (${today()}) trở đi.`,
        });
      const closed = await ctx.change(actor, requestId, async (c) => {
        const open = await repo.lockOpen(c.tx, normalizeAgencyCode(code));
        if (!open) {
          if (await repo.find(normalizeAgencyCode(code), today(), c.tx)) throw agencyErrors.notOpen(code);
          throw agencyErrors.notFound(code, today());
        }
        if (ifMatch.replace(/^W\//, '') !== agencyEtag(open)) throw catalogErrors.stale(`Cơ quan ${open.code}`);
        if (input.validTo < open.valid_from)
          errors.push({
            field: '/body/validTo',
            message: `Ngày hết hiệu lực ${input.validTo} trước ngày bắt đầu hiệu lực ${open.valid_from}.`,
          });
        if (errors.length > 0) throw commonErrors.validation(errors, 'Chưa giải thể được; chưa có gì được ghi.');
        const children = await repo.childrenFrom(c.tx, open.code, input.validTo);
        const after = children.filter((ch) => ch.valid_to === null || ch.valid_to > input.validTo);
        if (after.length > 0)
          throw agencyErrors.hasChildren(
            open.code,
            after.map((ch) => ch.code),
          );
        const now = ctx.clock.now();
        await repo.update(c.tx, open.id, { valid_to: input.validTo, updated_at: now });
        const reason = input.reason.normalize('NFC').trim();
        await c.audit({
          action: 'agency.closed',
          entityType: 'agency',
          entityId: open.code,
          data: { validFrom: open.valid_from, validTo: input.validTo, reason },
        });
        await c.publish(catalogEvents.agencyClosed, { code: open.code, validTo: input.validTo });
        return open;
      });
      return agencyDetail(closed.code, closed.valid_from);
    },

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

    agencyDetail,

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
