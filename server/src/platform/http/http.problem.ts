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
    case 'FST_ERR_BAD_URL':
      // The router could not percent-decode the path (e.g. /thu-tuc/%E0: a UTF-8 sequence cut short).
      return new AppError({
        code: 'MALFORMED_URL',
        status: 400,
        title: 'Địa chỉ không hợp lệ',
        detail: 'Địa chỉ có ký tự mã hóa sai (dấu % không theo sau bởi một ký tự UTF-8 hợp lệ).',
      });
    case 'FST_ERR_MAX_PARAM_LENGTH':
      return new AppError({
        code: 'URL_TOO_LONG',
        status: 414,
        title: 'Địa chỉ quá dài',
        detail: 'Một phần của địa chỉ dài quá mức cho phép.',
      });
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

function handleError(error: FastifyError, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const appErr = toAppError(error);
  if (appErr.status >= 500) request.log.error({ err: error }, 'lỗi không xử lý được');
  else request.log.info({ code: appErr.code, status: appErr.status }, 'yêu cầu bị từ chối');
  return sendProblem(reply, appErr);
}

/**
 * Fastify's `frameworkErrors` option: failures before any route is chosen (a path the router cannot
 * percent-decode, a parameter over the length limit) bypass setErrorHandler and would otherwise be
 * answered with Fastify's own English JSON. The request id header is set here because these replies
 * skip the app's onSend hooks.
 */
export function frameworkErrors(error: FastifyError, request: FastifyRequest, reply: FastifyReply): void {
  reply.header('x-request-id', request.id);
  handleError(error, request, reply);
}

export function installProblemHandlers(app: FastifyInstance): void {
  app.setErrorHandler(handleError);
  app.setNotFoundHandler((request, reply) =>
    sendProblem(reply, commonErrors.routeNotFound(request.method, request.url)),
  );
}

/** Response schema of every error answer (the body is application/problem+json, RFC 9457). */
export const ProblemResponse = Type.Object(
  {},
  { additionalProperties: true, description: 'application/problem+json (RFC 9457)' },
);
