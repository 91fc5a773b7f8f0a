/**
 * Ratings of the service (issue 5: "the applicant rates the service after return; ratings feed
 * statistics later"). The citizen's satisfaction is one of the indicators by which the Prime
 * Minister's Quyết định 766/QĐ-TTg (2022) measures how agencies serve people and businesses; it is
 * asked of the person served, after the result is handed back.
 *
 * Rules: only the applicant (the account that submitted the dossier) rates, only once the result
 * has been returned, and only once. Who may not see the dossier gets the same 404 as for a missing
 * one (dossier.policy.ts); an official who sees it may read the rating but not give one (403).
 * One transaction writes the rating, its audit record and the `dossier.rated` event.
 */
import { AppError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { Principal } from '../identity/index.ts';
import { type DossierStatus, STATUS_INFO } from './domain/index.ts';
import { dossierErrors } from './dossier.errors.ts';
import { type Coverage, canSee } from './dossier.policy.ts';
import type { RatingRow, RatingsRepository } from './dossier.ratings.repository.ts';
import type { DossierRow } from './dossier.repository.ts';
import type { DossierService } from './dossier.service.ts';

export const RATING_SCORES = [1, 2, 3, 4, 5] as const;
export type RatingScore = (typeof RATING_SCORES)[number];

/** The five levels of satisfaction, as the applicant reads them. */
export const RATING_LABELS: Readonly<Record<RatingScore, string>> = {
  1: 'Rất không hài lòng',
  2: 'Không hài lòng',
  3: 'Bình thường',
  4: 'Hài lòng',
  5: 'Rất hài lòng',
};

export const RATING_COMMENT_MAX = 1000;

export interface RatingInput {
  score: number;
  comment?: string | null;
}

export interface RatingView {
  score: number;
  scoreLabel: string;
  comment: string | null;
  ratedAt: string;
}

export const ratingErrors = {
  notApplicant: () =>
    new AppError({
      code: 'DOSSIER_RATING_FORBIDDEN',
      status: 403,
      title: 'Không có quyền đánh giá',
      detail: 'Chỉ người đã nộp hồ sơ (bằng tài khoản của mình) được đánh giá việc giải quyết hồ sơ.',
    }),
  notReturned: (statusLabel: string) =>
    new AppError({
      code: 'DOSSIER_RATING_NOT_RETURNED',
      status: 409,
      title: 'Chưa thể đánh giá',
      detail: `Chỉ đánh giá được sau khi đã nhận kết quả giải quyết hồ sơ. Hồ sơ đang ở trạng thái «${statusLabel}».`,
    }),
  alreadyRated: () =>
    new AppError({
      code: 'DOSSIER_RATING_EXISTS',
      status: 409,
      title: 'Hồ sơ đã được đánh giá',
      detail: 'Mỗi hồ sơ chỉ được đánh giá một lần; đánh giá đã gửi không sửa được.',
    }),
  notRated: () =>
    new AppError({
      code: 'DOSSIER_RATING_NOT_FOUND',
      status: 404,
      title: 'Hồ sơ chưa được đánh giá',
      detail: 'Người nộp chưa đánh giá việc giải quyết hồ sơ này.',
    }),
  invalidScore: () =>
    new AppError({
      code: 'DOSSIER_RATING_INVALID',
      status: 422,
      title: 'Đánh giá không hợp lệ',
      detail: 'Mức đánh giá phải là số nguyên từ 1 (Rất không hài lòng) đến 5 (Rất hài lòng).',
      errors: [{ field: '/body/score', message: 'Mức đánh giá phải là số nguyên từ 1 đến 5.' }],
    }),
  commentTooLong: () =>
    new AppError({
      code: 'DOSSIER_RATING_INVALID',
      status: 422,
      title: 'Đánh giá không hợp lệ',
      detail: `Ý kiến góp ý dài tối đa ${RATING_COMMENT_MAX} ký tự.`,
      errors: [{ field: '/body/comment', message: `Ý kiến góp ý dài tối đa ${RATING_COMMENT_MAX} ký tự.` }],
    }),
};

export function isRatingScore(n: unknown): n is RatingScore {
  return typeof n === 'number' && Number.isInteger(n) && n >= 1 && n <= 5;
}

export function ratingView(row: Pick<RatingRow, 'score' | 'comment' | 'rated_at'>): RatingView {
  return {
    score: row.score,
    scoreLabel: RATING_LABELS[row.score as RatingScore],
    comment: row.comment,
    ratedAt: row.rated_at.toISOString(),
  };
}

export function ratingService(ctx: ModuleContext, repo: RatingsRepository, dossiers: DossierService) {
  /** The dossier if the caller may see it; otherwise the same 404 as a missing one. */
  async function visible(principal: Principal, id: string): Promise<{ row: DossierRow; cov: Coverage }> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw dossierErrors.notFound();
    const row = await dossiers.rowOf(id);
    if (!row) throw dossierErrors.notFound();
    const cov = await dossiers.coverage(principal);
    if (!canSee(row, cov)) throw dossierErrors.notFound();
    return { row, cov };
  }

  return {
    async rate(principal: Principal, id: string, input: RatingInput, requestId?: string): Promise<RatingView> {
      const { row } = await visible(principal, id);
      // A dossier received at the counter for a person without an account has no applicant
      // account: nobody can rate it online.
      if (row.applicant_account === null || row.applicant_account !== principal.accountId) {
        throw ratingErrors.notApplicant();
      }
      // The result must have been handed back (returned is terminal: nothing moves a dossier out
      // of it, so the check needs no lock).
      if (row.status !== 'returned') {
        throw ratingErrors.notReturned(STATUS_INFO[row.status as DossierStatus]?.label ?? row.status);
      }
      if (!isRatingScore(input.score)) throw ratingErrors.invalidScore();
      const comment = typeof input.comment === 'string' && input.comment.trim() !== '' ? input.comment.trim() : null;
      if (comment !== null && comment.length > RATING_COMMENT_MAX) throw ratingErrors.commentTooLong();
      const rating: RatingRow = {
        dossier_id: row.id,
        score: input.score,
        comment,
        rated_at: ctx.clock.now(),
        agency_code: row.receiving_agency,
        procedure_code: row.procedure_code,
      };
      await ctx.change(dossiers.auditActor(principal), requestId, async (c) => {
        // The primary key decides "once", also for two requests at the same instant.
        if (!(await repo.insertRating(c.tx, rating))) throw ratingErrors.alreadyRated();
        // The comment stays out of the audit log and the event: the log is kept forever and the
        // text may hold personal data; the rating row is where it lives.
        await c.audit({
          action: 'dossier.rated',
          entityType: 'dossier',
          entityId: row.id,
          data: { code: row.code, score: rating.score, hasComment: comment !== null },
        });
        await c.publish('dossier.rated', {
          dossierId: row.id,
          code: row.code,
          agencyCode: rating.agency_code,
          procedureCode: rating.procedure_code,
          score: rating.score,
          ratedAt: rating.rated_at.toISOString(),
        });
      });
      return ratingView(rating);
    },

    async get(principal: Principal, id: string): Promise<RatingView> {
      const { row } = await visible(principal, id);
      const rating = await repo.getRating(row.id);
      if (!rating) throw ratingErrors.notRated();
      return ratingView(rating);
    },
  };
}

export type RatingService = ReturnType<typeof ratingService>;
