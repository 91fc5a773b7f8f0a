/**
 * Public statistics of a year (GET /api/v1/public/statistics?year=): how many dossiers each
 * receiving agency took in, how many were resolved and whether on time, and how applicants rated
 * the service — the figures a province publishes on its portal (Quyết định 766/QĐ-TTg, 2022,
 * measures service quality by, among others, the share of dossiers resolved on time and the
 * applicants' satisfaction). Counts only: nothing about any person.
 *
 * Definitions (all instants in Vietnam time, UTC+7, the year from 1 January 00:00 to 31 December
 * 24:00):
 *  - received: dossiers whose reception (tiếp nhận, the start of the clock) falls in the year;
 *  - completed: dossiers the state machine marked resolved in the year (result ready or returned,
 *    or refused/stopped after reception), with the early / on-time / late class it stored then
 *    (domain/dossier.deadlines.ts classifyCompletion: an extension counts as late);
 *  - onTime = early + on time ("đúng hạn" in public reports includes "trước hạn"); onTimeRate =
 *    onTime / completed as a fraction from 0 to 1 (4 decimals), null when nothing was completed;
 *  - ratings: ratings given in the year; averageRating to 2 decimals, null without ratings.
 * Agencies are the receiving agencies (the one-stop desk the applicant dealt with and rated).
 * Names come from the catalog's API; a code it no longer knows is shown by its last name or code.
 *
 * The answer is cached per year for 60 s: a public page must not let every visitor run the
 * aggregation, and figures a minute old are fine for a yearly report.
 */
import { vnDate } from '../../platform/clock/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { RatingsRepository } from './dossier.ratings.repository.ts';
import { RATING_LABELS, RATING_SCORES } from './dossier.ratings.ts';

export const STATISTICS_CACHE_MS = 60_000;
export const STATISTICS_MIN_YEAR = 2000;
export const STATISTICS_MAX_YEAR = 2100;

export interface OutcomeFigures {
  received: number;
  completed: number;
  /** Completed before the due day (a part of onTime). */
  early: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
}

export interface RatingFigures {
  averageRating: number | null;
  ratings: number;
}

export interface PublicStatistics {
  year: number;
  generatedAt: string;
  totals: OutcomeFigures & RatingFigures & { ratingsByScore: { score: number; label: string; count: number }[] };
  agencies: ({ code: string; name: string } & OutcomeFigures & RatingFigures)[];
  procedures: ({ code: string; name: string } & OutcomeFigures & RatingFigures)[];
}

interface Acc {
  received: number;
  completed: number;
  early: number;
  onTime: number;
  late: number;
  ratings: number;
  scoreSum: number;
}

const emptyAcc = (): Acc => ({ received: 0, completed: 0, early: 0, onTime: 0, late: 0, ratings: 0, scoreSum: 0 });
const round = (x: number, digits: number) => Math.round(x * 10 ** digits) / 10 ** digits;

/**
 * Outcome figures from counts by timeliness class: the one definition of the on-time rate, used
 * by the public statistics and the leader's dashboard (dossier.dashboard.ts).
 */
export function outcomeFigures(c: {
  received: number;
  completed: number;
  early: number;
  on_time: number;
  late: number;
}): OutcomeFigures {
  const onTime = c.early + c.on_time;
  return {
    received: c.received,
    completed: c.completed,
    early: c.early,
    onTime,
    late: c.late,
    onTimeRate: c.completed === 0 ? null : round(onTime / c.completed, 4),
  };
}

function figures(a: Acc): OutcomeFigures & RatingFigures {
  return {
    // a.onTime already counts the early ones (see the accumulation below).
    ...outcomeFigures({ ...a, on_time: a.onTime - a.early }),
    averageRating: a.ratings === 0 ? null : round(a.scoreSum / a.ratings, 2),
    ratings: a.ratings,
  };
}

/** The year's bounds as instants: 1 January 00:00 Vietnam time to the next 1 January. */
export function yearBounds(year: number): { from: Date; to: Date } {
  const y = (n: number) => String(n).padStart(4, '0');
  return { from: new Date(`${y(year)}-01-01T00:00:00+07:00`), to: new Date(`${y(year + 1)}-01-01T00:00:00+07:00`) };
}

type Names = Pick<CatalogApi, 'getAgency' | 'getProcedure'>;

export function statisticsService(ctx: Pick<ModuleContext, 'clock'>, repo: RatingsRepository, catalog: Names) {
  const cache = new Map<number, { at: number; value: Promise<PublicStatistics> }>();

  async function agencyName(code: string, year: number): Promise<string> {
    try {
      // Today's name; an agency merged away since (Nghị quyết 202/2025/QH15) by its name at the year's end.
      const a = (await catalog.getAgency(code)) ?? (await catalog.getAgency(code, `${year}-12-31`));
      return a?.name ?? code;
    } catch {
      return code;
    }
  }

  async function procedureName(code: string, fallback: string): Promise<string> {
    try {
      return (await catalog.getProcedure(code)).name;
    } catch {
      return fallback;
    }
  }

  async function compute(year: number): Promise<PublicStatistics> {
    const generatedAt = ctx.clock.now();
    const { from, to } = yearBounds(year);
    const [outcomes, ratings] = await Promise.all([repo.outcomes(from, to), repo.ratingCounts(from, to)]);
    const total = emptyAcc();
    const byAgency = new Map<string, Acc>();
    const byProcedure = new Map<string, Acc>();
    const storedProcedureNames = new Map<string, string>();
    const accOf = (m: Map<string, Acc>, k: string) => {
      let a = m.get(k);
      if (!a) {
        a = emptyAcc();
        m.set(k, a);
      }
      return a;
    };
    for (const o of outcomes) {
      storedProcedureNames.set(o.procedure, o.procedure_name);
      for (const a of [total, accOf(byAgency, o.agency), accOf(byProcedure, o.procedure)]) {
        a.received += o.received;
        a.completed += o.completed;
        a.early += o.early;
        a.onTime += o.early + o.on_time;
        a.late += o.late;
      }
    }
    const byScore = new Map<number, number>();
    for (const r of ratings) {
      byScore.set(r.score, (byScore.get(r.score) ?? 0) + r.n);
      for (const a of [total, accOf(byAgency, r.agency), accOf(byProcedure, r.procedure)]) {
        a.ratings += r.n;
        a.scoreSum += r.score * r.n;
      }
    }
    const order = (x: [string, Acc], y: [string, Acc]) =>
      y[1].received - x[1].received || y[1].completed - x[1].completed || x[0].localeCompare(y[0]);
    const agencies = await Promise.all(
      [...byAgency].sort(order).map(async ([code, a]) => ({ code, name: await agencyName(code, year), ...figures(a) })),
    );
    const procedures = await Promise.all(
      [...byProcedure].sort(order).map(async ([code, a]) => ({
        code,
        name: await procedureName(code, storedProcedureNames.get(code) ?? code),
        ...figures(a),
      })),
    );
    return {
      year,
      generatedAt: generatedAt.toISOString(),
      totals: {
        ...figures(total),
        ratingsByScore: RATING_SCORES.map((score) => ({
          score,
          label: RATING_LABELS[score],
          count: byScore.get(score) ?? 0,
        })),
      },
      agencies,
      procedures,
    };
  }

  return {
    /** The statistics of `year` (default: the current year in Vietnam), at most 60 s old. */
    forYear(year?: number): Promise<PublicStatistics> {
      const now = ctx.clock.now().getTime();
      const y = year ?? Number(vnDate(new Date(now)).slice(0, 4));
      const hit = cache.get(y);
      if (hit && now - hit.at >= 0 && now - hit.at < STATISTICS_CACHE_MS) return hit.value;
      // Concurrent requests for the same year share one computation; a failure is not cached.
      const value = compute(y);
      cache.set(y, { at: now, value });
      value.catch(() => {
        if (cache.get(y)?.value === value) cache.delete(y);
      });
      return value;
    },
  };
}

export type StatisticsService = ReturnType<typeof statisticsService>;
