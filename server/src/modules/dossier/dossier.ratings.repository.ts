/**
 * The SQL of ratings and of the public statistics (schema `dossier` only: names of agencies and
 * procedures come from the catalog's API, never from its tables). Functions that take `tx` run in
 * the caller's transaction; the others read from the pool.
 */
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export interface RatingRow {
  dossier_id: string;
  score: number;
  comment: string | null;
  rated_at: Date;
  agency_code: string;
  procedure_code: string;
}

/** Counts of one (receiving agency, procedure) pair in a period. */
export interface OutcomeCounts {
  agency: string;
  procedure: string;
  /** The dossier's own copy of the procedure name, used when the catalog no longer knows the code. */
  procedure_name: string;
  received: number;
  completed: number;
  early: number;
  on_time: number;
  late: number;
}

export interface RatingCounts {
  agency: string;
  procedure: string;
  score: number;
  n: number;
}

export function ratingsRepository(db: Kysely<any>) {
  return {
    /** Inserts the rating unless the dossier already has one; false = it had one. */
    async insertRating(tx: Db, row: RatingRow): Promise<boolean> {
      const r = await sql`
        insert into dossier.rating (dossier_id, score, comment, rated_at, agency_code, procedure_code)
        values (${row.dossier_id}, ${row.score}, ${row.comment}, ${row.rated_at}, ${row.agency_code}, ${row.procedure_code})
        on conflict (dossier_id) do nothing`.execute(tx);
      return Number(r.numAffectedRows ?? 0) === 1;
    },

    async getRating(dossierId: string, tx: Db = db): Promise<RatingRow | undefined> {
      const r = await sql<RatingRow>`select * from dossier.rating where dossier_id = ${dossierId}`.execute(tx);
      return r.rows[0];
    },

    /**
     * Per receiving agency and procedure: dossiers received in [from, to), and dossiers completed
     * in [from, to) by the classification the state machine stored when it completed them.
     */
    async outcomes(from: Date, to: Date): Promise<OutcomeCounts[]> {
      const r = await sql<OutcomeCounts>`
        with received as (
          select receiving_agency as agency, procedure_code as procedure, max(procedure_name) as procedure_name,
                 count(*)::int8 as n
          from dossier.dossier
          where received_at >= ${from} and received_at < ${to}
          group by 1, 2
        ), completed as (
          select receiving_agency as agency, procedure_code as procedure, max(procedure_name) as procedure_name,
                 count(*)::int8 as n,
                 count(*) filter (where timeliness = 'early')::int8 as early,
                 count(*) filter (where timeliness = 'on_time')::int8 as on_time,
                 count(*) filter (where timeliness = 'late')::int8 as late
          from dossier.dossier
          where completed_at >= ${from} and completed_at < ${to}
          group by 1, 2
        )
        select coalesce(r.agency, c.agency) as agency, coalesce(r.procedure, c.procedure) as procedure,
               coalesce(r.procedure_name, c.procedure_name) as procedure_name,
               coalesce(r.n, 0)::int8 as received, coalesce(c.n, 0)::int8 as completed,
               coalesce(c.early, 0)::int8 as early, coalesce(c.on_time, 0)::int8 as on_time,
               coalesce(c.late, 0)::int8 as late
        from received r full join completed c on r.agency = c.agency and r.procedure = c.procedure
        order by 1, 2`.execute(db);
      return r.rows;
    },

    /** Ratings given in [from, to), per agency, procedure and score. */
    async ratingCounts(from: Date, to: Date): Promise<RatingCounts[]> {
      const r = await sql<RatingCounts>`
        select agency_code as agency, procedure_code as procedure, score::int4 as score, count(*)::int8 as n
        from dossier.rating
        where rated_at >= ${from} and rated_at < ${to}
        group by 1, 2, 3
        order by 1, 2, 3`.execute(db);
      return r.rows;
    },
  };
}

export type RatingsRepository = ReturnType<typeof ratingsRepository>;
