/**
 * The HTTP kernel: Fastify 5 with TypeBox route schemas, OpenAPI 3.1 generated from them,
 * security headers, body limits, request ids, and problem+json errors.
 */
import compress from '@fastify/compress';
import helmet from '@fastify/helmet';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';
import { frameworkErrors, installProblemHandlers } from './http.problem.ts';
import { validatorCompiler } from './http.validation.ts';

export type HttpServer = FastifyInstance;

export interface HttpServerOptions {
  logger: Logger;
  bodyLimitBytes: number;
  trustProxy: boolean;
  version: string;
}

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export async function createHttpServer(options: HttpServerOptions): Promise<HttpServer> {
  const app = Fastify({
    loggerInstance: options.logger as FastifyBaseLogger,
    bodyLimit: options.bodyLimitBytes,
    trustProxy: options.trustProxy,
    // A caller's X-Request-Id is kept if it is sane, so a request can be followed across systems.
    requestIdHeader: 'x-request-id',
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID.test(given) ? given : uuidv7();
    },
    // Refuse new requests while shutting down; in-flight ones finish.
    return503OnClosing: true,
    forceCloseConnections: 'idle',
    routerOptions: { ignoreTrailingSlash: true },
    frameworkErrors,
  }).withTypeProvider<TypeBoxTypeProvider>();

  app.setValidatorCompiler(validatorCompiler as any);
  installProblemHandlers(app);
  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
  });

  // Citizens are on phones: a procedure's JSON is ~75 KB and ~13 KB compressed (web/README.md).
  // Responses over 1 KB are compressed when the client accepts it; the web app's own assets are
  // served precompressed by http.web.ts.
  await app.register(compress, { global: true, threshold: 1024, encodings: ['br', 'gzip'] });

  await app.register(helmet, {
    // The API serves JSON; the docs page needs swagger-ui's own script and styles.
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        connectSrc: ["'self'"],
        // The office previews a dossier's PDFs in a frame of the app's own origin; the framed
        // file answers with `frame-ancestors 'self'` itself (dossier.downloads.ts), every other
        // response may be framed by nobody.
        frameSrc: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    crossOriginEmbedderPolicy: false,
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'tinhso API',
        version: options.version,
        description:
          'API của nền tảng chính quyền số cấp tỉnh tinhso. Lỗi trả về theo RFC 9457 (application/problem+json) với mã `code` ổn định.',
      },
      components: {
        securitySchemes: {
          adminToken: { type: 'http', scheme: 'bearer', description: 'Mã quản trị tạm thời (TINHSO_ADMIN_TOKEN)' },
        },
      },
    },
  });
  await app.register(swaggerUi, { routePrefix: '/docs', staticCSP: true });
  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());

  return app as unknown as HttpServer;
}
