/**
 * Marriage registration (đăng ký kết hôn, procedure 1.000894): the "Tờ khai đăng ký kết hôn" of
 * Thông tư 04/2020/TT-BTP, which has the same entries for each side. The age and other conditions
 * of Luật Hôn nhân và gia đình 52/2014/QH13 Art. 8 are checked by the civil-status officer.
 */
import { type EFormGroup, type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, ethnicity, fullName, group, idNumber, nationality } from './fields.ts';

/** No prefill: the account holder may be either side. */
function side(title: string, who: string): EFormGroup {
  return group(
    title,
    {
      fullName: fullName(`Họ, chữ đệm và tên ${who}`),
      dateOfBirth: date(`Ngày, tháng, năm sinh ${who}`, { past: true }),
      ethnicity: ethnicity(`Dân tộc ${who}`),
      nationality: nationality(`Quốc tịch ${who}`),
      residence: address(`Nơi cư trú ${who}`),
      idNumber: idNumber(`Số định danh cá nhân ${who}`),
      marriageCount: { type: 'integer', title: `Kết hôn lần thứ mấy (${who})`, minimum: 1, maximum: 20 },
    },
    ['fullName', 'dateOfBirth', 'ethnicity', 'nationality', 'residence', 'idNumber', 'marriageCount'],
  );
}

export const MARRIAGE: EFormVersion = {
  procedureCode: '1.000894',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai đăng ký kết hôn',
  source: 'Thông tư 04/2020/TT-BTP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai đăng ký kết hôn',
    description: 'Theo mẫu ban hành kèm Thông tư 04/2020/TT-BTP; có đủ thông tin của hai bên nam, nữ.',
    properties: {
      bride: side('Thông tin bên nữ', 'bên nữ'),
      groom: side('Thông tin bên nam', 'bên nam'),
    },
    required: ['bride', 'groom'],
  },
};
