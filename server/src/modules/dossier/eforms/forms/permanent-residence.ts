/**
 * Permanent residence registration (đăng ký thường trú, procedure 1.004222): the "Tờ khai thay đổi
 * thông tin cư trú" (mẫu CT01) of Thông tư 56/2021/TT-BCA as amended by Thông tư 66/2023/TT-BCA and
 * Thông tư 53/2025/TT-BCA (the form the procedure names). The members of the household changing
 * residence together are a table on paper; here they are one text, a line per person.
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { date, email, fullName, group, idNumber, sex, tel, text } from './fields.ts';

export const PERMANENT_RESIDENCE: EFormVersion = {
  procedureCode: '1.004222',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai thay đổi thông tin cư trú (CT01)',
  source: 'Mẫu CT01, Thông tư 56/2021/TT-BCA sửa đổi bởi Thông tư 66/2023/TT-BCA và Thông tư 53/2025/TT-BCA',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai thay đổi thông tin cư trú',
    description: 'Mẫu CT01 ban hành kèm Thông tư 56/2021/TT-BCA (sửa đổi bởi Thông tư 53/2025/TT-BCA).',
    properties: {
      person: group(
        'Người đề nghị',
        {
          fullName: fullName('Họ, chữ đệm và tên', 'account.fullName'),
          dateOfBirth: date('Ngày, tháng, năm sinh', { past: true, prefill: 'account.dateOfBirth' }),
          sex: sex(),
          idNumber: idNumber('Số định danh cá nhân', 'account.idNumber'),
          phone: tel('Số điện thoại liên hệ', 'account.phone'),
          email: email('Email', 'account.email'),
        },
        ['fullName', 'dateOfBirth', 'sex', 'idNumber'],
      ),
      household: group(
        'Chủ hộ',
        {
          headName: fullName('Họ, chữ đệm và tên chủ hộ'),
          relationToHead: text('Mối quan hệ với chủ hộ', 50, { minLength: 2 }),
          headIdNumber: idNumber('Số định danh cá nhân của chủ hộ'),
        },
        ['headName', 'relationToHead', 'headIdNumber'],
      ),
      request: group(
        'Nội dung đề nghị',
        {
          content: text('Nội dung đề nghị', 1000, {
            minLength: 5,
            description: 'Ví dụ: Đăng ký thường trú tại số nhà, đường, xã/phường, tỉnh/thành phố.',
          }),
          members: text('Những thành viên trong hộ gia đình cùng thay đổi', 4000, {
            description:
              'Mỗi dòng một người: họ và tên, ngày sinh, giới tính, số định danh cá nhân, mối quan hệ với chủ hộ.',
          }),
        },
        ['content'],
      ),
    },
    required: ['person', 'household', 'request'],
  },
};
