/**
 * Dossier statuses, their Vietnamese labels, and the forms of Thông tư 03/2025/TT-VPCP they
 * produce. Forms are keyed by a stable id (DOMAIN.md: "key templates by a stable id plus version,
 * not by number"); the number is only what is printed today.
 */

export const DOSSIER_STATUSES = [
  'draft',
  'submitted',
  'received',
  'in_progress',
  'pending_supplement',
  'transferred',
  'awaiting_approval',
  'approved',
  'result_ready',
  'returned',
  'refused',
  'stopped',
  'withdrawn',
] as const;
export type DossierStatus = (typeof DOSSIER_STATUSES)[number];

/** Stable ids of the one-stop forms; `number` is their number under Thông tư 03/2025/TT-VPCP. */
export const DOSSIER_FORMS = {
  receipt: { number: '01', name: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả' },
  supplement_request: { number: '02', name: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ' },
  refusal: { number: '03', name: 'Phiếu từ chối tiếp nhận, giải quyết hồ sơ' },
  apology_extension: { number: '04', name: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả' },
  stop_notice: { number: '05', name: 'Thông báo dừng giải quyết hồ sơ' },
  control_sheet: { number: '06', name: 'Phiếu kiểm soát quá trình giải quyết hồ sơ' },
  register: { number: '07', name: 'Sổ theo dõi hồ sơ' },
} as const;
export type DossierFormId = keyof typeof DOSSIER_FORMS;

export type StatusInfo = {
  readonly label: string;
  readonly description: string;
  /** The dossier will not change any more. */
  readonly terminal: boolean;
  /** The processing clock runs in this status (once the dossier has been received). */
  readonly clockRuns: boolean;
  /** The form issued when a dossier enters this status, if any. */
  readonly form: DossierFormId | null;
};

export const STATUS_INFO: Readonly<Record<DossierStatus, StatusInfo>> = {
  draft: {
    label: 'Bản nháp',
    description: 'Người nộp đang soạn hồ sơ trực tuyến, chưa gửi.',
    terminal: false,
    clockRuns: false,
    form: null,
  },
  submitted: {
    label: 'Chờ tiếp nhận',
    description: 'Hồ sơ đã nộp (trực tuyến/bưu chính), Bộ phận Một cửa chưa kiểm tra; thời hạn chưa bắt đầu.',
    terminal: false,
    clockRuns: false,
    form: null,
  },
  received: {
    label: 'Đã tiếp nhận',
    description: 'Hồ sơ đầy đủ, hợp lệ đã được tiếp nhận và hẹn trả kết quả; thời hạn bắt đầu tính.',
    terminal: false,
    clockRuns: true,
    form: 'receipt',
  },
  in_progress: {
    label: 'Đang giải quyết',
    description: 'Hồ sơ đang được thẩm định, xử lý.',
    terminal: false,
    clockRuns: true,
    form: null,
  },
  pending_supplement: {
    label: 'Chờ bổ sung',
    description: 'Đã yêu cầu người nộp bổ sung, hoàn thiện hồ sơ; thời hạn tạm dừng cho đến khi nhận đủ bổ sung.',
    terminal: false,
    clockRuns: false,
    form: 'supplement_request',
  },
  transferred: {
    label: 'Đang liên thông',
    description: 'Hồ sơ được chuyển đến cơ quan khác giải quyết liên thông, có thời hạn riêng và phải được trả về.',
    terminal: false,
    clockRuns: true,
    form: null,
  },
  awaiting_approval: {
    label: 'Chờ phê duyệt',
    description: 'Kết quả thẩm định đã trình lãnh đạo, chờ ký duyệt.',
    terminal: false,
    clockRuns: true,
    form: null,
  },
  approved: {
    label: 'Đã phê duyệt',
    description: 'Lãnh đạo đã ký duyệt; chờ phát hành kết quả.',
    terminal: false,
    clockRuns: true,
    form: null,
  },
  result_ready: {
    label: 'Có kết quả, chờ trả',
    description: 'Kết quả đã chuyển về Bộ phận Một cửa, chờ trả cho người nộp; hồ sơ được tính là đã giải quyết.',
    terminal: false,
    clockRuns: false,
    form: null,
  },
  returned: {
    label: 'Đã trả kết quả',
    description: 'Kết quả đã được trả trực tiếp, trực tuyến hoặc qua bưu chính.',
    terminal: true,
    clockRuns: false,
    form: null,
  },
  refused: {
    label: 'Từ chối',
    description: 'Từ chối tiếp nhận hoặc giải quyết, có nêu lý do.',
    terminal: true,
    clockRuns: false,
    form: 'refusal',
  },
  stopped: {
    label: 'Dừng giải quyết',
    description: 'Dừng giải quyết hồ sơ (ví dụ người nộp không bổ sung đúng hạn), có thông báo nêu lý do.',
    terminal: true,
    clockRuns: false,
    form: 'stop_notice',
  },
  withdrawn: {
    label: 'Đã rút hồ sơ',
    description: 'Người nộp rút hồ sơ trước khi có kết quả.',
    terminal: true,
    clockRuns: false,
    form: null,
  },
};

export function isTerminalStatus(status: DossierStatus): boolean {
  return STATUS_INFO[status].terminal;
}
