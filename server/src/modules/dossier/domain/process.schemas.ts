/**
 * Process definitions (quy trình nội bộ giải quyết TTHC) as typed data.
 *
 * Nghị định 118/2025/NĐ-CP (one-stop mechanism, replacing 61/2018) requires each agency to publish
 * an internal process for every procedure: who does what, in which order, and how much of the
 * statutory processing time each step may use. Here such a process is plain data validated by this
 * schema (shape) and by `validateProcessDefinition` (graph rules); no rule is ever a string of code.
 *
 * Vocabulary:
 *  - a STEP is a position a dossier waits in (tiếp nhận, thẩm định, phê duyệt, trả kết quả…), done
 *    by one role of one agency, with a SHARE (weight) of the total processing time;
 *  - an ACTION moves the dossier: to another step (`to`), or ends it (return_result → returned,
 *    refuse → refused, stop → stopped, withdraw → withdrawn), or changes it in place
 *    (request_supplement, attach_result, extend).
 *  - the MAIN PATH is what happens when everything goes well: from `startStep`, the first
 *    progressing action (accept/forward/transfer/return_transfer/approve with a `to`) of each step,
 *    until a step that can return the result. Step due instants are planned along it.
 */
import { type Static, Type } from 'typebox';

export const STEP_ID_PATTERN = '^[a-z][a-z0-9_]{0,39}$';

export const StepRole = Type.Union(
  [Type.Literal('one_stop_officer'), Type.Literal('specialist'), Type.Literal('leader'), Type.Literal('clerk')],
  { description: 'Vai trò thực hiện bước: cán bộ một cửa, chuyên viên, lãnh đạo, văn thư' },
);
export type StepRole = Static<typeof StepRole>;

export const StepAgency = Type.Union(
  [
    Type.Object({ kind: Type.Literal('receiving') }, { additionalProperties: false }),
    Type.Object(
      { kind: Type.Literal('fixed'), code: Type.String({ minLength: 1, maxLength: 35 }) },
      { additionalProperties: false },
    ),
    Type.Object({ kind: Type.Literal('transfer_target') }, { additionalProperties: false }),
  ],
  {
    description:
      'Cơ quan thực hiện bước: cơ quan tiếp nhận hồ sơ, một cơ quan cố định (mã định danh), hoặc cơ quan nhận liên thông (chọn khi chuyển)',
  },
);
export type StepAgency = Static<typeof StepAgency>;

/** Statuses a dossier can have while it waits at a step (see dossier.status.ts for all statuses). */
export const StepDossierStatus = Type.Union([
  Type.Literal('received'),
  Type.Literal('in_progress'),
  Type.Literal('transferred'),
  Type.Literal('awaiting_approval'),
  Type.Literal('approved'),
  Type.Literal('result_ready'),
]);
export type StepDossierStatus = Static<typeof StepDossierStatus>;

export const ACTION_KINDS = [
  'accept',
  'forward',
  'send_back',
  'request_supplement',
  'refuse',
  'approve',
  'transfer',
  'return_transfer',
  'attach_result',
  'return_result',
  'stop',
  'extend',
  'withdraw',
] as const;
export type ActionKind = (typeof ACTION_KINDS)[number];
export const ActionKindSchema = Type.Union([
  Type.Literal('accept'),
  Type.Literal('forward'),
  Type.Literal('send_back'),
  Type.Literal('request_supplement'),
  Type.Literal('refuse'),
  Type.Literal('approve'),
  Type.Literal('transfer'),
  Type.Literal('return_transfer'),
  Type.Literal('attach_result'),
  Type.Literal('return_result'),
  Type.Literal('stop'),
  Type.Literal('extend'),
  Type.Literal('withdraw'),
]);

export const REQUIREMENT_KINDS = [
  'comment',
  'result_file',
  'next_handler',
  'target_agency',
  'new_due_date',
  'reason',
] as const;
export type RequirementKind = (typeof REQUIREMENT_KINDS)[number];
export const RequirementSchema = Type.Union([
  Type.Literal('comment'),
  Type.Literal('result_file'),
  Type.Literal('next_handler'),
  Type.Literal('target_agency'),
  Type.Literal('new_due_date'),
  Type.Literal('reason'),
]);

export const Guard = Type.Union([
  Type.Object({ kind: Type.Literal('fee_paid') }, { additionalProperties: false }),
  Type.Object(
    { kind: Type.Literal('components_present'), required: Type.Literal('all_required') },
    { additionalProperties: false },
  ),
  Type.Object(
    { kind: Type.Literal('identity_level'), min: Type.Union([Type.Literal(1), Type.Literal(2)]) },
    { additionalProperties: false },
  ),
  Type.Object({ kind: Type.Literal('result_attached') }, { additionalProperties: false }),
]);
export type Guard = Static<typeof Guard>;

export const ActionSpec = Type.Object(
  {
    kind: ActionKindSchema,
    to: Type.Optional(Type.String({ pattern: STEP_ID_PATTERN, description: 'Bước đích (nếu thao tác chuyển bước)' })),
    guards: Type.Array(Guard, { maxItems: 8 }),
    requires: Type.Array(RequirementSchema, { maxItems: 6, description: 'Thông tin người thực hiện phải nhập' }),
    label: Type.String({ minLength: 1, maxLength: 120, description: 'Nhãn hiển thị (tiếng Việt)' }),
  },
  { additionalProperties: false },
);
export type ActionSpec = Static<typeof ActionSpec>;

export const Step = Type.Object(
  {
    id: Type.String({ pattern: STEP_ID_PATTERN }),
    name: Type.String({ minLength: 1, maxLength: 200, description: 'Tên bước (tiếng Việt)' }),
    role: StepRole,
    agency: StepAgency,
    share: Type.Number({ description: 'Tỷ trọng thời gian của bước trong tổng thời gian giải quyết (> 0)' }),
    dossierStatus: StepDossierStatus,
    actions: Type.Array(ActionSpec, { maxItems: 20 }),
  },
  { additionalProperties: false },
);
export type Step = Static<typeof Step>;

export const TotalTime = Type.Object(
  {
    unit: Type.Union([Type.Literal('working_days'), Type.Literal('working_hours')]),
    amount: Type.Number({ minimum: 0, maximum: 3650 }),
  },
  { additionalProperties: false },
);
export type TotalTime = Static<typeof TotalTime>;

export const AGENCY_SCOPES = ['scope:commune', 'scope:province'] as const;
export type AgencyScope = (typeof AGENCY_SCOPES)[number];

export const ProcessStatus = Type.Union([Type.Literal('draft'), Type.Literal('published'), Type.Literal('retired')]);
export type ProcessStatus = Static<typeof ProcessStatus>;

export const ProcessDefinition = Type.Object(
  {
    id: Type.String({ minLength: 1, maxLength: 100, pattern: '^[A-Za-z0-9][A-Za-z0-9._:-]*$' }),
    procedureCode: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$', description: 'Mã TTHC quốc gia, ví dụ 1.001193' }),
    name: Type.String({ minLength: 1, maxLength: 500, description: 'Tên thủ tục / quy trình (tiếng Việt)' }),
    agencyCode: Type.String({
      minLength: 1,
      maxLength: 35,
      pattern: '^(scope:(commune|province)|[A-Za-z0-9][A-Za-z0-9._-]*)$',
      description:
        'Mã cơ quan tiếp nhận (tối đa 35 ký tự, Quyết định 20/2020/QĐ-TTg), hoặc phạm vi "scope:commune" / "scope:province" cho mọi cơ quan cấp đó',
    }),
    version: Type.Integer({ minimum: 1 }),
    effectiveFrom: Type.String({ format: 'date' }),
    effectiveTo: Type.Union([Type.String({ format: 'date' }), Type.Null()], {
      description: 'Ngày cuối cùng còn hiệu lực (tính cả ngày này); null = chưa hết hiệu lực',
    }),
    status: ProcessStatus,
    totalTime: TotalTime,
    cutoff: Type.Optional(
      Type.String({
        pattern: '^([01][0-9]|2[0-3]):[0-5][0-9]$',
        description: 'Hồ sơ nhận sau giờ này được tính từ ngày làm việc tiếp theo (HH:MM)',
      }),
    ),
    steps: Type.Array(Step, { minItems: 1, maxItems: 50 }),
    startStep: Type.String({ pattern: STEP_ID_PATTERN }),
  },
  { additionalProperties: false },
);
export type ProcessDefinition = Static<typeof ProcessDefinition>;

/** Actions that move the dossier to another step: they need `to`. */
export const MOVING_ACTIONS: ReadonlySet<ActionKind> = new Set(['forward', 'send_back', 'transfer', 'return_transfer']);
/** Actions that may move (with `to`) or stay at the step (without). */
export const OPTIONALLY_MOVING_ACTIONS: ReadonlySet<ActionKind> = new Set(['accept', 'approve']);
/** Actions that end the dossier: they must not have `to`. */
export const TERMINAL_ACTIONS: ReadonlySet<ActionKind> = new Set(['return_result', 'refuse', 'stop', 'withdraw']);
/** Actions that change the dossier in place: they must not have `to`. */
export const IN_PLACE_ACTIONS: ReadonlySet<ActionKind> = new Set(['request_supplement', 'attach_result', 'extend']);

/**
 * Inputs each action must always ask for, whatever the definition says, because the form it
 * produces cannot be issued without them (Thông tư 03/2025/TT-VPCP forms; Nghị định 118/2025/NĐ-CP):
 * a refusal (Form 03) and a stop notice (Form 05) state the reason; a supplement request (Form 02)
 * states what to supply; an apology letter (Form 04) states the reason and the new appointment;
 * a transfer names the receiving agency; attaching a result needs the result file.
 */
export const MANDATORY_REQUIREMENTS: Readonly<Partial<Record<ActionKind, readonly RequirementKind[]>>> = {
  refuse: ['reason'],
  stop: ['reason'],
  request_supplement: ['reason'],
  extend: ['new_due_date', 'reason'],
  transfer: ['target_agency'],
  attach_result: ['result_file'],
};

export const ROLE_LABELS: Readonly<Record<StepRole, string>> = {
  one_stop_officer: 'Cán bộ một cửa',
  specialist: 'Chuyên viên',
  leader: 'Lãnh đạo',
  clerk: 'Văn thư',
};

export const ACTION_LABELS: Readonly<Record<ActionKind, string>> = {
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
