/**
 * Result documents of a dossier (issue 5, "result documents attached"): the handling official
 * uploads each signed result as multipart/form-data and gets its id, which the `attach_result`
 * action then names; the applicant downloads them once the result is returned, officials as
 * far as they see the dossier (the same 404 as for a missing dossier otherwise).
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { Principal } from '../identity/index.ts';
import { sendStoredFile } from './dossier.downloads.ts';
import { readMultipartFile } from './dossier.results.multipart.ts';
import { AnyObject, DossierParams, DownloadQuery, ResultParams } from './dossier.schemas.ts';
import type { DossierService } from './dossier.service.ts';

const Problem = ProblemResponse;
const tags = ['dossier'];
const authenticated = { access: 'authenticated' } as const;

export function dossierResultsRoutes(
  app: FastifyInstance,
  service: DossierService,
  caller: (request: FastifyRequest) => Promise<Principal>,
): void {
  // The body is handed on as a stream: the multipart reader passes the file part to the file
  // store, which checks size and type while reading and stores nothing that fails.
  app.register(async (scope) => {
    scope.addContentTypeParser('multipart/form-data', (_request, payload, done) => done(null, payload));
    scope.post(
      '/api/v1/dossiers/:id/results',
      {
        config: authenticated,
        schema: {
          tags,
          summary:
            'Tải lên một tệp kết quả giải quyết (cán bộ đang giải quyết hồ sơ; multipart/form-data, trường «file»; PDF, JPEG, PNG, TIFF, tối đa 20 MB); trả fileId để đính kèm kết quả',
          consumes: ['multipart/form-data'],
          params: DossierParams,
          response: {
            201: AnyObject,
            400: Problem,
            401: Problem,
            403: Problem,
            404: Problem,
            413: Problem,
            415: Problem,
          },
        },
      },
      async (request, reply) => {
        const { id } = request.params as { id: string };
        const principal = await caller(request);
        const file = await readMultipartFile(request.body as NodeJS.ReadableStream, request.headers['content-type']);
        const stored = await service.uploadResult(principal, id, file.content, {
          fileName: file.fileName,
          requestId: request.id,
        });
        return reply.code(201).send(stored);
      },
    );
  });

  app.get(
    '/api/v1/dossiers/:id/results/:fileId',
    {
      config: authenticated,
      schema: {
        tags,
        summary:
          'Tải về một tệp kết quả giải quyết (người nộp: khi đã trả kết quả; cán bộ: theo quyền xem hồ sơ); header Digest là SHA-256 của tệp; ?inline=1 để xem ngay trong trang (PDF, ảnh)',
        params: ResultParams,
        querystring: DownloadQuery,
        response: { 401: Problem, 404: Problem },
      },
    },
    async (request, reply) => {
      const { id, fileId } = request.params as { id: string; fileId: string };
      const { inline } = request.query as { inline?: '1' | '0' };
      const file = await service.downloadResult(await caller(request), id, fileId);
      sendStoredFile(reply, file, inline === '1');
      reply.header('digest', `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`);
      return reply.send(file.stream);
    },
  );
}
