/** SQL of the catalogue's agencies (cơ quan, đơn vị): effective-dated rows, the tree on a date. */
import { type Kysely, sql, type Transaction } from 'kysely';

export interface AgencyRow {
  id: string;
  code: string;
  name: string;
  short_name: string | null;
  kind: string;
  parent_code: string | null;
  unit_code: string | null;
  valid_from: string;
  valid_to: string | null;
  email: string | null;
  phone: string | null;
  address: string | null;
  origin: string;
  search_key: string;
  updated_at: Date;
}

export interface AgencyFilter {
  on: string;
  parent?: string;
  kind?: string;
  unit?: string;
  searchKey?: string;
  limit: number;
  offset: number;
}

type Db = Kysely<any> | Transaction<any>;

/** Compared on import: a row with the same values is left alone (idempotent re-import). */
export const AGENCY_VALUE_COLUMNS = [
  'name',
  'short_name',
  'kind',
  'parent_code',
  'unit_code',
  'valid_to',
  'email',
  'phone',
  'address',
] as const;

const onDate = (on: string) =>
  sql<boolean>`valid_from <= ${on}::date and (valid_to is null or valid_to >= ${on}::date)`;

export function agenciesRepository(db: Kysely<any>) {
  return {
    async list(f: AgencyFilter): Promise<{ items: AgencyRow[]; total: number }> {
      let base = db.selectFrom('catalog.agency').where(onDate(f.on));
      if (f.parent) base = base.where('parent_code', '=', f.parent);
      if (f.kind) base = base.where('kind', '=', f.kind);
      if (f.unit) base = base.where('unit_code', '=', f.unit);
      const score = f.searchKey
        ? sql<number>`(case when search_key like ${`%${f.searchKey}%`} then 1 else 0 end) + word_similarity(${f.searchKey}, search_key)`
        : sql<number>`0::float8`;
      if (f.searchKey) {
        const key = f.searchKey;
        base = base.where(sql<boolean>`(search_key like ${`%${key}%`} or ${key} <% search_key)`);
      }
      const [items, count] = await Promise.all([
        base.selectAll().orderBy(score, 'desc').orderBy('code').limit(f.limit).offset(f.offset).execute() as Promise<
          AgencyRow[]
        >,
        base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
      ]);
      return { items, total: Number(count.n) };
    },

    async find(code: string, on: string, tx: Db = db): Promise<AgencyRow | undefined> {
      return tx
        .selectFrom('catalog.agency')
        .selectAll()
        .where('code', '=', code)
        .where(onDate(on))
        .executeTakeFirst() as Promise<AgencyRow | undefined>;
    },

    /** Every version of a code, newest first (the agency's history). */
    async versions(code: string): Promise<AgencyRow[]> {
      return db
        .selectFrom('catalog.agency')
        .selectAll()
        .where('code', '=', code)
        .orderBy('valid_from', 'desc')
        .execute() as Promise<AgencyRow[]>;
    },

    /** The agency and all its descendants valid on `on`, each with its depth below the root. */
    async subtree(code: string, on: string): Promise<(AgencyRow & { depth: number })[]> {
      const r = await sql<AgencyRow & { depth: number }>`
        with recursive tree as (
          select a.*, 0 as depth from catalog.agency a
           where a.code = ${code} and a.valid_from <= ${on}::date and (a.valid_to is null or a.valid_to >= ${on}::date)
          union all
          select c.*, t.depth + 1 from catalog.agency c join tree t on c.parent_code = t.code
           where c.valid_from <= ${on}::date and (c.valid_to is null or c.valid_to >= ${on}::date) and t.depth < 20
        )
        select * from tree order by depth, code`.execute(db);
      return r.rows;
    },

    /** The chain of parents of an agency on `on`, nearest first. */
    async ancestors(code: string, on: string): Promise<AgencyRow[]> {
      const r = await sql<AgencyRow & { depth: number }>`
        with recursive up as (
          select p.*, 1 as depth from catalog.agency a join catalog.agency p on p.code = a.parent_code
           where a.code = ${code}
             and a.valid_from <= ${on}::date and (a.valid_to is null or a.valid_to >= ${on}::date)
             and p.valid_from <= ${on}::date and (p.valid_to is null or p.valid_to >= ${on}::date)
          union all
          select p.*, u.depth + 1 from catalog.agency p join up u on p.code = u.parent_code
           where p.valid_from <= ${on}::date and (p.valid_to is null or p.valid_to >= ${on}::date) and u.depth < 20
        )
        select * from up order by depth`.execute(db);
      return r.rows;
    },

    async childCount(code: string, on: string): Promise<number> {
      const r = await db
        .selectFrom('catalog.agency')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .where('parent_code', '=', code)
        .where(onDate(on))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },

    /** For export: valid on a date, or every version when `on` is undefined. */
    async all(on: string | undefined): Promise<AgencyRow[]> {
      let q = db.selectFrom('catalog.agency').selectAll();
      if (on) q = q.where(onDate(on));
      return q.orderBy('code').orderBy('valid_from').execute() as Promise<AgencyRow[]>;
    },

    async existingCodes(tx: Db, codes: readonly string[]): Promise<AgencyRow[]> {
      if (codes.length === 0) return [];
      const out: AgencyRow[] = [];
      for (let i = 0; i < codes.length; i += 1000) {
        out.push(
          ...((await tx
            .selectFrom('catalog.agency')
            .selectAll()
            .where('code', 'in', codes.slice(i, i + 1000))
            .execute()) as AgencyRow[]),
        );
      }
      return out;
    },

    async insert(tx: Db, rows: readonly AgencyRow[]): Promise<void> {
      for (let i = 0; i < rows.length; i += 500) {
        await tx
          .insertInto('catalog.agency')
          .values(rows.slice(i, i + 500))
          .execute();
      }
    },

    /** The open-ended version of a code (valid_to null), locked until the transaction ends. */
    async lockOpen(tx: Db, code: string): Promise<AgencyRow | undefined> {
      return tx
        .selectFrom('catalog.agency')
        .selectAll()
        .where('code', '=', code)
        .where('valid_to', 'is', null)
        .forUpdate()
        .executeTakeFirst() as Promise<AgencyRow | undefined>;
    },

    /** Versions of a code whose validity meets [from, to] (to null = open-ended). */
    /** Serialises writers of one agency code for the rest of the transaction. */
    async lockAgencyCode(tx: Db, code: string): Promise<void> {
      await sql`select pg_advisory_xact_lock(hashtext(${`catalog.agency:${code}`}))`.execute(tx);
    },

    async overlapping(tx: Db, code: string, from: string, to: string | null): Promise<AgencyRow[]> {
      let q = tx
        .selectFrom('catalog.agency')
        .selectAll()
        .where('code', '=', code)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', from)]));
      if (to !== null) q = q.where('valid_from', '<=', to);
      return q.execute() as Promise<AgencyRow[]>;
    },

    /** Agencies whose parent is `code` and that are still in force on `on` or start later. */
    async childrenFrom(tx: Db, code: string, on: string): Promise<AgencyRow[]> {
      return tx
        .selectFrom('catalog.agency')
        .selectAll()
        .where('parent_code', '=', code)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', on)]))
        .orderBy('code')
        .execute() as Promise<AgencyRow[]>;
    },

    async update(tx: Db, id: string, values: Partial<AgencyRow>): Promise<void> {
      await tx.updateTable('catalog.agency').set(values).where('id', '=', id).execute();
    },
  };
}

export type AgenciesRepository = ReturnType<typeof agenciesRepository>;
