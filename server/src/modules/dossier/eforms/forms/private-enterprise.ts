/**
 * Private enterprise registration (đăng ký thành lập doanh nghiệp tư nhân, procedure 2.001610): the
 * "Giấy đề nghị đăng ký doanh nghiệp" for a private enterprise among the forms issued with Thông tư
 * 68/2025/TT-BTC, under Nghị định 168/2025/NĐ-CP. The enterprise, then its owner.
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, email, ethnicity, fullName, group, idNumber, nationality, sex, tel, text } from './fields.ts';

export const PRIVATE_ENTERPRISE: EFormVersion = {
  procedureCode: '2.001610',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Giấy đề nghị đăng ký doanh nghiệp tư nhân',
  source: 'Thông tư 68/2025/TT-BTC; Nghị định 168/2025/NĐ-CP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Giấy đề nghị đăng ký doanh nghiệp tư nhân',
    description: 'Theo biểu mẫu ban hành kèm Thông tư 68/2025/TT-BTC.',
    properties: {
      enterprise: group(
        'Thông tin doanh nghiệp',
        {
          nameVietnamese: text('Tên doanh nghiệp viết bằng tiếng Việt', 200, { minLength: 2 }),
          nameForeign: text('Tên doanh nghiệp viết bằng tiếng nước ngoài', 200),
          nameAbbreviated: text('Tên doanh nghiệp viết tắt', 100),
          address: address('Địa chỉ trụ sở chính'),
          phone: tel('Điện thoại của doanh nghiệp'),
          email: email('Thư điện tử của doanh nghiệp'),
          businessLines: text('Ngành, nghề kinh doanh', 4000, {
            minLength: 2,
            description: 'Ghi tên và mã ngành theo Hệ thống ngành kinh tế Việt Nam, mỗi dòng một ngành.',
          }),
          capital: { type: 'integer', title: 'Vốn đầu tư (đồng)', minimum: 0 },
        },
        ['nameVietnamese', 'address', 'phone', 'businessLines', 'capital'],
      ),
      owner: group(
        'Thông tin chủ doanh nghiệp tư nhân',
        {
          fullName: fullName('Họ, chữ đệm và tên chủ doanh nghiệp', 'account.fullName'),
          sex: sex(),
          dateOfBirth: date('Ngày sinh', { past: true, prefill: 'account.dateOfBirth' }),
          ethnicity: ethnicity('Dân tộc'),
          nationality: nationality('Quốc tịch'),
          idNumber: idNumber('Số định danh cá nhân', 'account.idNumber'),
          contactAddress: address('Địa chỉ liên lạc', 'account.address'),
          phone: tel('Điện thoại của chủ doanh nghiệp', 'account.phone'),
          email: email('Thư điện tử của chủ doanh nghiệp', 'account.email'),
        },
        ['fullName', 'sex', 'dateOfBirth', 'ethnicity', 'nationality', 'idNumber', 'contactAddress'],
      ),
    },
    required: ['enterprise', 'owner'],
  },
};
