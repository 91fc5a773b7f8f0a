import { AppError } from '../../../platform/errors/index.ts';

export const formErrors = {
  /**
   * 409, not 404: the dossier exists and the caller may see it, but its state has not produced
   * this form (yet). An unknown form id is refused by the route's schema (400).
   */
  notApplicable: (formName: string, reason: string) =>
    new AppError({
      code: 'DOSSIER_FORM_NOT_APPLICABLE',
      status: 409,
      title: 'Hồ sơ không có biểu mẫu này',
      detail: `Chưa có «${formName}» cho hồ sơ này: ${reason}`,
    }),
  badRange: (detail: string) =>
    new AppError({
      code: 'DOSSIER_REGISTER_RANGE',
      status: 422,
      title: 'Khoảng thời gian không hợp lệ',
      detail,
      errors: [{ field: '/querystring/from', message: detail }],
    }),
  notOfficialOfAgency: (agency: string) =>
    new AppError({
      code: 'DOSSIER_FORBIDDEN',
      status: 403,
      title: 'Không có quyền',
      detail: `Chỉ cán bộ một cửa, lãnh đạo hoặc quản trị viên của cơ quan «${agency}» (hay quản trị viên cấp tỉnh) được in Sổ theo dõi hồ sơ của cơ quan.`,
    }),
};
