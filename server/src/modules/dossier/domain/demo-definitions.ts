/**
 * Demonstration process definitions for real procedures of reference-data/procedures/*.json (the
 * national procedure database as crawled). Codes, names and processing times are those files'
 * values; where a file's time is ambiguous the comment says so and the value the file states is
 * used. The split of the time between steps (the shares) is the agency's internal choice (quy trình
 * nội bộ): the shares below are an illustrative split, except where the file states a sub-time
 * (construction permit: 12 days for the consulted agencies).
 *
 * Every definition passes validateProcessDefinition (tested in demo-definitions.test.ts).
 */
import type { ActionKind, ActionSpec, Guard, ProcessDefinition, RequirementKind, Step } from './process.schemas.ts';

export type DemoAgencyCodes = {
  /** Commune People's Committee (its one-stop desk / public administration service centre). */
  readonly commune: string;
  /** Commune police (residence, identity cards). */
  readonly communePolice: string;
  /** Provincial police (criminal-record certificates since the 2025 reorganisation: file 3.000333). */
  readonly provincePolice: string;
  /** Provincial public administration service centre (Trung tâm Phục vụ hành chính công tỉnh). */
  readonly provinceCentre: string;
  /** Department of Construction (Sở Xây dựng). */
  readonly constructionDept: string;
  /** Department of Finance (Sở Tài chính: business registration office). */
  readonly financeDept: string;
};

function action(
  kind: ActionKind,
  label: string,
  options: { to?: string; guards?: Guard[]; requires?: RequirementKind[] } = {},
): ActionSpec {
  const spec: ActionSpec = { kind, guards: options.guards ?? [], requires: options.requires ?? [], label };
  if (options.to !== undefined) spec.to = options.to;
  return spec;
}

const supplement = () => action('request_supplement', 'Yêu cầu bổ sung hồ sơ (Mẫu 02)', { requires: ['reason'] });
const refuse = () => action('refuse', 'Từ chối (Mẫu 03)', { requires: ['reason'] });
const withdraw = () => action('withdraw', 'Rút hồ sơ', { requires: ['reason'] });
const extend = () => action('extend', 'Xin lỗi, hẹn lại ngày trả (Mẫu 04)', { requires: ['new_due_date', 'reason'] });
const stop = () => action('stop', 'Dừng giải quyết (Mẫu 05)', { requires: ['reason'] });
const attach = () => action('attach_result', 'Đính kèm kết quả', { requires: ['result_file'] });
const components: Guard = { kind: 'components_present', required: 'all_required' };
const fee: Guard = { kind: 'fee_paid' };
const resultAttached: Guard = { kind: 'result_attached' };

function receiveStep(next: string, share: number, acceptGuards: Guard[] = [components]): Step {
  return {
    id: 'receive',
    name: 'Tiếp nhận, kiểm tra hồ sơ',
    role: 'one_stop_officer',
    agency: { kind: 'receiving' },
    share,
    dossierStatus: 'received',
    actions: [
      action('accept', 'Tiếp nhận (Mẫu 01)', { to: next, guards: acceptGuards }),
      supplement(),
      refuse(),
      withdraw(),
    ],
  };
}

function deliverStep(share: number): Step {
  return {
    id: 'deliver',
    name: 'Trả kết quả',
    role: 'one_stop_officer',
    agency: { kind: 'receiving' },
    share,
    dossierStatus: 'result_ready',
    actions: [action('return_result', 'Trả kết quả cho người nộp', { guards: [resultAttached] })],
  };
}

function signStep(name: string, share: number, back: string, agency: Step['agency'] = { kind: 'receiving' }): Step {
  return {
    id: 'sign',
    name,
    role: 'leader',
    agency,
    share,
    dossierStatus: 'awaiting_approval',
    actions: [
      action('approve', 'Ký duyệt, chuyển trả kết quả', { to: 'deliver', guards: [resultAttached] }),
      action('send_back', 'Trả lại để thẩm định lại', { to: back, requires: ['comment'] }),
      refuse(),
      extend(),
    ],
  };
}

function reviewStep(
  name: string,
  share: number,
  options: { agency?: Step['agency']; forwardGuards?: Guard[]; role?: Step['role'] } = {},
): Step {
  return {
    id: 'review',
    name,
    role: options.role ?? 'specialist',
    agency: options.agency ?? { kind: 'receiving' },
    share,
    dossierStatus: 'in_progress',
    actions: [
      action('forward', 'Trình lãnh đạo ký', { to: 'sign', guards: options.forwardGuards ?? [] }),
      attach(),
      supplement(),
      refuse(),
      extend(),
      stop(),
      withdraw(),
    ],
  };
}

type Base = Pick<ProcessDefinition, 'procedureCode' | 'name' | 'agencyCode' | 'totalTime'> & { cutoff?: string };

function definition(base: Base, steps: Step[]): ProcessDefinition {
  const def: ProcessDefinition = {
    id: `demo-${base.procedureCode}-${base.agencyCode.replace(/[^A-Za-z0-9._-]/g, '_')}-v1`,
    procedureCode: base.procedureCode,
    name: base.name,
    agencyCode: base.agencyCode,
    version: 1,
    // The two-level local government (Nghị quyết 202/2025/QH15) starts on 1 July 2025.
    effectiveFrom: '2025-07-01',
    effectiveTo: null,
    status: 'published',
    totalTime: base.totalTime,
    steps,
    startStep: 'receive',
  };
  if (base.cutoff !== undefined) def.cutoff = base.cutoff;
  return def;
}

/** Commune civil-status style process: receive → review → leader signs → return. */
function standard(base: Base, reviewName: string, signName: string, acceptGuards?: Guard[], forwardGuards?: Guard[]) {
  return definition(base, [
    receiveStep('review', 1, acceptGuards),
    reviewStep(reviewName, 4, { forwardGuards: forwardGuards ?? [] }),
    signStep(signName, 2, 'review'),
    deliverStep(1),
  ]);
}

/** At least eight definitions for real procedures; `agencyCodes` are the demo agencies' codes. */
export function demoProcessDefinitions(agencyCodes: DemoAgencyCodes): ProcessDefinition[] {
  const a = agencyCodes;
  return [
    // 1.001193.json "Thủ tục đăng ký khai sinh", cấp xã: the time table says "1" without a unit
    // for every channel; taken as 1 working day. The procedure text also says a dossier received
    // after 15:00 gets its result on the next working day, hence the 15:00 cutoff (the text reads
    // as a same-day result before 15:00; an agency may publish 0 days instead).
    standard(
      {
        procedureCode: '1.001193',
        name: 'Thủ tục đăng ký khai sinh',
        agencyCode: a.commune,
        totalTime: { unit: 'working_days', amount: 1 },
        cutoff: '15:00',
      },
      'Công chức tư pháp - hộ tịch thẩm tra',
      'Lãnh đạo UBND xã ký Giấy khai sinh',
    ),
    // 1.000894.json "Thủ tục đăng ký kết hôn", cấp xã: "1" without a unit; taken as 1 working day.
    standard(
      {
        procedureCode: '1.000894',
        name: 'Thủ tục đăng ký kết hôn',
        agencyCode: a.commune,
        totalTime: { unit: 'working_days', amount: 1 },
      },
      'Công chức tư pháp - hộ tịch thẩm tra',
      'Lãnh đạo UBND xã ký Giấy chứng nhận kết hôn',
    ),
    // 1.000656.json "Thủ tục đăng ký khai tử", cấp xã: "1" without a unit; taken as 1 working day.
    standard(
      {
        procedureCode: '1.000656',
        name: 'Thủ tục đăng ký khai tử',
        agencyCode: a.commune,
        totalTime: { unit: 'working_days', amount: 1 },
      },
      'Công chức tư pháp - hộ tịch thẩm tra',
      'Lãnh đạo UBND xã ký Trích lục khai tử',
    ),
    // 3.000333.json "Cấp Phiếu Lý lịch tư pháp…", cấp tỉnh (Công an tỉnh): "10 Ngày" for every
    // channel, unit "Ngày" without "làm việc"; taken as 10 working days. The applicant logs in with
    // an identity account of level 2 (step 1 of the file) and pays after receiving the code and
    // appointment (step 5), so the fee guards the move to verification, not the receipt.
    standard(
      {
        procedureCode: '3.000333',
        name: 'Cấp Phiếu Lý lịch tư pháp cho công dân Việt Nam, người nước ngoài đang cư trú tại Việt Nam, người Việt Nam đang cư trú ở nước ngoài',
        agencyCode: a.provincePolice,
        totalTime: { unit: 'working_days', amount: 10 },
      },
      'Tra cứu, xác minh thông tin lý lịch tư pháp',
      'Lãnh đạo ký Phiếu Lý lịch tư pháp',
      [components, { kind: 'identity_level', min: 2 }],
      [fee],
    ),
    // 1.001612.json "Đăng ký thành lập hộ kinh doanh", cấp xã: the time table says "Không có thông
    // tin"; the procedure text states "trong thời hạn 03 ngày làm việc kể từ ngày nhận hồ sơ", taken
    // here. The fee (150,000 đ, set by the provincial council) is paid when submitting.
    standard(
      {
        procedureCode: '1.001612',
        name: 'Đăng ký thành lập hộ kinh doanh',
        agencyCode: a.commune,
        totalTime: { unit: 'working_days', amount: 3 },
      },
      'Cơ quan đăng ký kinh doanh cấp xã kiểm tra điều kiện',
      'Lãnh đạo ký Giấy chứng nhận đăng ký hộ kinh doanh',
      [components, fee],
    ),
    // 1.004222.json "Đăng ký thường trú", Công an cấp xã: "7 Ngày làm việc" (online and in person).
    // The fee (10,000 đ online, 20,000 đ in person) is paid after the receipt (step 4 of the file).
    standard(
      {
        procedureCode: '1.004222',
        name: 'Đăng ký thường trú',
        agencyCode: a.communePolice,
        totalTime: { unit: 'working_days', amount: 7 },
      },
      'Cán bộ đăng ký cư trú kiểm tra, đối chiếu cơ sở dữ liệu',
      'Lãnh đạo Công an xã duyệt',
      [components],
      [fee],
    ),
    // 2.001610.json "Đăng ký thành lập doanh nghiệp tư nhân", cấp tỉnh (Sở Tài chính): "3 Ngày làm
    // việc" for every channel; the publication fee (100,000 đ) is paid with the dossier.
    standard(
      {
        procedureCode: '2.001610',
        name: 'Đăng ký thành lập doanh nghiệp tư nhân',
        agencyCode: a.financeDept,
        totalTime: { unit: 'working_days', amount: 3 },
      },
      'Phòng Đăng ký kinh doanh xem xét tính hợp lệ',
      'Lãnh đạo Phòng ký Giấy chứng nhận đăng ký doanh nghiệp',
      [components, fee],
    ),
    // 1.013236.json "Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II…", cấp tỉnh:
    // "20 Ngày" for every channel, unit "Ngày" without "làm việc" (the text: "trong thời hạn 20
    // ngày kể từ ngày nhận đủ hồ sơ hợp lệ"); taken as 20 working days. Received by the provincial
    // centre, decided by the Department of Construction; the text gives the consulted state
    // agencies 12 days to answer ("Trong thời gian 12 ngày kể từ ngày nhận được hồ sơ"), which is
    // the share of the transfer step (12 of 20), and 7 working days to notify a supplement, so the
    // appraisal before the consultation has less than that.
    definition(
      {
        procedureCode: '1.013236',
        name: 'Cấp giấy phép xây dựng mới công trình cấp đặc biệt, cấp I, cấp II',
        agencyCode: a.provinceCentre,
        totalTime: { unit: 'working_days', amount: 20 },
      },
      [
        receiveStep('appraise', 0.5),
        {
          id: 'appraise',
          name: 'Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa',
          role: 'specialist',
          agency: { kind: 'fixed', code: a.constructionDept },
          share: 3.5,
          dossierStatus: 'in_progress',
          actions: [
            action('transfer', 'Gửi lấy ý kiến cơ quan quản lý nhà nước liên quan', {
              to: 'consult',
              requires: ['target_agency', 'comment'],
            }),
            action('forward', 'Không cần lấy ý kiến, dự thảo giấy phép', { to: 'conclude' }),
            supplement(),
            refuse(),
            extend(),
            stop(),
            withdraw(),
          ],
        },
        {
          id: 'consult',
          name: 'Cơ quan được hỏi ý kiến trả lời',
          role: 'specialist',
          agency: { kind: 'transfer_target' },
          share: 12,
          dossierStatus: 'transferred',
          actions: [
            action('return_transfer', 'Gửi văn bản trả lời', { to: 'conclude', requires: ['comment'] }),
            supplement(),
          ],
        },
        {
          id: 'conclude',
          name: 'Tổng hợp ý kiến, dự thảo giấy phép xây dựng',
          role: 'specialist',
          agency: { kind: 'fixed', code: a.constructionDept },
          share: 2,
          dossierStatus: 'in_progress',
          actions: [
            action('forward', 'Trình lãnh đạo Sở ký', { to: 'sign' }),
            attach(),
            refuse(),
            extend(),
            stop(),
            withdraw(),
          ],
        },
        signStep('Lãnh đạo Sở Xây dựng ký giấy phép', 1.5, 'conclude', { kind: 'fixed', code: a.constructionDept }),
        deliverStep(0.5),
      ],
    ),
    // 1.014063.json "Cấp đổi thẻ căn cước": "7 Ngày làm việc"; received by the commune police (any
    // commune, regardless of residence), competent agency the Cục Cảnh sát quản lý hành chính về
    // trật tự xã hội which produces the card: modelled as a transfer (liên thông) with return. The
    // fee (50,000 đ; 50 % until 31/12/2026 per Thông tư 64/2025/TT-BTC) is paid at the receipt.
    definition(
      {
        procedureCode: '1.014063',
        name: 'Cấp đổi thẻ căn cước',
        agencyCode: a.communePolice,
        totalTime: { unit: 'working_days', amount: 7 },
      },
      [
        receiveStep('review', 1, [components, fee]),
        {
          id: 'review',
          name: 'Thu nhận, đối chiếu Cơ sở dữ liệu quốc gia về dân cư',
          role: 'specialist',
          agency: { kind: 'receiving' },
          share: 1,
          dossierStatus: 'in_progress',
          actions: [
            action('transfer', 'Chuyển cơ quan quản lý căn cước sản xuất thẻ', {
              to: 'produce',
              requires: ['target_agency'],
            }),
            supplement(),
            refuse(),
            withdraw(),
          ],
        },
        {
          id: 'produce',
          name: 'Duyệt, sản xuất thẻ căn cước',
          role: 'specialist',
          agency: { kind: 'transfer_target' },
          share: 4,
          dossierStatus: 'transferred',
          actions: [action('return_transfer', 'Chuyển thẻ về Công an xã', { to: 'sign' }), supplement()],
        },
        {
          id: 'sign',
          name: 'Lãnh đạo Công an xã xác nhận kết quả',
          role: 'leader',
          agency: { kind: 'receiving' },
          share: 0.5,
          dossierStatus: 'awaiting_approval',
          actions: [
            action('approve', 'Xác nhận, chuyển trả thẻ', { to: 'deliver', guards: [resultAttached] }),
            attach(),
            extend(),
          ],
        },
        deliverStep(0.5),
      ],
    ),
  ];
}
