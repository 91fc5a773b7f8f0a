/**
 * Construction permit (cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II,
 * procedure 1.013236): the "Đơn đề nghị cấp giấy phép xây dựng", Mẫu số 1 Phụ lục II of Nghị định
 * 175/2024/NĐ-CP (the form the procedure names): the investor, the site, what is to be built, the
 * designer and the expected completion.
 */
import { type EFormVersion, JSON_SCHEMA_2020_12 } from '../eform.types.ts';
import { address, fullName, group, tel, text } from './fields.ts';

const area = (title: string) => ({ type: 'number' as const, title, minimum: 0 });

export const CONSTRUCTION_PERMIT: EFormVersion = {
  procedureCode: '1.013236',
  version: 1,
  effectiveFrom: '2025-07-01',
  title: 'Đơn đề nghị cấp giấy phép xây dựng',
  source: 'Mẫu số 1 Phụ lục II Nghị định 175/2024/NĐ-CP',
  schema: {
    $schema: JSON_SCHEMA_2020_12,
    type: 'object',
    title: 'Đơn đề nghị cấp giấy phép xây dựng',
    description: 'Theo Mẫu số 1 Phụ lục II Nghị định 175/2024/NĐ-CP.',
    properties: {
      investor: group(
        'Thông tin về chủ đầu tư',
        {
          name: text('Tên chủ đầu tư', 300, { minLength: 2 }),
          representative: fullName('Người đại diện'),
          position: text('Chức vụ', 100),
          address: address('Địa chỉ liên hệ'),
          phone: tel('Số điện thoại'),
        },
        ['name', 'representative', 'address', 'phone'],
      ),
      site: group(
        'Thông tin công trình',
        {
          location: address('Địa điểm xây dựng'),
          lotNumber: text('Lô đất số', 50),
          lotArea: area('Diện tích lô đất (m²)'),
        },
        ['location'],
      ),
      works: group(
        'Nội dung đề nghị cấp phép',
        {
          name: text('Tên công trình', 300, { minLength: 2 }),
          kind: text('Loại công trình', 200, { minLength: 2 }),
          grade: {
            type: 'string',
            title: 'Cấp công trình',
            oneOf: [
              { const: 'dac_biet', title: 'Cấp đặc biệt' },
              { const: 'cap_I', title: 'Cấp I' },
              { const: 'cap_II', title: 'Cấp II' },
            ],
          },
          buildingArea: area('Diện tích xây dựng (m²)'),
          totalFloorArea: area('Tổng diện tích sàn (m²)'),
          height: area('Chiều cao công trình (m)'),
          floors: { type: 'integer', title: 'Số tầng', minimum: 1 },
        },
        ['name', 'kind', 'grade', 'buildingArea', 'totalFloorArea', 'height', 'floors'],
      ),
      design: group(
        'Đơn vị hoặc người chủ nhiệm thiết kế',
        {
          designer: text('Tên đơn vị thiết kế hoặc người chủ nhiệm thiết kế', 300, { minLength: 2 }),
          certificateCode: text('Mã số chứng chỉ năng lực hoặc chứng chỉ hành nghề', 50),
          expectedCompletion: text('Dự kiến thời gian hoàn thành công trình', 100),
        },
        ['designer'],
      ),
    },
    required: ['investor', 'site', 'works', 'design'],
  },
};
