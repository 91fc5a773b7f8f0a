import { AppError } from '../../platform/errors/index.ts';

export const catalogErrors = {
  documentTypeNotFound: () =>
    new AppError({
      code: 'DOCUMENT_TYPE_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy loại văn bản',
      detail: 'Loại văn bản được yêu cầu không tồn tại.',
    }),
  documentTypeExists: (code: string, validFrom: string) =>
    new AppError({
      code: 'DOCUMENT_TYPE_EXISTS',
      status: 409,
      title: 'Loại văn bản đã tồn tại',
      detail: `Đã có loại văn bản mã «${code}» hiệu lực từ ${validFrom}.`,
    }),
  abbreviationTaken: (abbreviation: string) =>
    new AppError({
      code: 'DOCUMENT_TYPE_ABBREVIATION_TAKEN',
      status: 409,
      title: 'Chữ viết tắt đã được dùng',
      detail: `Chữ viết tắt «${abbreviation}» đang được một loại văn bản khác sử dụng.`,
    }),
  unitNotFound: (code: string, on: string) =>
    new AppError({
      code: 'UNIT_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy đơn vị hành chính',
      detail: `Không có đơn vị hành chính mã «${code}» có hiệu lực vào ngày ${on}.`,
    }),
  procedureNotFound: (code: string, on?: string) =>
    new AppError({
      code: 'PROCEDURE_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy thủ tục hành chính',
      detail: on
        ? `Không có thủ tục hành chính mã «${code}» có hiệu lực ngày ${on}.`
        : `Không có thủ tục hành chính mã «${code}» đang có hiệu lực.`,
    }),
  preconditionRequired: () =>
    new AppError({
      code: 'PRECONDITION_REQUIRED',
      status: 428,
      title: 'Thiếu phiên bản đang sửa',
      detail:
        'Yêu cầu sửa phải kèm header If-Match với mã phiên bản (ETag) đã xem, để không ghi đè thay đổi của người khác.',
    }),
  stale: (what: string) =>
    new AppError({
      code: 'STALE_VERSION',
      status: 412,
      title: 'Dữ liệu đã được người khác thay đổi',
      detail: `${what} đã thay đổi kể từ lúc anh/chị mở để sửa. Hãy tải lại, xem thay đổi mới rồi sửa lại.`,
    }),
};
