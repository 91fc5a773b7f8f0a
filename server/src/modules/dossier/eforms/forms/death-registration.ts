/**
 * Death registration (đăng ký khai tử, procedure 1.000656): the "Tờ khai đăng ký khai tử" of
 * Thông tư 04/2020/TT-BTP: the person asking, the deceased, and the death notice (Giấy báo tử or
 * the paper replacing it, which the procedure lists as a component).
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, date, ethnicity, fullName, group, idNumber, nationality, sex, text } from './fields.ts';

export const DEATH_REGISTRATION: EFormVersion = {
  procedureCode: '1.000656',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Tờ khai đăng ký khai tử',
  source: 'Thông tư 04/2020/TT-BTP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Tờ khai đăng ký khai tử',
    description: 'Theo mẫu ban hành kèm Thông tư 04/2020/TT-BTP.',
    properties: {
      requester: group(
        'Người yêu cầu đăng ký khai tử',
        {
          fullName: fullName('Họ, chữ đệm và tên người yêu cầu', 'account.fullName'),
          idNumber: idNumber('Số định danh cá nhân của người yêu cầu', 'account.idNumber'),
          residence: address('Nơi cư trú của người yêu cầu', 'account.address'),
          relationship: text('Quan hệ với người đã chết', 100, { minLength: 2 }),
        },
        ['fullName', 'idNumber', 'residence', 'relationship'],
      ),
      deceased: group(
        'Người đã chết',
        {
          fullName: fullName('Họ, chữ đệm và tên người đã chết'),
          dateOfBirth: date('Ngày, tháng, năm sinh của người đã chết', { past: true }),
          sex: sex(),
          ethnicity: ethnicity('Dân tộc'),
          nationality: nationality('Quốc tịch'),
          idNumber: idNumber('Số định danh cá nhân của người đã chết'),
          residence: address('Nơi cư trú cuối cùng'),
          timeOfDeath: text('Giờ, phút chết', 5, {
            pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
            'x-patternMessage': 'phải có dạng giờ:phút, ví dụ 14:30',
          }),
          dateOfDeath: date('Ngày chết', { past: true }),
          placeOfDeath: text('Nơi chết', 300, { minLength: 5 }),
          causeOfDeath: text('Nguyên nhân chết', 300, { minLength: 2 }),
        },
        ['fullName', 'sex', 'dateOfDeath', 'placeOfDeath', 'causeOfDeath'],
      ),
      deathNotice: group(
        'Giấy báo tử hoặc giấy tờ thay Giấy báo tử',
        {
          number: text('Số Giấy báo tử', 50),
          issuer: text('Cơ quan cấp Giấy báo tử', 200),
          issuedOn: date('Ngày cấp Giấy báo tử', { past: true }),
        },
        [],
      ),
    },
    required: ['requester', 'deceased'],
  },
};
