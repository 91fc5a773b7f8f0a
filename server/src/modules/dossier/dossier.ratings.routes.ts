/**
 * HTTP routes of ratings and of the public statistics:
 *  - POST /api/v1/dossiers/:id/rating — the applicant rates the service once the result is returned;
 *  - GET  /api/v1/dossiers/:id/rating — the rating, for whoever may see the dossier;
 *  - GET  /api/v1/public/statistics?year= — counts and ratings of a year, public, cached 60 s.
 * `registerRatings` builds the services and adds the routes (called from index.ts).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { commonErrors } from '../../platform/errors/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { ratingsRepository } from './dossier.ratings.repository.ts';
import {
  RATING_COMMENT_MAX,
  RATING_LABELS,
  type RatingInput,
  type RatingService,
  ratingService,
} from './dossier.ratings.ts';
import { AnyObject, DossierParams } from './dossier.schemas.ts';
import type { DossierService } from './dossier.service.ts';
import {
  STATISTICS_CACHE_MS,
  STATISTICS_MAX_YEAR,
  STATISTICS_MIN_YEAR,
  type StatisticsService,
  statisticsService,
} from './dossier.statistics.ts';

const tags = ['dossier'];
const Problem = ProblemResponse;
const scale = Object.entries(RATING_LABELS)
  .map(([score, label]) => `${score} ${label}`)
  .join(', ');

export const RatingBody = Type.Object(
  {
    score: Type.Integer({ minimum: 1, maximum: 5, description: `Mức hài lòng: ${scale}` }),
    comment: Type.Optional(
      Type.String({ maxLength: RATING_COMMENT_MAX, description: 'Ý kiến góp ý (không bắt buộc)' }),
    ),
  },
  { additionalProperties: false },
);

export const RatingResponse = Type.Object({
  score: Type.Integer({ minimum: 1, maximum: 5 }),
  scoreLabel: Type.String(),
  comment: Type.Union([Type.String(), Type.Null()]),
  ratedAt: Type.String({ format: 'date-time' }),
});

export const StatisticsQuery = Type.Object({
  year: Type.Optional(
    Type.Integer({
      minimum: STATISTICS_MIN_YEAR,
      maximum: STATISTICS_MAX_YEAR,
      description: 'Năm thống kê (mặc định: năm hiện tại, giờ Việt Nam)',
    }),
  ),
});

export interface RatingsDeps {
  ctx: ModuleContext;
  service: DossierService;
  catalog: CatalogApi;
  identity: IdentityApi | undefined;
}

/** Builds the rating and statistics services and registers their routes. */
export function registerRatings(
  app: FastifyInstance,
  deps: RatingsDeps,
): { ratings: RatingService; statistics: StatisticsService } {
  const repo = ratingsRepository(deps.ctx.db);
  const ratings = ratingService(deps.ctx, repo, deps.service);
  const statistics = statisticsService(deps.ctx, repo, deps.catalog);
  dossierRatingsRoutes(app, ratings, statistics, deps.identity);
  return { ratings, statistics };
}

export function dossierRatingsRoutes(
  app: FastifyInstance,
  ratings: RatingService,
  statistics: StatisticsService,
  identity: IdentityApi | undefined,
): void {
  async function caller(request: FastifyRequest): Promise<Principal> {
    const p = request.principal ?? (identity ? await identity.principalOf(request) : null);
    if (!p) throw commonErrors.unauthenticated();
    return p;
  }

  app.post(
    '/api/v1/dossiers/:id/rating',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Người nộp đánh giá mức độ hài lòng sau khi nhận kết quả (mỗi hồ sơ một lần)',
        params: DossierParams,
        body: RatingBody,
        response: {
          201: RatingResponse,
          400: Problem,
          401: Problem,
          403: Problem,
          404: Problem,
          409: Problem,
          422: Problem,
        },
      },
    },
    async (request, reply) => {
      const rating = await ratings.rate(
        await caller(request),
        (request.params as { id: string }).id,
        request.body as RatingInput,
        request.id,
      );
      return reply.code(201).send(rating);
    },
  );

  app.get(
    '/api/v1/dossiers/:id/rating',
    {
      config: { access: 'authenticated' },
      schema: {
        tags,
        summary: 'Đánh giá của người nộp về việc giải quyết hồ sơ',
        params: DossierParams,
        response: { 200: RatingResponse, 401: Problem, 404: Problem },
      },
    },
    async (request) => ratings.get(await caller(request), (request.params as { id: string }).id),
  );

  app.get(
    '/api/v1/public/statistics',
    {
      config: { access: 'public' },
      schema: {
        tags,
        summary:
          'Thống kê công khai của một năm theo cơ quan tiếp nhận và thủ tục: hồ sơ tiếp nhận, đã giải quyết, trước/đúng hạn, quá hạn, tỷ lệ đúng hạn (0–1) và mức hài lòng (không có thông tin cá nhân)',
        querystring: StatisticsQuery,
        response: { 200: AnyObject, 400: Problem },
      },
    },
    async (request, reply) => {
      const { year } = request.query as { year?: number };
      reply.header('cache-control', `public, max-age=${STATISTICS_CACHE_MS / 1000}`);
      return statistics.forYear(year);
    },
  );
}
