import { AppError } from '../../platform/errors/index.ts';

export const ssoErrors = {
  forbidden: () =>
    new AppError({
      code: 'FORBIDDEN',
      status: 403,
      title: 'Không có quyền',
      detail: 'Chức năng này chỉ dành cho quản trị viên cấp tỉnh.',
    }),
  clientNotFound: (id: string) =>
    new AppError({
      code: 'OIDC_CLIENT_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy ứng dụng',
      detail: `Không có ứng dụng đăng nhập một lần mã «${id}».`,
    }),
  clientExists: (id: string) =>
    new AppError({
      code: 'OIDC_CLIENT_EXISTS',
      status: 409,
      title: 'Ứng dụng đã tồn tại',
      detail: `Mã ứng dụng «${id}» đã được dùng.`,
    }),
  invalidUris: (errors: { field: string; message: string }[]) =>
    new AppError({
      code: 'VALIDATION_FAILED',
      status: 400,
      title: 'Dữ liệu không hợp lệ',
      detail: 'Địa chỉ chuyển hướng không hợp lệ. Vui lòng kiểm tra các trường được nêu.',
      errors,
    }),
  invalidClientMetadata: (reason: string) =>
    new AppError({
      code: 'OIDC_CLIENT_INVALID',
      status: 400,
      title: 'Thông tin ứng dụng không hợp lệ',
      detail: `Máy chủ OpenID Connect không chấp nhận thông tin ứng dụng: ${reason}`,
    }),
  providerNotFound: (id: string) =>
    new AppError({
      code: 'EXTERNAL_PROVIDER_NOT_FOUND',
      status: 404,
      title: 'Không tìm thấy nhà cung cấp định danh',
      detail: `Không có nhà cung cấp định danh «${id}» đang hoạt động.`,
    }),
  providerExists: (id: string) =>
    new AppError({
      code: 'EXTERNAL_PROVIDER_EXISTS',
      status: 409,
      title: 'Nhà cung cấp định danh đã tồn tại',
      detail: `Mã nhà cung cấp «${id}» đã được dùng.`,
    }),
  badReturnTo: () =>
    new AppError({
      code: 'INVALID_RETURN_TO',
      status: 400,
      title: 'Địa chỉ quay lại không hợp lệ',
      detail: 'Tham số returnTo phải là một đường dẫn trong cổng này, bắt đầu bằng «/».',
    }),
  externalStateInvalid: () =>
    new AppError({
      code: 'EXTERNAL_LOGIN_STATE_INVALID',
      status: 400,
      title: 'Phiên đăng nhập không hợp lệ',
      detail:
        'Phiên đăng nhập qua nhà cung cấp định danh đã hết hạn hoặc không khớp với trình duyệt này. Vui lòng đăng nhập lại.',
    }),
  externalDenied: (reason: string) =>
    new AppError({
      code: 'EXTERNAL_LOGIN_DENIED',
      status: 401,
      title: 'Đăng nhập không thành công',
      detail: `Nhà cung cấp định danh từ chối đăng nhập (${reason}).`,
    }),
  externalFailed: () =>
    new AppError({
      code: 'EXTERNAL_LOGIN_FAILED',
      status: 502,
      title: 'Không xác thực được với nhà cung cấp định danh',
      detail: 'Không kiểm tra được kết quả đăng nhập từ nhà cung cấp định danh. Vui lòng thử lại sau.',
    }),
  citizenIdMissing: () =>
    new AppError({
      code: 'EXTERNAL_CITIZEN_ID_MISSING',
      status: 422,
      title: 'Thiếu số định danh cá nhân',
      detail:
        'Nhà cung cấp định danh không trả về số định danh cá nhân (12 chữ số) hợp lệ, nên không thể liên kết tài khoản. Tài khoản chỉ được liên kết theo số định danh cá nhân đã xác thực, không theo thư điện tử.',
    }),
  acrTooLow: (level: number) =>
    new AppError({
      code: 'ACR_TOO_LOW',
      status: 403,
      title: 'Mức định danh chưa đủ',
      detail: `Chức năng này yêu cầu tài khoản định danh điện tử mức độ ${level}. Vui lòng đăng nhập lại bằng tài khoản định danh điện tử mức độ ${level}.`,
    }),
  interactionExpired: () =>
    new AppError({
      code: 'OIDC_INTERACTION_EXPIRED',
      status: 400,
      title: 'Phiên đăng nhập đã hết hạn',
      detail: 'Yêu cầu đăng nhập đã hết hạn hoặc không còn hợp lệ. Vui lòng quay lại ứng dụng và đăng nhập lại.',
    }),
  csrf: () =>
    new AppError({
      code: 'CSRF_REJECTED',
      status: 403,
      title: 'Yêu cầu không hợp lệ',
      detail: 'Biểu mẫu đã hết hạn hoặc không được gửi từ trang đăng nhập của cổng. Vui lòng tải lại trang.',
    }),
};
