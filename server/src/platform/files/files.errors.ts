/**
 * Errors of the blob store. Codes are published API: never rename them.
 */
import { AppError, formatBytes } from '../errors/index.ts';

export const fileErrors = {
  tooLarge: (limitBytes: number) =>
    new AppError({
      code: 'FILE_TOO_LARGE',
      status: 413,
      title: 'Tệp quá lớn',
      detail: `Tệp gửi lên vượt quá giới hạn ${formatBytes(limitBytes)}.`,
    }),
  empty: () =>
    new AppError({
      code: 'FILE_EMPTY',
      status: 400,
      title: 'Tệp rỗng',
      detail: 'Tệp gửi lên không có nội dung.',
    }),
  typeNotAllowed: (detected: string, allowed: readonly string[]) =>
    new AppError({
      code: 'FILE_TYPE_NOT_ALLOWED',
      status: 415,
      title: 'Loại tệp không được chấp nhận',
      detail: `Tệp gửi lên có định dạng «${detected}», không thuộc các định dạng được chấp nhận: ${allowed.join(', ')}.`,
    }),
  // The rejected value is not echoed back: it is attacker-controlled and may be arbitrarily long.
  invalidId: () =>
    new AppError({
      code: 'INVALID_FILE_ID',
      status: 400,
      title: 'Mã tệp không hợp lệ',
      detail: 'Mã tệp phải là mã băm SHA-256 gồm 64 ký tự thập lục phân.',
    }),
  notFound: (sha256: string) =>
    new AppError({
      code: 'FILE_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy tệp',
      detail: `Không tìm thấy tệp có mã ${sha256}.`,
    }),
  storageUnavailable: (cause: unknown) =>
    new AppError({
      code: 'FILE_STORAGE_UNAVAILABLE',
      status: 503,
      title: 'Kho lưu trữ tệp tạm thời không sẵn sàng',
      detail: 'Không kết nối được kho lưu trữ tệp. Thao tác chưa được thực hiện; vui lòng thử lại sau.',
      cause,
    }),
  misconfigured: (detail: string) =>
    new AppError({
      code: 'FILE_STORE_MISCONFIGURED',
      status: 500,
      title: 'Cấu hình kho lưu trữ tệp không hợp lệ',
      detail,
    }),
};
