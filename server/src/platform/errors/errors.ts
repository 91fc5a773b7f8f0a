/**
 * One error type for the whole platform. Every failure a caller can see is an AppError with a
 * stable machine code (never renamed once published), an HTTP status and Vietnamese text.
 * The HTTP kernel turns it into RFC 9457 application/problem+json.
 */
export interface FieldError {
  /** JSON pointer of the offending field in the request part, e.g. "/body/name". */
  field: string;
  /** Vietnamese explanation for a person. */
  message: string;
}

export interface AppErrorOptions {
  code: string;
  status: number;
  /** Short Vietnamese title, the same for every occurrence of this code. */
  title: string;
  /** Vietnamese explanation of this occurrence. */
  detail?: string;
  errors?: FieldError[];
  cause?: unknown;
}

export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly title: string;
  readonly detail: string | undefined;
  readonly errors: FieldError[] | undefined;

  constructor(options: AppErrorOptions) {
    super(options.detail ?? options.title, { cause: options.cause });
    this.name = 'AppError';
    this.code = options.code;
    this.status = options.status;
    this.title = options.title;
    this.detail = options.detail;
    this.errors = options.errors;
  }
}

export function isAppError(value: unknown): value is AppError {
  return value instanceof AppError;
}

/** Errors every module uses; module-specific ones live in `<module>.errors.ts`. */
export const commonErrors = {
  validation: (errors: FieldError[], detail = 'Dữ liệu gửi lên không hợp lệ. Vui lòng kiểm tra các trường được nêu.') =>
    new AppError({ code: 'VALIDATION_FAILED', status: 400, title: 'Dữ liệu không hợp lệ', detail, errors }),
  malformedJson: () =>
    new AppError({
      code: 'MALFORMED_JSON',
      status: 400,
      title: 'Nội dung JSON không đọc được',
      detail: 'Nội dung yêu cầu không phải JSON hợp lệ.',
    }),
  emptyBody: () =>
    new AppError({
      code: 'EMPTY_BODY',
      status: 400,
      title: 'Thiếu nội dung yêu cầu',
      detail: 'Yêu cầu khai báo Content-Type JSON nhưng không có nội dung.',
    }),
  unsupportedMediaType: (type: string | undefined) =>
    new AppError({
      code: 'UNSUPPORTED_MEDIA_TYPE',
      status: 415,
      title: 'Kiểu nội dung không được hỗ trợ',
      detail: `Kiểu nội dung «${type ?? '(không có)'}» không được hỗ trợ cho địa chỉ này.`,
    }),
  payloadTooLarge: (limitBytes?: number) =>
    new AppError({
      code: 'PAYLOAD_TOO_LARGE',
      status: 413,
      title: 'Nội dung quá lớn',
      detail:
        limitBytes === undefined
          ? 'Nội dung gửi lên vượt quá giới hạn cho phép.'
          : `Nội dung gửi lên vượt quá giới hạn ${formatBytes(limitBytes)}.`,
    }),
  notFound: (detail = 'Không tìm thấy tài nguyên được yêu cầu.') =>
    new AppError({ code: 'NOT_FOUND', status: 404, title: 'Không tìm thấy', detail }),
  routeNotFound: (method: string, url: string) =>
    new AppError({
      code: 'ROUTE_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy địa chỉ',
      detail: `Không có chức năng ${method} ${url}.`,
    }),
  unauthenticated: () =>
    new AppError({
      code: 'UNAUTHENTICATED',
      status: 401,
      title: 'Chưa xác thực',
      detail: 'Vui lòng đăng nhập để thực hiện chức năng này.',
    }),
  conflict: (code: string, detail: string) => new AppError({ code, status: 409, title: 'Xung đột dữ liệu', detail }),
  unavailable: (detail: string) =>
    new AppError({ code: 'SERVICE_UNAVAILABLE', status: 503, title: 'Dịch vụ tạm thời không sẵn sàng', detail }),
  internal: (cause?: unknown) =>
    new AppError({
      code: 'INTERNAL_ERROR',
      status: 500,
      title: 'Lỗi hệ thống',
      detail: 'Đã có lỗi xảy ra phía máy chủ. Thao tác chưa được thực hiện; vui lòng thử lại sau.',
      cause,
    }),
};

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${Math.round((bytes / (1024 * 1024)) * 10) / 10} MB`;
  if (bytes >= 1024) return `${Math.round((bytes / 1024) * 10) / 10} KB`;
  return `${bytes} byte`;
}
