/**
 * Criminal-record certificate (cấp Phiếu lý lịch tư pháp, procedure 3.000333): the "Tờ khai yêu
 * cầu cấp Phiếu lý lịch tư pháp" for a person asking for their own certificate, Mẫu số 01/2025/LLTP
 * as listed in the procedure's components (reference-data/procedures/3.000333.json); the kinds of
 * certificate (số 1, số 2) are those of Luật Lý lịch tư pháp 28/2009/QH12. The residence history
 * since the age of 14 is a table on paper; here it is one text, a line per period.
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, email, ethnicity, fullName, group, idNumber, nationality, sex, tel, text } from './fields.ts';

export const CRIMINAL_RECORD: EFormVersion = {
  procedureCode: '3.000333',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
  source: 'Mẫu số 01/2025/LLTP (cá nhân tự yêu cầu cấp Phiếu); Luật Lý lịch tư pháp 28/2009/QH12',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai yêu cầu cấp Phiếu lý lịch tư pháp',
    description: 'Dùng cho cá nhân tự yêu cầu cấp Phiếu lý lịch tư pháp (Mẫu số 01/2025/LLTP).',
    properties: {
      person: group(
        'Thông tin người yêu cầu cấp Phiếu',
        {
          fullName: fullName('Họ và tên', 'account.fullName'),
          otherName: text('Tên gọi khác', 100),
          sex: sex(),
          dateOfBirth: date('Ngày, tháng, năm sinh', { past: true, prefill: 'account.dateOfBirth' }),
          placeOfBirth: text('Nơi sinh', 300, { minLength: 2 }),
          nationality: nationality('Quốc tịch'),
          ethnicity: ethnicity('Dân tộc'),
          idNumber: idNumber('Số định danh cá nhân', 'account.idNumber'),
          permanentResidence: address('Nơi thường trú', 'account.address'),
          temporaryResidence: text('Nơi tạm trú', 300),
          phone: tel('Số điện thoại', 'account.phone'),
          email: email('Thư điện tử', 'account.email'),
        },
        [
          'fullName',
          'sex',
          'dateOfBirth',
          'placeOfBirth',
          'nationality',
          'ethnicity',
          'idNumber',
          'permanentResidence',
          'phone',
        ],
      ),
      family: group(
        'Thông tin về cha, mẹ, vợ hoặc chồng',
        {
          fatherName: fullName('Họ và tên cha'),
          motherName: fullName('Họ và tên mẹ'),
          spouseName: fullName('Họ và tên vợ hoặc chồng'),
        },
        [],
      ),
      residenceHistory: group(
        'Quá trình cư trú',
        {
          periods: text('Quá trình cư trú từ khi đủ 14 tuổi', 4000, {
            minLength: 10,
            description:
              'Mỗi dòng một giai đoạn: từ tháng/năm, đến tháng/năm, nơi thường trú hoặc tạm trú, nghề nghiệp, nơi làm việc.',
          }),
        },
        ['periods'],
      ),
      request: group(
        'Nội dung yêu cầu',
        {
          certificateType: {
            type: 'integer',
            title: 'Loại Phiếu yêu cầu cấp',
            oneOf: [
              { const: 1, title: 'Phiếu lý lịch tư pháp số 1' },
              { const: 2, title: 'Phiếu lý lịch tư pháp số 2' },
            ],
          },
          copies: {
            type: 'integer',
            title: 'Số lượng Phiếu yêu cầu cấp',
            minimum: 1,
            // An upper bound against typing mistakes, not a legal limit.
            maximum: 20,
          },
          purpose: text('Mục đích yêu cầu cấp Phiếu', 500, { minLength: 2 }),
        },
        ['certificateType', 'copies', 'purpose'],
      ),
    },
    required: ['person', 'residenceHistory', 'request'],
  },
};
