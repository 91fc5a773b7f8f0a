/**
 * Household business registration (đăng ký thành lập hộ kinh doanh, procedure 1.001612): the
 * "Giấy đề nghị đăng ký hộ kinh doanh" of the forms issued with Thông tư 68/2025/TT-BTC, under
 * Nghị định 168/2025/NĐ-CP (the procedure's legal basis as crawled). The business, then its owner.
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, email, ethnicity, fullName, group, idNumber, nationality, sex, tel, text } from './fields.ts';

export const HOUSEHOLD_BUSINESS: EFormVersion = {
  procedureCode: '1.001612',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Giấy đề nghị đăng ký hộ kinh doanh',
  source: 'Thông tư 68/2025/TT-BTC; Nghị định 168/2025/NĐ-CP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Giấy đề nghị đăng ký hộ kinh doanh',
    description: 'Theo biểu mẫu ban hành kèm Thông tư 68/2025/TT-BTC.',
    properties: {
      business: group(
        'Thông tin hộ kinh doanh',
        {
          name: text('Tên hộ kinh doanh', 200, {
            minLength: 2,
            description: 'Gồm cụm từ «Hộ kinh doanh» và tên riêng, ví dụ: Hộ kinh doanh Bánh mì Ninh Kiều.',
          }),
          address: address('Địa chỉ trụ sở hộ kinh doanh'),
          phone: tel('Điện thoại của hộ kinh doanh'),
          email: email('Thư điện tử của hộ kinh doanh'),
          businessLines: text('Ngành, nghề kinh doanh', 2000, { minLength: 2 }),
          capital: { type: 'integer', title: 'Vốn kinh doanh (đồng)', minimum: 0 },
          workers: { type: 'integer', title: 'Số lượng lao động (dự kiến)', minimum: 0 },
        },
        ['name', 'address', 'businessLines', 'capital'],
      ),
      owner: group(
        'Thông tin chủ hộ kinh doanh',
        {
          fullName: fullName('Họ, chữ đệm và tên chủ hộ kinh doanh', 'account.fullName'),
          sex: sex(),
          dateOfBirth: date('Ngày sinh', { past: true, prefill: 'account.dateOfBirth' }),
          ethnicity: ethnicity('Dân tộc'),
          nationality: nationality('Quốc tịch'),
          idNumber: idNumber('Số định danh cá nhân', 'account.idNumber'),
          contactAddress: address('Địa chỉ liên lạc', 'account.address'),
          phone: tel('Điện thoại của chủ hộ', 'account.phone'),
          email: email('Thư điện tử của chủ hộ', 'account.email'),
        },
        ['fullName', 'sex', 'dateOfBirth', 'ethnicity', 'nationality', 'idNumber', 'contactAddress'],
      ),
    },
    required: ['business', 'owner'],
  },
};
