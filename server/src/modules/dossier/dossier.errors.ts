import { AppError, type FieldError } from '../../platform/errors/index.ts';
import type { DossierError, DossierErrorCode } from './domain/index.ts';

/** HTTP status of each refusal of the pure core. */
const DOMAIN_STATUS: Record<DossierErrorCode, number> = {
  DEFINITION_MISMATCH: 409,
  DEFINITION_NOT_EFFECTIVE: 422,
  AGENCY_MISMATCH: 422,
  DOSSIER_CLOSED: 409,
  ACTION_NOT_ALLOWED: 409,
  AMBIGUOUS_ACTION: 422,
  AWAITING_SUPPLEMENT: 409,
  NOT_RECEIVED: 409,
  // The caller can see the dossier (else it would be 404) but may not do this on it.
  FORBIDDEN: 403,
  FEE_NOT_PAID: 409,
  COMPONENTS_MISSING: 409,
  IDENTITY_LEVEL_TOO_LOW: 403,
  RESULT_NOT_ATTACHED: 409,
  INPUT_REQUIRED: 422,
  INVALID_INPUT: 422,
  CLOCK_WENT_BACKWARDS: 409,
};

export const dossierErrors = {
  fromDomain: (e: DossierError) =>
    new AppError({
      code: `DOSSIER_${e.code}`,
      status: DOMAIN_STATUS[e.code],
      title: 'Không thực hiện được thao tác trên hồ sơ',
      detail: e.message,
      ...(e.field ? { errors: [{ field: `/body/${e.field}`, message: e.message }] } : {}),
    }),
  notFound: () =>
    new AppError({
      code: 'DOSSIER_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy hồ sơ',
      detail: 'Không có hồ sơ này, hoặc bạn không có quyền xem hồ sơ.',
    }),
  concurrentChange: () =>
    new AppError({
      code: 'DOSSIER_CHANGED',
      status: 409,
      title: 'Hồ sơ vừa được thay đổi',
      detail: 'Hồ sơ vừa được người khác xử lý. Vui lòng tải lại hồ sơ rồi thực hiện lại thao tác.',
    }),
  noDefinition: (procedureCode: string, agencyCode: string, on: string) =>
    new AppError({
      code: 'PROCESS_DEFINITION_NOT_FOUND',
      status: 422,
      title: 'Chưa có quy trình giải quyết',
      detail: `Cơ quan «${agencyCode}» chưa công bố quy trình nội bộ cho thủ tục «${procedureCode}» áp dụng vào ngày ${on}.`,
    }),
  definitionNotFound: (id: string, version?: number) =>
    new AppError({
      code: 'PROCESS_DEFINITION_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy quy trình',
      detail:
        version === undefined ? `Không có quy trình «${id}».` : `Không có quy trình «${id}» phiên bản ${version}.`,
    }),
  definitionExists: (id: string, version: number) =>
    new AppError({
      code: 'PROCESS_DEFINITION_EXISTS',
      status: 409,
      title: 'Phiên bản quy trình đã tồn tại',
      detail: `Quy trình «${id}» đã có phiên bản ${version}; mỗi thay đổi phải là một phiên bản mới.`,
    }),
  definitionInvalid: (errors: FieldError[]) =>
    new AppError({
      code: 'PROCESS_DEFINITION_INVALID',
      status: 422,
      title: 'Quy trình không hợp lệ',
      detail: 'Quy trình có lỗi; xem danh sách lỗi.',
      errors,
    }),
  statusChange: (from: string, to: string) =>
    new AppError({
      code: 'PROCESS_DEFINITION_STATUS',
      status: 409,
      title: 'Không đổi được trạng thái quy trình',
      detail: `Không thể chuyển quy trình từ trạng thái «${from}» sang «${to}».`,
    }),
  agencyUnknown: (code: string) =>
    new AppError({
      code: 'DOSSIER_AGENCY_UNKNOWN',
      status: 422,
      title: 'Cơ quan không tồn tại',
      detail: `Không có cơ quan mã «${code}» trong danh mục vào ngày hôm nay.`,
      errors: [{ field: '/body/agencyCode', message: `Không có cơ quan mã «${code}».` }],
    }),
  formInvalid: (errors: FieldError[]) =>
    new AppError({
      code: 'DOSSIER_FORM_INVALID',
      status: 422,
      title: 'Tờ khai không hợp lệ',
      detail: 'Thông tin trong tờ khai chưa đúng; xem danh sách lỗi.',
      errors,
    }),
  componentsMissing: (names: string[]) =>
    new AppError({
      code: 'DOSSIER_COMPONENTS_MISSING',
      status: 422,
      title: 'Thiếu thành phần hồ sơ',
      detail: `Hồ sơ còn thiếu thành phần bắt buộc: ${names.join('; ')}.`,
    }),
  componentUnknown: (index: number) =>
    new AppError({
      code: 'DOSSIER_COMPONENT_UNKNOWN',
      status: 404,
      title: 'Không có thành phần hồ sơ này',
      detail: `Thủ tục không có thành phần hồ sơ số ${index}.`,
    }),
  componentLocked: () =>
    new AppError({
      code: 'DOSSIER_COMPONENT_LOCKED',
      status: 409,
      title: 'Không thể tải lên thành phần hồ sơ',
      detail:
        'Chỉ tải lên thành phần hồ sơ khi hồ sơ đang soạn, chờ tiếp nhận hoặc đang chờ bổ sung, và chỉ người nộp hoặc cán bộ tiếp nhận được tải lên.',
    }),
  idempotencyKeyReused: () =>
    new AppError({
      code: 'IDEMPOTENCY_KEY_REUSED',
      status: 422,
      title: 'Khóa chống trùng đã dùng cho yêu cầu khác',
      detail: 'Khóa Idempotency-Key này đã được dùng cho một hồ sơ có nội dung khác.',
    }),
  idempotencyKeyBusy: () =>
    new AppError({
      code: 'IDEMPOTENCY_KEY_BUSY',
      status: 409,
      title: 'Yêu cầu cùng khóa chống trùng đang được xử lý',
      detail:
        'Một yêu cầu nộp hồ sơ với cùng khóa Idempotency-Key đang được xử lý. Vui lòng chờ ít phút rồi gửi lại đúng yêu cầu này.',
    }),
  resultFileUnknown: (ids: readonly string[]) =>
    new AppError({
      code: 'DOSSIER_RESULT_FILE_UNKNOWN',
      status: 400,
      title: 'Tệp kết quả không hợp lệ',
      detail: `Tệp kết quả ${ids.map((i) => `«${i}»`).join(', ')} không được tải lên cho hồ sơ này. Hãy tải tệp kết quả lên hồ sơ trước khi đính kèm.`,
      errors: [
        { field: '/body/resultFileIds', message: 'Chỉ được đính kèm tệp kết quả đã tải lên cho chính hồ sơ này.' },
      ],
    }),
  resultUploadForbidden: () =>
    new AppError({
      code: 'DOSSIER_RESULT_UPLOAD_FORBIDDEN',
      status: 403,
      title: 'Không được tải lên kết quả',
      detail:
        'Chỉ cán bộ đang giải quyết hồ sơ (người xử lý chính hoặc phối hợp, lãnh đạo cơ quan giải quyết) được tải lên kết quả, khi hồ sơ đang được giải quyết.',
    }),
  resultNotReleased: () =>
    new AppError({
      code: 'DOSSIER_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy kết quả',
      detail: 'Kết quả giải quyết chưa được trả hoặc không có tệp kết quả này.',
    }),
  uploadInvalid: (detail: string) =>
    new AppError({
      code: 'DOSSIER_UPLOAD_INVALID',
      status: 400,
      title: 'Tệp tải lên không hợp lệ',
      detail,
    }),
  draftOnly: () =>
    new AppError({
      code: 'DOSSIER_NOT_DRAFT',
      status: 409,
      title: 'Không xóa được hồ sơ',
      detail: 'Chỉ xóa được hồ sơ nháp chưa nộp. Hồ sơ đã nộp có thể rút theo thủ tục rút hồ sơ.',
    }),
  rateLimited: () =>
    new AppError({
      code: 'TOO_MANY_REQUESTS',
      status: 429,
      title: 'Quá nhiều yêu cầu',
      detail: 'Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.',
    }),
  forbidden: (detail: string) =>
    new AppError({ code: 'DOSSIER_FORBIDDEN', status: 403, title: 'Không có quyền', detail }),
  paymentNotFound: () =>
    new AppError({
      code: 'PAYMENT_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy giao dịch',
      detail: 'Không có giao dịch này.',
    }),
  nothingToPay: () =>
    new AppError({
      code: 'PAYMENT_NOTHING_DUE',
      status: 409,
      title: 'Không có khoản phải nộp',
      detail: 'Hồ sơ không còn khoản phí, lệ phí nào chưa thanh toán.',
    }),
  badSignature: () =>
    new AppError({
      code: 'PAYMENT_SIGNATURE_INVALID',
      status: 400,
      title: 'Chữ ký không hợp lệ',
      detail: 'Chữ ký của thông báo thanh toán không đúng; thông báo bị bỏ qua.',
    }),
  amountMismatch: () =>
    new AppError({
      code: 'PAYMENT_AMOUNT_MISMATCH',
      status: 400,
      title: 'Số tiền không khớp',
      detail: 'Số tiền trong thông báo thanh toán khác số tiền của giao dịch; thông báo bị bỏ qua.',
    }),
};
