/**
 * The Vietnamese names of process actions (as process.schemas.ts ACTION_LABELS on the server).
 * Kept without imports so that pure helpers (process.problems.ts) and their tests need no DOM.
 */
export const ACTION_LABELS: Record<string, string> = {
  accept: 'Tiếp nhận hồ sơ',
  forward: 'Chuyển bước tiếp theo',
  send_back: 'Trả lại bước trước',
  request_supplement: 'Yêu cầu bổ sung hồ sơ',
  refuse: 'Từ chối giải quyết',
  approve: 'Phê duyệt',
  transfer: 'Chuyển liên thông',
  return_transfer: 'Trả kết quả liên thông',
  attach_result: 'Đính kèm kết quả',
  return_result: 'Trả kết quả',
  stop: 'Dừng giải quyết',
  extend: 'Xin lỗi và gia hạn',
  withdraw: 'Rút hồ sơ',
};
