/**
 * Renewal of the identity card (cấp đổi thẻ căn cước, procedure 1.014063): the "Tờ khai căn cước"
 * (mẫu DC01, Thông tư 17/2024/TT-BCA as amended by Thông tư 53/2025/TT-BCA, the form the procedure
 * names). The reasons for a renewal are those of Luật Căn cước 26/2023/QH15 Art. 24(1).
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, ethnicity, fullName, group, idNumber, nationality, sex, tel, text } from './fields.ts';

export const IDENTITY_CARD: EFormVersion = {
  procedureCode: '1.014063',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai căn cước (DC01)',
  source: 'Mẫu DC01, Thông tư 17/2024/TT-BCA sửa đổi bởi Thông tư 53/2025/TT-BCA; Luật Căn cước 26/2023/QH15',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai căn cước',
    description: 'Mẫu DC01 ban hành kèm Thông tư 17/2024/TT-BCA (sửa đổi bởi Thông tư 53/2025/TT-BCA).',
    properties: {
      person: group(
        'Thông tin người đề nghị',
        {
          fullName: fullName('Họ, chữ đệm và tên khai sinh', 'account.fullName'),
          otherName: text('Tên gọi khác', 100),
          dateOfBirth: date('Ngày, tháng, năm sinh', { past: true, prefill: 'account.dateOfBirth' }),
          sex: sex(),
          idNumber: idNumber('Số định danh cá nhân', 'account.idNumber'),
          birthRegistrationPlace: text('Nơi đăng ký khai sinh', 300, { minLength: 2 }),
          hometown: text('Quê quán', 300, { minLength: 2 }),
          ethnicity: ethnicity('Dân tộc'),
          religion: text('Tôn giáo', 50),
          nationality: nationality('Quốc tịch'),
          permanentResidence: address('Nơi thường trú', 'account.address'),
          currentResidence: text('Nơi ở hiện tại', 300),
          phone: tel('Số điện thoại', 'account.phone'),
        },
        [
          'fullName',
          'dateOfBirth',
          'sex',
          'idNumber',
          'birthRegistrationPlace',
          'hometown',
          'ethnicity',
          'nationality',
          'permanentResidence',
        ],
      ),
      request: group(
        'Lý do đề nghị cấp đổi',
        {
          reason: {
            type: 'string',
            title: 'Lý do cấp đổi thẻ căn cước',
            oneOf: [
              { const: 'du_tuoi', title: 'Đủ 14 tuổi, 25 tuổi, 40 tuổi hoặc 60 tuổi' },
              {
                const: 'thay_doi_thong_tin',
                title: 'Thay đổi, cải chính họ, chữ đệm, tên khai sinh hoặc ngày, tháng, năm sinh',
              },
              {
                const: 'thay_doi_nhan_dang',
                title: 'Thay đổi nhân dạng, bổ sung ảnh khuôn mặt, vân tay, xác định lại hoặc chuyển đổi giới tính',
              },
              { const: 'sai_sot', title: 'Có sai sót về thông tin in trên thẻ căn cước' },
              { const: 'sap_xep_don_vi_hanh_chinh', title: 'Thông tin trên thẻ thay đổi do sắp xếp đơn vị hành chính' },
              { const: 'xac_lap_lai_so_dinh_danh', title: 'Xác lập lại số định danh cá nhân' },
              { const: 'yeu_cau', title: 'Theo yêu cầu của người được cấp thẻ' },
            ],
          },
          details: text('Thông tin đề nghị điều chỉnh (nếu có)', 1000),
        },
        ['reason'],
      ),
    },
    required: ['person', 'request'],
  },
};
