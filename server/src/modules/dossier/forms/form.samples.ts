/**
 * Sample facts for every form: used by the renderer's tests and to look at the output
 * (render to PNG and check alignment, overflow and diacritics by eye before changing a template).
 */
import type { FormDataMap } from './form.types.ts';

const at = (s: string) => new Date(`${s}:00+07:00`);

const agency = {
  name: 'Trung tâm Phục vụ hành chính công phường Ninh Kiều',
  parentName: 'Ủy ban nhân dân phường Ninh Kiều',
  address: '2 Đại lộ Hòa Bình, phường Ninh Kiều, thành phố Cần Thơ',
  phone: '0292 3820 123',
};
const applicant = {
  name: 'Nguyễn Văn Dân',
  idNumber: '092090001111',
  address: 'Số 12, đường Trần Hưng Đạo, khu vực 3, phường Ninh Kiều, thành phố Cần Thơ',
  phone: '0912345678',
  email: 'dan.nguyen@example.vn',
};
const base = {
  code: '000.00.01.H99-260316-0042',
  agency,
  place: 'Cần Thơ',
  issuedAt: at('2026-03-16T09:05'),
  procedureCode: '1.001193',
  procedureName: 'Thủ tục đăng ký khai sinh',
  applicant,
  receivedAt: at('2026-03-16T09:05'),
  appointmentAt: at('2026-03-19T17:00'),
};

export const SAMPLE_FORMS: FormDataMap = {
  receipt: {
    ...base,
    receivedAt: base.receivedAt,
    appointmentAt: base.appointmentAt,
    components: [
      { name: 'Tờ khai đăng ký khai sinh theo mẫu', originals: 1, copies: 0, medium: 'paper' },
      {
        name: 'Giấy chứng sinh do cơ sở khám bệnh, chữa bệnh cấp; trường hợp không có giấy chứng sinh thì nộp văn bản của người làm chứng xác nhận về việc sinh',
        originals: 1,
        copies: 0,
        medium: 'electronic',
      },
      { name: 'Văn bản ủy quyền (được chứng thực)', originals: null, copies: null, medium: 'paper' },
    ],
    processingTime: '3 ngày làm việc',
    returnPlace: 'Bộ phận Một cửa – Trung tâm Phục vụ hành chính công phường Ninh Kiều',
    receiverName: 'Trần Thị Một Cửa',
    lookupUrl: 'https://dichvucong.cantho.gov.vn/tra-cuu/000.00.01.H99-260316-0042',
  },
  supplement_request: {
    ...base,
    items: [
      'Giấy chứng sinh: bản chụp mờ, không đọc được số giấy; nộp lại bản rõ nét.',
      'Bổ sung văn bản ủy quyền có chứng thực.',
    ],
    officerName: 'Trần Thị Một Cửa',
  },
  refusal: {
    ...base,
    reason:
      'Hồ sơ không thuộc thẩm quyền giải quyết của Ủy ban nhân dân phường Ninh Kiều (nơi cư trú của người mẹ ở phường Cái Khế).',
    officerName: 'Trần Thị Một Cửa',
  },
  apology_extension: {
    ...base,
    agency: { ...agency, name: 'Ủy ban nhân dân phường Ninh Kiều', parentName: 'Ủy ban nhân dân thành phố Cần Thơ' },
    issuedAt: at('2026-03-19T15:00'),
    previousAppointmentAt: base.appointmentAt,
    newAppointmentAt: at('2026-03-24T17:00'),
    reason: 'Cần xác minh thông tin nơi sinh với cơ sở y tế.',
    handlingAgencyName: 'Ủy ban nhân dân phường Ninh Kiều',
  },
  stop_notice: {
    ...base,
    issuedAt: at('2026-04-20T10:00'),
    reason: 'Quá thời hạn bổ sung, hoàn thiện hồ sơ mà người nộp không bổ sung.',
    officerName: 'Trần Thị Một Cửa',
  },
  control_sheet: {
    ...base,
    issuedAt: at('2026-03-19T16:00'),
    handlingAgencyName: 'Ủy ban nhân dân phường Ninh Kiều',
    dueAt: at('2026-03-19T17:00'),
    handOvers: [
      {
        at: at('2026-03-16T09:05'),
        from: 'Bộ phận Một cửa (Trung tâm Phục vụ hành chính công phường Ninh Kiều)',
        to: 'Thẩm định hồ sơ (Ủy ban nhân dân phường Ninh Kiều)',
        actorName: 'Trần Thị Một Cửa',
        action: 'Tiếp nhận hồ sơ',
        result: 'Đúng hạn',
        note: null,
      },
      {
        at: at('2026-03-17T14:30'),
        from: 'Thẩm định hồ sơ',
        to: 'Ký duyệt (Lãnh đạo)',
        actorName: 'Lê Văn Chuyên Viên',
        action: 'Chuyển bước',
        result: 'Trước hạn',
        note: 'Hồ sơ đầy đủ, đề nghị ký.',
      },
      {
        at: at('2026-03-19T10:00'),
        from: 'Ký duyệt (Lãnh đạo)',
        to: 'Trả kết quả (Bộ phận Một cửa)',
        actorName: 'Phạm Thị Lãnh Đạo',
        action: 'Phê duyệt',
        result: 'Quá hạn',
        note: null,
      },
    ],
  },
  register: {
    agency,
    place: 'Cần Thơ',
    issuedAt: at('2026-03-31T17:00'),
    from: '2026-03-01',
    to: '2026-03-31',
    rows: Array.from({ length: 28 }, (_, i) => ({
      code: `000.00.01.H99-2603${String(10 + (i % 18)).padStart(2, '0')}-${String(i + 1).padStart(4, '0')}`,
      procedureName:
        i % 3 === 0
          ? 'Thủ tục đăng ký khai sinh'
          : 'Cấp phép xây dựng mới đối với công trình cấp đặc biệt, cấp I, cấp II',
      applicantName: i % 2 === 0 ? 'Nguyễn Văn Dân' : 'Công ty TNHH Xây dựng Phú Quốc',
      handlingAgencyName: i % 3 === 0 ? 'Ủy ban nhân dân phường Ninh Kiều' : 'Sở Xây dựng',
      receivedAt: at('2026-03-16T09:05'),
      appointmentAt: at('2026-03-19T17:00'),
      status: i % 4 === 0 ? 'Đã trả kết quả' : 'Đang giải quyết',
      timeliness: i % 4 === 0 ? 'on_time' : i % 5 === 0 ? 'late' : null,
    })),
  },
};
