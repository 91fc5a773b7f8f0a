/**
 * Birth registration (đăng ký khai sinh, procedure 1.001193): the "Tờ khai đăng ký khai sinh" of
 * Thông tư 04/2020/TT-BTP (Phụ lục), as amended by Thông tư 04/2024/TT-BTP. Entries in the order of
 * the paper form: the person asking, the child, the mother, the father, and the request for copies.
 * Who may ask is Luật Hộ tịch 60/2014/QH13 Art. 15 (parents; grandparents; other relatives; the
 * person or organisation bringing the child up).
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, ethnicity, fullName, group, idNumber, nationality, sex, text, yearOfBirth } from './fields.ts';

export const BIRTH_REGISTRATION: EFormVersion = {
  procedureCode: '1.001193',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai đăng ký khai sinh',
  source: 'Thông tư 04/2020/TT-BTP, sửa đổi bởi Thông tư 04/2024/TT-BTP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai đăng ký khai sinh',
    description: 'Theo mẫu ban hành kèm Thông tư 04/2020/TT-BTP, sửa đổi bởi Thông tư 04/2024/TT-BTP.',
    properties: {
      requester: group(
        'Người yêu cầu đăng ký khai sinh',
        {
          fullName: fullName('Họ, chữ đệm và tên người yêu cầu', 'account.fullName'),
          idNumber: idNumber('Số định danh cá nhân của người yêu cầu', 'account.idNumber'),
          residence: address('Nơi cư trú của người yêu cầu', 'account.address'),
          relationship: {
            type: 'string',
            title: 'Quan hệ với người được khai sinh',
            oneOf: [
              { const: 'cha', title: 'Cha' },
              { const: 'me', title: 'Mẹ' },
              { const: 'ong', title: 'Ông' },
              { const: 'ba', title: 'Bà' },
              { const: 'nguoi_than', title: 'Người thân thích khác' },
              { const: 'nguoi_nuoi_duong', title: 'Cá nhân, tổ chức đang nuôi dưỡng trẻ em' },
            ],
          },
        },
        ['fullName', 'idNumber', 'residence', 'relationship'],
      ),
      child: group(
        'Người được khai sinh',
        {
          fullName: fullName('Họ, chữ đệm và tên của trẻ'),
          dateOfBirth: date('Ngày sinh', { past: true }),
          dateOfBirthInWords: text('Ngày sinh ghi bằng chữ', 200),
          sex: sex(),
          ethnicity: ethnicity('Dân tộc'),
          nationality: nationality('Quốc tịch'),
          placeOfBirth: text('Nơi sinh', 300, {
            minLength: 5,
            description:
              'Sinh tại cơ sở y tế: ghi tên cơ sở y tế và địa chỉ; sinh ngoài cơ sở y tế: ghi xã/phường, tỉnh/thành phố nơi sinh.',
          }),
          hometown: text('Quê quán', 300),
        },
        ['fullName', 'dateOfBirth', 'sex', 'ethnicity', 'nationality', 'placeOfBirth'],
      ),
      mother: group(
        'Thông tin người mẹ',
        {
          fullName: fullName('Họ, chữ đệm và tên người mẹ'),
          yearOfBirth: yearOfBirth('Năm sinh của người mẹ'),
          ethnicity: ethnicity('Dân tộc của người mẹ'),
          nationality: nationality('Quốc tịch của người mẹ'),
          residence: address('Nơi cư trú của người mẹ'),
        },
        ['fullName', 'yearOfBirth', 'ethnicity', 'nationality', 'residence'],
      ),
      father: group(
        'Thông tin người cha',
        {
          fullName: fullName('Họ, chữ đệm và tên người cha'),
          yearOfBirth: yearOfBirth('Năm sinh của người cha'),
          ethnicity: ethnicity('Dân tộc của người cha'),
          nationality: nationality('Quốc tịch của người cha'),
          residence: address('Nơi cư trú của người cha'),
        },
        [],
        'Để trống nếu chưa xác định được người cha.',
      ),
      copies: group(
        'Đề nghị cấp bản sao',
        {
          count: {
            type: 'integer',
            title: 'Số bản sao Giấy khai sinh đề nghị cấp',
            minimum: 0,
            maximum: 20,
            // The upper bound only stops typing mistakes; the law sets none.
            description: 'Người yêu cầu cấp bản sao Giấy khai sinh nộp phí cấp bản sao; để 0 nếu không cần.',
          },
        },
        [],
      ),
    },
    required: ['requester', 'child', 'mother'],
  },
};
