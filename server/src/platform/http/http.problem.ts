/**
 * The one place where failures become HTTP answers: RFC 9457 application/problem+json with a
 * stable `code`, a Vietnamese `title` and `detail`, the request id, and field errors.
 * Unknown errors are logged with their stack and answered as a generic 500 that leaks nothing.
 */

import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, commonErrors, isAppError } from '../errors/index.ts';
import { translateAjvErrors } from './http.validation.ts';

export interface ProblemDocument {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance: string;
  code: string;
  requestId: string;
  errors?: { field: string; message: string }[];
}

export function toAppError(error: FastifyError | Error): AppError {
  if (isAppError(error)) return error;
  const fe = error as FastifyError;
  if (fe.validation) {
    return commonErrors.validation(translateAjvErrors(fe.validation as any, fe.validationContext ?? 'body'));
  }
  switch (fe.code) {
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
      return commonErrors.malformedJson();
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return commonErrors.emptyBody();
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return commonErrors.unsupportedMediaType(undefined);
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
      return commonErrors.payloadTooLarge();
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return new AppError({
        code: 'INVALID_CONTENT_LENGTH',
        status: 400,
        title: 'Độ dài nội dung không khớp',
        detail: 'Độ dài nội dung khai báo không khớp với nội dung thực gửi.',
      });
  }
  // JSON.parse failures raised by the content-type parser carry statusCode 400.
  if (error instanceof SyntaxError && fe.statusCode === 400) return commonErrors.malformedJson();
  if (fe.statusCode === 413) return commonErrors.payloadTooLarge();
  if (fe.statusCode === 415) return commonErrors.unsupportedMediaType(undefined);
  if (fe.statusCode === 503) return commonErrors.unavailable('Máy chủ đang dừng hoặc quá tải; vui lòng thử lại sau.');
  return commonErrors.internal(error);
}

export function problemOf(err: AppError, request: FastifyRequest): ProblemDocument {
  return {
    type: `/docs/errors#${err.code}`,
    title: err.title,
    status: err.status,
    ...(err.detail ? { detail: err.detail } : {}),
    instance: request.url,
    code: err.code,
    requestId: String(request.id),
    ...(err.errors && err.errors.length > 0 ? { errors: err.errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, err: AppError): FastifyReply {
  return reply
    .code(err.status)
    .type('application/problem+json; charset=utf-8')
    .send(JSON.stringify(problemOf(err, reply.request)));
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    const appErr = toAppError(error);
    if (appErr.status >= 500) request.log.error({ err: error }, 'lỗi không xử lý được');
    else request.log.info({ code: appErr.code, status: appErr.status }, 'yêu cầu bị từ chối');
    return sendProblem(reply, appErr);
  });
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, commonErrors.routeNotFound(request.method, request.url)),
  );
}

/** Response schema of every error answer (the body is application/problem+json, RFC 9457). */
export const ProblemResponse = Type.Object(
  {},
  { additionalProperties: true, description: 'application/problem+json (RFC 9457)' },
);
