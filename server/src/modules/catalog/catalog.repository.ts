/** All SQL of the catalog module. Nothing outside this file touches the catalog schema. */
import { type Kysely, type RawBuilder, sql, type Transaction } from 'kysely';
import type { AdminUnit, DocumentType, UnitImportDefect, UnitLevel, UnitLink } from './catalog.schemas.ts';

interface DocumentTypeTable {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  grp: 'van_ban_hanh_chinh' | 'ban_sao';
  note: string | null;
  legal_basis: string;
  valid_from: string;
  valid_to: string | null;
  created_at: Date;
}

export interface AdminUnitTable {
  id: string;
  code: string;
  level: UnitLevel;
  name: string;
  full_name: string;
  unit_type: string;
  parent_code: string | null;
  valid_from: string | null;
  valid_to: string | null;
  source: string;
  name_key: string;
  search_key: string;
}

export interface UnitSuccessionTable {
  old_code: string;
  old_valid_to: string;
  old_name: string;
  new_code: string;
  new_valid_from: string;
  new_name: string;
  kind: 'full' | 'partial';
  corrected_from: string | null;
}

export interface UnitImportDefectTable {
  seq: number;
  severity: 'error' | 'warning' | 'info';
  kind: string;
  code: string | null;
  message: string;
  details: unknown;
  suggestion: string | null;
  resolved_by: string | null;
}

export interface ProcedureTable {
  id: string;
  code: string;
  version_from: string;
  version_to: string | null;
  name: string;
  sector: string;
  levels: string[];
  data: unknown;
  flags: unknown;
  flag_count: number;
  search_key: string;
}

export interface ProcedureIndexTable {
  code: string;
  name: string;
  level: string;
  sector: string;
  deciding_act: string;
  ministry_folder: string;
  detail_url: string;
  search_key: string;
}

export interface CatalogDb {
  'catalog.procedure': ProcedureTable;
  'catalog.procedure_index': ProcedureIndexTable;
  'catalog.document_type': DocumentTypeTable;
  'catalog.admin_unit': AdminUnitTable;
  'catalog.unit_succession': UnitSuccessionTable;
  'catalog.unit_import_defect': UnitImportDefectTable;
}

export interface UnitFilter {
  on: string;
  level?: UnitLevel;
  parent?: string;
  /** Already folded (asciiFoldVietnameseName): matched as a substring of search_key. */
  searchKey?: string;
  limit: number;
  offset: number;
}

export interface ProcedureFilter {
  /** Already folded (asciiFoldVietnameseName); empty = no text search (ordered by code). */
  searchKey: string;
  sector?: string;
  level?: string;
  flagged?: boolean;
  limit: number;
  offset: number;
}

export interface ProcedureHit {
  code: string;
  name: string;
  sector: string;
  levels: string[];
  version_from: string;
  version_to: string | null;
  flag_count: number;
  score: number;
}

export type ProcedureIndexHit = Omit<ProcedureIndexTable, 'search_key'> & { score: number };

/**
 * Ranking: how well the query matches words of the key (word_similarity, typo-tolerant), how
 * much of the whole key it covers (similarity: the shortest name containing the words wins) and
 * a bonus when the query is a substring of the key. A row matches when the query is a substring
 * of its key or `key %> query` (word_similarity ≥ pg_trgm.word_similarity_threshold, default
 * 0.6): both can use the trigram GIN index. 0.6 still lets "dang ki khai sin" find "dang ky khai
 * sinh" and "giay fep xay dung" find "giay phep xay dung".
 */
function rankedSearch(key: string) {
  const k = sql.ref('search_key');
  const like = `%${escapeLike(key)}%`;
  return {
    score: sql<number>`round((0.6 * word_similarity(${key}, ${k}) + 0.25 * similarity(${key}, ${k})
      + case when ${k} like ${like} then 0.15 else 0 end)::numeric, 4)::float8`,
    matches: sql<boolean>`(${k} like ${like} or ${k} %> ${key})`,
  };
}

export interface UpsertCount {
  inserted: number;
  updated: number;
}

/** Rows per multi-row INSERT: 500 × 12 parameters stays far below the 65,535-parameter limit. */
const BATCH = 500;

type Db = Kysely<CatalogDb> | Transaction<CatalogDb>;

function toDocumentType(r: DocumentTypeTable): DocumentType {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    abbreviation: r.abbreviation,
    group: r.grp,
    note: r.note,
    legalBasis: r.legal_basis,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

type UnitRow = Pick<
  AdminUnitTable,
  'code' | 'level' | 'name' | 'full_name' | 'unit_type' | 'parent_code' | 'valid_from' | 'valid_to'
>;

function toAdminUnit(r: UnitRow): AdminUnit {
  return {
    code: r.code,
    level: r.level,
    name: r.name,
    fullName: r.full_name,
    unitType: r.unit_type,
    parentCode: r.parent_code,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

const UNIT_COLUMNS = [
  'code',
  'level',
  'name',
  'full_name',
  'unit_type',
  'parent_code',
  'valid_from',
  'valid_to',
] as const satisfies readonly (keyof AdminUnitTable)[];

/** Validity on a day, both bounds inclusive, an unknown start open-ended. */
function validOn(table: string, on: string | RawBuilder<unknown>) {
  const from = sql.ref(`${table}.valid_from`);
  const to = sql.ref(`${table}.valid_to`);
  return sql<boolean>`(${from} is null or ${from} <= ${on}::date) and (${to} is null or ${to} >= ${on}::date)`;
}

function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

function* batches<T>(rows: readonly T[]): Generator<T[]> {
  for (let i = 0; i < rows.length; i += BATCH) yield rows.slice(i, i + BATCH);
}

export function catalogRepository(db: Kysely<any>) {
  const q = db as Kysely<CatalogDb>;
  return {
    ...procedureQueries(q),

    async listDocumentTypes(on: string): Promise<DocumentType[]> {
      const rows = await q
        .selectFrom('catalog.document_type')
        .selectAll()
        .where('valid_from', '<=', on)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
        .orderBy('grp')
        .orderBy('name')
        .execute();
      return rows.map(toDocumentType);
    },

    async getDocumentType(id: string): Promise<DocumentType | undefined> {
      const row = await q.selectFrom('catalog.document_type').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDocumentType(row) : undefined;
    },

    async findByCodeFrom(tx: Db, code: string, validFrom: string): Promise<boolean> {
      const r = await tx
        .selectFrom('catalog.document_type')
        .select('id')
        .where('code', '=', code)
        .where('valid_from', '=', validFrom)
        .executeTakeFirst();
      return r !== undefined;
    },

    async abbreviationInUse(tx: Db, abbreviation: string): Promise<boolean> {
      const r = await tx
        .selectFrom('catalog.document_type')
        .select('id')
        .where('abbreviation', '=', abbreviation)
        .where('valid_to', 'is', null)
        .executeTakeFirst();
      return r !== undefined;
    },

    async insertDocumentType(tx: Db, row: DocumentTypeTable): Promise<DocumentType> {
      await tx.insertInto('catalog.document_type').values(row).execute();
      return toDocumentType(row);
    },

    async countDocumentTypes(): Promise<number> {
      const r = await q
        .selectFrom('catalog.document_type')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    // -------------------------------------------------------------------------------------------
    // Administrative units

    async listUnits(f: UnitFilter): Promise<{ items: AdminUnit[]; total: number }> {
      let base = q.selectFrom('catalog.admin_unit as u').where(validOn('u', f.on));
      if (f.level) base = base.where('u.level', '=', f.level);
      if (f.parent) base = base.where('u.parent_code', '=', f.parent);
      if (f.searchKey) base = base.where(sql<boolean>`u.search_key like ${`%${escapeLike(f.searchKey)}%`}`);
      const [rows, count] = await Promise.all([
        base
          .select(UNIT_COLUMNS.map((c) => `u.${c}` as const))
          .orderBy('u.code')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows.map(toAdminUnit), total: Number(count.n) };
    },

    async getUnit(code: string, on: string): Promise<AdminUnit | undefined> {
      const row = await q
        .selectFrom('catalog.admin_unit as u')
        .select(UNIT_COLUMNS.map((c) => `u.${c}` as const))
        .where('u.code', '=', code)
        .where(validOn('u', on))
        .executeTakeFirst();
      return row ? toAdminUnit(row) : undefined;
    },

    /**
     * Edges reaching `code` at its latest succession on or before `on` (codes are reused, so an
     * older edge to the same code belongs to another unit). Names are the old units' on their
     * last day, or the mapping's when the old unit is not stored.
     */
    async predecessorsOf(code: string, on: string): Promise<UnitLink[]> {
      const r = await sql<LinkRow>`
        select s.old_code as code, coalesce(u.full_name, s.old_name) as name, s.kind,
               s.new_valid_from as effective_date, s.corrected_from
        from catalog.unit_succession s
        left join catalog.admin_unit u on u.code = s.old_code and ${validOn('u', sql.ref('s.old_valid_to'))}
        where s.new_code = ${code}
          and s.new_valid_from = (select max(new_valid_from) from catalog.unit_succession
                                  where new_code = ${code} and new_valid_from <= ${on}::date)
        order by s.old_code`.execute(q);
      return r.rows.map(toLink);
    },

    /** Sectors (lĩnh vực) as named by the procedures and the national index, with counts. */
    async listSectors(): Promise<{ name: string; procedures: number; indexed: number }[]> {
      const r = await sql<{ name: string; procedures: number; indexed: number }>`
        select name, sum(p)::int8 as procedures, sum(i)::int8 as indexed from (
          select sector as name, 1 as p, 0 as i from catalog.procedure where version_to is null
          union all
          select sector as name, 0 as p, 1 as i from catalog.procedure_index
        ) s where name <> '' group by name order by name`.execute(q);
      return r.rows.map((x) => ({ name: x.name, procedures: Number(x.procedures), indexed: Number(x.indexed) }));
    },

    /** Edges leaving `code` at its first succession on or after `on`. */
    async successorsOf(code: string, on: string): Promise<UnitLink[]> {
      const r = await sql<LinkRow>`
        select s.new_code as code, coalesce(u.full_name, s.new_name) as name, s.kind,
               s.new_valid_from as effective_date, s.corrected_from
        from catalog.unit_succession s
        left join catalog.admin_unit u on u.code = s.new_code and ${validOn('u', sql.ref('s.new_valid_from'))}
        where s.old_code = ${code}
          and s.old_valid_to = (select min(old_valid_to) from catalog.unit_succession
                                where old_code = ${code} and old_valid_to >= ${on}::date)
        order by s.new_code`.execute(q);
      return r.rows.map(toLink);
    },

    /** Inserts new versions, updates changed ones (same code and start); unchanged rows are not touched. */
    async upsertUnits(tx: Db, rows: readonly AdminUnitTable[]): Promise<UpsertCount> {
      const n: UpsertCount = { inserted: 0, updated: 0 };
      for (const batch of batches(rows)) {
        const out = await tx
          .insertInto('catalog.admin_unit')
          .values(batch)
          .onConflict((oc) =>
            oc
              .columns(['code', 'valid_from'])
              .doUpdateSet((eb) => ({
                level: eb.ref('excluded.level'),
                name: eb.ref('excluded.name'),
                full_name: eb.ref('excluded.full_name'),
                unit_type: eb.ref('excluded.unit_type'),
                parent_code: eb.ref('excluded.parent_code'),
                valid_to: eb.ref('excluded.valid_to'),
                source: eb.ref('excluded.source'),
                name_key: eb.ref('excluded.name_key'),
                search_key: eb.ref('excluded.search_key'),
              }))
              .where(
                sql<boolean>`(admin_unit.level, admin_unit.name, admin_unit.full_name, admin_unit.unit_type,
                  admin_unit.parent_code, admin_unit.valid_to, admin_unit.source, admin_unit.name_key,
                  admin_unit.search_key)
                  is distinct from (excluded.level, excluded.name, excluded.full_name, excluded.unit_type,
                  excluded.parent_code, excluded.valid_to, excluded.source, excluded.name_key, excluded.search_key)`,
              ),
          )
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .execute();
        for (const r of out) r.inserted ? n.inserted++ : n.updated++;
      }
      return n;
    },

    async upsertSuccessions(tx: Db, rows: readonly UnitSuccessionTable[]): Promise<UpsertCount> {
      const n: UpsertCount = { inserted: 0, updated: 0 };
      for (const batch of batches(rows)) {
        const out = await tx
          .insertInto('catalog.unit_succession')
          .values(batch)
          .onConflict((oc) =>
            oc
              .columns(['old_code', 'old_valid_to', 'new_code', 'new_valid_from'])
              .doUpdateSet((eb) => ({
                old_name: eb.ref('excluded.old_name'),
                new_name: eb.ref('excluded.new_name'),
                kind: eb.ref('excluded.kind'),
                corrected_from: eb.ref('excluded.corrected_from'),
              }))
              .where(
                sql<boolean>`(unit_succession.old_name, unit_succession.new_name, unit_succession.kind,
                  unit_succession.corrected_from)
                  is distinct from (excluded.old_name, excluded.new_name, excluded.kind, excluded.corrected_from)`,
              ),
          )
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .execute();
        for (const r of out) r.inserted ? n.inserted++ : n.updated++;
      }
      return n;
    },

    async countUnits(tx: Db = q): Promise<number> {
      const r = await tx
        .selectFrom('catalog.admin_unit')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async countSuccessions(tx: Db = q): Promise<number> {
      const r = await tx
        .selectFrom('catalog.unit_succession')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    async listUnitImportDefects(tx: Db = q): Promise<UnitImportDefect[]> {
      const rows = await tx.selectFrom('catalog.unit_import_defect').selectAll().orderBy('seq').execute();
      return rows.map((r) => ({
        seq: r.seq,
        severity: r.severity,
        kind: r.kind,
        code: r.code,
        message: r.message,
        details: r.details ?? null,
        suggestion: r.suggestion,
        resolvedBy: r.resolved_by,
      }));
    },

    /** Replaces the stored defect report. */
    async replaceUnitImportDefects(tx: Db, rows: readonly UnitImportDefectTable[]): Promise<void> {
      await tx.deleteFrom('catalog.unit_import_defect').execute();
      for (const batch of batches(rows)) {
        await tx
          .insertInto('catalog.unit_import_defect')
          .values(batch.map((r) => ({ ...r, details: r.details === null ? null : JSON.stringify(r.details) })))
          .execute();
      }
    },
  };
}

/** Procedures and the national index: added to the repository object below. */
function procedureQueries(q: Kysely<CatalogDb>) {
  return {
    async searchProcedures(f: ProcedureFilter): Promise<{ items: ProcedureHit[]; total: number }> {
      const r = f.searchKey ? rankedSearch(f.searchKey) : undefined;
      let base = q.selectFrom('catalog.procedure').where('version_to', 'is', null);
      if (r) base = base.where(r.matches);
      if (f.sector) base = base.where('sector', '=', f.sector);
      if (f.level) base = base.where(sql<boolean>`levels @> array[${f.level}]::text[]`);
      if (f.flagged !== undefined) base = base.where('flag_count', f.flagged ? '>' : '=', 0);
      const [rows, count] = await Promise.all([
        base
          .select(['code', 'name', 'sector', 'levels', 'version_from', 'version_to', 'flag_count'])
          .select(r ? r.score.as('score') : sql<number>`1::float8`.as('score'))
          .orderBy('score', 'desc')
          .orderBy('code')
          .limit(f.limit)
          .offset(f.offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows, total: Number(count.n) };
    },

    async searchProcedureIndex(
      searchKey: string,
      limit: number,
      offset: number,
    ): Promise<{ items: ProcedureIndexHit[]; total: number }> {
      const r = searchKey ? rankedSearch(searchKey) : undefined;
      let base = q.selectFrom('catalog.procedure_index');
      if (r) base = base.where(r.matches);
      const [rows, count] = await Promise.all([
        base
          .select(['code', 'name', 'level', 'sector', 'deciding_act', 'ministry_folder', 'detail_url'])
          .select(r ? r.score.as('score') : sql<number>`1::float8`.as('score'))
          .orderBy('score', 'desc')
          .orderBy('code')
          .limit(limit)
          .offset(offset)
          .execute(),
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items: rows, total: Number(count.n) };
    },

    /** Everything procedure search needs, for the in-memory index (catalog.search.ts). */
    async searchCorpus(): Promise<{ procedures: ProcedureHit[]; index: ProcedureIndexHit[] }> {
      const [procedures, index] = await Promise.all([
        q
          .selectFrom('catalog.procedure')
          .where('version_to', 'is', null)
          .select(['code', 'name', 'sector', 'levels', 'version_from', 'version_to', 'flag_count'])
          .select(sql<number>`0::float8`.as('score'))
          .orderBy('code')
          .execute(),
        q
          .selectFrom('catalog.procedure_index')
          .select(['code', 'name', 'level', 'sector', 'deciding_act', 'ministry_folder', 'detail_url'])
          .select(sql<number>`0::float8`.as('score'))
          .orderBy('code')
          .execute(),
      ]);
      return { procedures, index };
    },

    async revision(name: string): Promise<number> {
      const r = await sql<{ revision: number }>`select revision from catalog.revision where name = ${name}`.execute(q);
      return r.rows[0]?.revision ?? 0;
    },

    async bumpRevision(tx: Db, name: string): Promise<void> {
      await sql`insert into catalog.revision (name, revision) values (${name}, 1)
        on conflict (name) do update set revision = catalog.revision.revision + 1`.execute(tx);
    },

    /** The version in force on `on`, or the current one (version_to null) without a date. */
    async currentProcedure(code: string, on?: string): Promise<ProcedureTable | undefined> {
      let query = q.selectFrom('catalog.procedure').selectAll().where('code', '=', code);
      query = on
        ? query.where(sql<boolean>`version_from <= ${on}::date and (version_to is null or version_to >= ${on}::date)`)
        : query.where('version_to', 'is', null);
      return query.executeTakeFirst();
    },

    /** Every version of a procedure, newest first (the administrators' history view). */
    async procedureVersions(code: string): Promise<ProcedureTable[]> {
      return q
        .selectFrom('catalog.procedure')
        .selectAll()
        .where('code', '=', code)
        .orderBy('version_from', 'desc')
        .execute();
    },

    /** The current version, locked until the transaction ends (corrections: no lost update). */
    async lockCurrentProcedure(tx: Db, code: string): Promise<ProcedureTable | undefined> {
      return tx
        .selectFrom('catalog.procedure')
        .selectAll()
        .where('code', '=', code)
        .where('version_to', 'is', null)
        .forUpdate()
        .executeTakeFirst();
    },

    async insertProcedureVersion(tx: Db, row: ProcedureTable): Promise<void> {
      await tx
        .insertInto('catalog.procedure')
        .values({ ...row, data: JSON.stringify(row.data), flags: JSON.stringify(row.flags) })
        .execute();
    },

    /** Replaces the content of one version (a same-day correction, as a same-day re-import does). */
    async amendProcedureVersion(
      tx: Db,
      id: string,
      values: Pick<ProcedureTable, 'levels' | 'data' | 'flags' | 'flag_count'>,
    ): Promise<void> {
      await tx
        .updateTable('catalog.procedure')
        .set({ ...values, data: JSON.stringify(values.data), flags: JSON.stringify(values.flags) })
        .where('id', '=', id)
        .execute();
    },

    async currentProcedures(
      tx: Db,
    ): Promise<Pick<ProcedureTable, 'id' | 'code' | 'version_from' | 'data' | 'flags'>[]> {
      return tx
        .selectFrom('catalog.procedure')
        .select(['id', 'code', 'version_from', 'data', 'flags'])
        .where('version_to', 'is', null)
        .execute();
    },

    async closeProcedureVersions(tx: Db, ids: readonly string[], versionTo: string): Promise<void> {
      if (ids.length > 0)
        await tx.updateTable('catalog.procedure').set({ version_to: versionTo }).where('id', 'in', ids).execute();
    },

    /** Inserts new versions; a version with the same (code, version_from) is replaced (same-day re-import). */
    async upsertProcedures(tx: Db, rows: readonly ProcedureTable[]): Promise<void> {
      // Rows carry large jsonb documents: 50 per statement keeps each one modest.
      for (let i = 0; i < rows.length; i += 50) {
        await tx
          .insertInto('catalog.procedure')
          .values(
            rows.slice(i, i + 50).map((r) => ({ ...r, data: JSON.stringify(r.data), flags: JSON.stringify(r.flags) })),
          )
          .onConflict((oc) =>
            oc.columns(['code', 'version_from']).doUpdateSet((eb) => ({
              name: eb.ref('excluded.name'),
              sector: eb.ref('excluded.sector'),
              levels: eb.ref('excluded.levels'),
              data: eb.ref('excluded.data'),
              flags: eb.ref('excluded.flags'),
              flag_count: eb.ref('excluded.flag_count'),
              search_key: eb.ref('excluded.search_key'),
            })),
          )
          .execute();
      }
    },

    async upsertProcedureIndex(tx: Db, rows: readonly ProcedureIndexTable[]): Promise<UpsertCount> {
      const n: UpsertCount = { inserted: 0, updated: 0 };
      for (const batch of batches(rows)) {
        const out = await tx
          .insertInto('catalog.procedure_index')
          .values(batch)
          .onConflict((oc) =>
            oc
              .column('code')
              .doUpdateSet((eb) => ({
                name: eb.ref('excluded.name'),
                level: eb.ref('excluded.level'),
                sector: eb.ref('excluded.sector'),
                deciding_act: eb.ref('excluded.deciding_act'),
                ministry_folder: eb.ref('excluded.ministry_folder'),
                detail_url: eb.ref('excluded.detail_url'),
                search_key: eb.ref('excluded.search_key'),
              }))
              .where(
                sql<boolean>`(procedure_index.name, procedure_index.level, procedure_index.sector,
                  procedure_index.deciding_act, procedure_index.ministry_folder, procedure_index.detail_url,
                  procedure_index.search_key)
                  is distinct from (excluded.name, excluded.level, excluded.sector, excluded.deciding_act,
                  excluded.ministry_folder, excluded.detail_url, excluded.search_key)`,
              ),
          )
          .returning(sql<boolean>`(xmax = 0)`.as('inserted'))
          .execute();
        for (const r of out) r.inserted ? n.inserted++ : n.updated++;
      }
      return n;
    },

    async countProcedures(tx: Db = q): Promise<{ current: number; versions: number; index: number }> {
      const r = await sql<{ current: number; versions: number; index: number }>`
        select (select count(*) from catalog.procedure where version_to is null)::int as current,
               (select count(*) from catalog.procedure)::int as versions,
               (select count(*) from catalog.procedure_index)::int as index`.execute(tx);
      return r.rows[0]!;
    },
  };
}

interface LinkRow {
  code: string;
  name: string;
  kind: 'full' | 'partial';
  effective_date: string;
  corrected_from: string | null;
}

function toLink(r: LinkRow): UnitLink {
  return { code: r.code, name: r.name, kind: r.kind, effectiveDate: r.effective_date, correctedFrom: r.corrected_from };
}

export type CatalogRepository = ReturnType<typeof catalogRepository>;
