/**
 * Validation of a process definition on save: first its shape (typebox schema), then the rules a
 * shape cannot express. Every problem has a stable code, a JSON pointer (RFC 6901) to the offending
 * value and a Vietnamese message for the administrator who edits the process.
 */
import { Value } from 'typebox/value';
import {
  isTransferTarget,
  mainPath,
  reachableFrom,
  stepMap,
  stepsReachingTerminal,
  transferSegment,
} from './process.graph.ts';
import {
  ACTION_LABELS,
  IN_PLACE_ACTIONS,
  MANDATORY_REQUIREMENTS,
  MOVING_ACTIONS,
  ProcessDefinition,
  type ProcessDefinition as ProcessDefinitionType,
  TERMINAL_ACTIONS,
} from './process.schemas.ts';

export const PROBLEM_CODES = [
  'SCHEMA',
  'DUPLICATE_STEP_ID',
  'UNKNOWN_START_STEP',
  'UNKNOWN_TARGET_STEP',
  'TARGET_REQUIRED',
  'TARGET_FORBIDDEN',
  'SELF_LOOP',
  'DUPLICATE_ACTION',
  'DUPLICATE_GUARD',
  'DUPLICATE_REQUIREMENT',
  'MISSING_REQUIREMENT',
  'ACCEPT_NOT_AT_START',
  'START_WITHOUT_ACCEPT',
  'START_NOT_RECEIVING',
  'TRANSFER_TARGET_NOT_EXTERNAL',
  'TRANSFER_NESTED',
  'TRANSFER_WITHOUT_RETURN',
  'RETURN_TRANSFER_OUTSIDE_TRANSFER',
  'RETURN_TRANSFER_TO_EXTERNAL',
  'CROSSES_AGENCY_BOUNDARY',
  'RESULT_RETURNED_BY_OTHER_AGENCY',
  'TRANSFER_STATUS_MISMATCH',
  'SHARE_NOT_POSITIVE',
  'STEP_WITHOUT_ACTIONS',
  'UNREACHABLE_STEP',
  'NO_PATH_TO_RETURN',
  'DEAD_END',
  'TOTAL_TIME_NOT_WHOLE_DAYS',
  'TOTAL_TIME_NOT_POSITIVE',
  'EFFECTIVE_RANGE',
  'UNKNOWN_AGENCY',
  'DRAFT_IDENTITY_CHANGED',
] as const;
export type ProblemCode = (typeof PROBLEM_CODES)[number];

export type Problem = {
  readonly code: ProblemCode;
  /** JSON pointer into the definition, e.g. "/steps/2/actions/0/to". */
  readonly path: string;
  readonly message: string;
};

export type ValidationResult = { ok: true; definition: ProcessDefinitionType } | { ok: false; problems: Problem[] };

function schemaMessage(error: { keyword: string; params: Record<string, unknown>; message: string }): string {
  const p = error.params;
  switch (error.keyword) {
    case 'required':
      return `Thiếu trường bắt buộc: ${(p['requiredProperties'] as string[]).map((x) => `«${x}»`).join(', ')}.`;
    case 'additionalProperties':
      return `Trường không được phép: ${(p['additionalProperties'] as string[]).map((x) => `«${x}»`).join(', ')}.`;
    case 'type':
      return `Sai kiểu dữ liệu (cần ${String(p['type'])}).`;
    case 'pattern':
      return 'Giá trị không đúng định dạng quy định.';
    case 'format':
      return p['format'] === 'date' ? 'Ngày không hợp lệ (cần dạng YYYY-MM-DD).' : 'Giá trị không đúng định dạng.';
    case 'anyOf':
    case 'const':
      return 'Giá trị không thuộc danh sách cho phép.';
    case 'minLength':
      return `Cần ít nhất ${String(p['limit'])} ký tự.`;
    case 'maxLength':
      return `Tối đa ${String(p['limit'])} ký tự.`;
    case 'minimum':
      return `Giá trị phải ≥ ${String(p['limit'])}.`;
    case 'maximum':
      return `Giá trị phải ≤ ${String(p['limit'])}.`;
    case 'minItems':
      return `Cần ít nhất ${String(p['limit'])} phần tử.`;
    case 'maxItems':
      return `Tối đa ${String(p['limit'])} phần tử.`;
    default:
      return `Không hợp lệ (${error.keyword}).`;
  }
}

type SchemaError = {
  keyword: string;
  schemaPath: string;
  instancePath: string;
  params: Record<string, unknown>;
  message: string;
};

/**
 * The instance location of the outermost union an error comes from, or null if the error is not
 * inside a union: the schema path up to the first "anyOf" tells how many instance segments
 * (properties/<name> or items) lead to it.
 */
function unionLocation(error: SchemaError): string | null {
  const cut = error.schemaPath.indexOf('/anyOf/');
  if (cut < 0) return null;
  const schemaSegments = error.schemaPath.slice(2, cut).split('/').filter(Boolean);
  let depth = 0;
  for (let i = 0; i < schemaSegments.length; i++) {
    if (schemaSegments[i] === 'properties') {
      depth++;
      i++;
    } else if (schemaSegments[i] === 'items') depth++;
  }
  const instance = error.instancePath.split('/').slice(1, depth + 1);
  return instance.length === 0 ? '' : `/${instance.join('/')}`;
}

/**
 * Shape problems, one per location. Errors inside a union (typebox reports each branch's failure)
 * become one problem at the union's location: the list of allowed values for a union of literals,
 * a general message otherwise.
 */
function schemaProblems(value: unknown): Problem[] {
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const errors = [...Value.Errors(ProcessDefinition, value)] as unknown as SchemaError[];
  const unions = new Map<string, SchemaError[]>();
  for (const error of errors) {
    const union = unionLocation(error);
    if (union !== null) {
      unions.set(union, [...(unions.get(union) ?? []), error]);
      continue;
    }
    // "schema is false" repeats an additionalProperties error.
    if (error.keyword === 'boolean') continue;
    const message = schemaMessage(error);
    const key = `${error.instancePath}|${message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push({ code: 'SCHEMA', path: error.instancePath, message });
  }
  for (const [path, branchErrors] of unions) {
    const literal = branchErrors.every((e) => e.keyword === 'const' && e.instancePath === path);
    const message = literal
      ? `Giá trị phải là một trong: ${branchErrors.map((e) => `«${String(e.params['allowedValue'])}»`).join(', ')}.`
      : 'Giá trị không khớp với kiểu nào cho phép.';
    problems.push({ code: 'SCHEMA', path, message });
  }
  return problems;
}

/**
 * Validates a process definition: shape first (if the shape is wrong nothing else is checked),
 * then ids, actions, transfers, shares, reachability and termination. Returns the typed definition
 * when there is no problem.
 */
export function validateProcessDefinition(value: unknown): ValidationResult {
  const shape = schemaProblems(value);
  if (shape.length > 0) return { ok: false, problems: shape };
  const def = value as ProcessDefinitionType;
  const problems: Problem[] = [];
  const add = (code: ProblemCode, path: string, message: string) => problems.push({ code, path, message });

  if (def.effectiveTo !== null && def.effectiveTo < def.effectiveFrom) {
    add('EFFECTIVE_RANGE', '/effectiveTo', 'Ngày hết hiệu lực phải không sớm hơn ngày bắt đầu hiệu lực.');
  }
  if (def.totalTime.unit === 'working_days' && !Number.isInteger(def.totalTime.amount)) {
    add(
      'TOTAL_TIME_NOT_WHOLE_DAYS',
      '/totalTime/amount',
      'Thời hạn tính theo ngày làm việc phải là số nguyên; dùng "working_hours" cho thời hạn lẻ ngày.',
    );
  }
  if (def.totalTime.unit === 'working_hours' && !(def.totalTime.amount > 0)) {
    add('TOTAL_TIME_NOT_POSITIVE', '/totalTime/amount', 'Thời hạn tính theo giờ làm việc phải lớn hơn 0.');
  }

  const firstIndex = new Map<string, number>();
  def.steps.forEach((s, i) => {
    if (firstIndex.has(s.id)) {
      add(
        'DUPLICATE_STEP_ID',
        `/steps/${i}/id`,
        `Mã bước «${s.id}» bị trùng với bước thứ ${firstIndex.get(s.id)! + 1}.`,
      );
    } else firstIndex.set(s.id, i);
  });
  const steps = stepMap(def);
  let brokenReference = false;
  if (!steps.has(def.startStep)) {
    brokenReference = true;
    add('UNKNOWN_START_STEP', '/startStep', `Bước bắt đầu «${def.startStep}» không có trong danh sách bước.`);
  }

  def.steps.forEach((step, i) => {
    const sp = `/steps/${i}`;
    if (!Number.isFinite(step.share) || step.share <= 0) {
      add('SHARE_NOT_POSITIVE', `${sp}/share`, `Tỷ trọng thời gian của bước «${step.name}» phải là số dương.`);
    }
    if (step.actions.length === 0) {
      add(
        'STEP_WITHOUT_ACTIONS',
        `${sp}/actions`,
        `Bước «${step.name}» không có thao tác nào và không phải bước kết thúc: hồ sơ sẽ bị kẹt tại đây.`,
      );
    }
    const external = isTransferTarget(step);
    if (external !== (step.dossierStatus === 'transferred')) {
      add(
        'TRANSFER_STATUS_MISMATCH',
        `${sp}/dossierStatus`,
        external
          ? `Bước «${step.name}» do cơ quan nhận liên thông thực hiện nên trạng thái hồ sơ phải là "transferred".`
          : `Trạng thái "transferred" chỉ dùng cho bước do cơ quan nhận liên thông thực hiện (bước «${step.name}»).`,
      );
    }
    const seenActions = new Set<string>();
    step.actions.forEach((action, j) => {
      const ap = `${sp}/actions/${j}`;
      const label = ACTION_LABELS[action.kind];
      const key = `${action.kind}>${action.to ?? ''}`;
      if (seenActions.has(key)) {
        add('DUPLICATE_ACTION', ap, `Thao tác «${label}» bị khai báo hai lần tại bước «${step.name}».`);
      }
      seenActions.add(key);
      if (MOVING_ACTIONS.has(action.kind) && action.to === undefined) {
        add('TARGET_REQUIRED', ap, `Thao tác «${label}» phải chỉ rõ bước đích ("to").`);
      }
      if ((TERMINAL_ACTIONS.has(action.kind) || IN_PLACE_ACTIONS.has(action.kind)) && action.to !== undefined) {
        add('TARGET_FORBIDDEN', `${ap}/to`, `Thao tác «${label}» không chuyển bước nên không được có bước đích.`);
      }
      const target = action.to === undefined ? undefined : steps.get(action.to);
      if (action.to !== undefined && target === undefined && !TERMINAL_ACTIONS.has(action.kind)) {
        brokenReference = true;
        add('UNKNOWN_TARGET_STEP', `${ap}/to`, `Bước đích «${action.to}» không có trong danh sách bước.`);
      }
      if (
        action.to === step.id &&
        (MOVING_ACTIONS.has(action.kind) || action.kind === 'accept' || action.kind === 'approve')
      ) {
        add('SELF_LOOP', `${ap}/to`, `Thao tác «${label}» chuyển hồ sơ về chính bước «${step.name}».`);
      }
      const guardKinds = action.guards.map((g) => g.kind);
      if (new Set(guardKinds).size !== guardKinds.length) {
        add('DUPLICATE_GUARD', `${ap}/guards`, `Điều kiện bị lặp trong thao tác «${label}».`);
      }
      if (new Set(action.requires).size !== action.requires.length) {
        add('DUPLICATE_REQUIREMENT', `${ap}/requires`, `Thông tin yêu cầu bị lặp trong thao tác «${label}».`);
      }
      for (const needed of MANDATORY_REQUIREMENTS[action.kind] ?? []) {
        if (!action.requires.includes(needed)) {
          add(
            'MISSING_REQUIREMENT',
            `${ap}/requires`,
            `Thao tác «${label}» phải yêu cầu nhập «${REQUIREMENT_LABELS[needed]}» (bắt buộc để lập văn bản kèm theo).`,
          );
        }
      }
      if (action.kind === 'accept' && step.id !== def.startStep) {
        add('ACCEPT_NOT_AT_START', ap, `Chỉ bước bắt đầu được có thao tác «${label}».`);
      }
      if (action.kind === 'transfer') {
        if (external) add('TRANSFER_NESTED', ap, 'Cơ quan nhận liên thông không được chuyển liên thông tiếp.');
        if (target !== undefined && !isTransferTarget(target)) {
          add(
            'TRANSFER_TARGET_NOT_EXTERNAL',
            `${ap}/to`,
            `Bước đích «${target.name}» của thao tác chuyển liên thông phải do cơ quan nhận liên thông thực hiện.`,
          );
        }
        if (target !== undefined && isTransferTarget(target)) {
          const segment = transferSegment(def, target.id);
          const returns = [...segment].some((id) => steps.get(id)!.actions.some((a) => a.kind === 'return_transfer'));
          if (!returns) {
            add(
              'TRANSFER_WITHOUT_RETURN',
              ap,
              `Sau khi chuyển liên thông đến «${target.name}», không có bước nào trả kết quả liên thông về.`,
            );
          }
        }
      } else if (action.kind === 'return_transfer') {
        if (!external) {
          add(
            'RETURN_TRANSFER_OUTSIDE_TRANSFER',
            ap,
            'Chỉ bước của cơ quan nhận liên thông được trả kết quả liên thông.',
          );
        }
        if (target !== undefined && isTransferTarget(target)) {
          add(
            'RETURN_TRANSFER_TO_EXTERNAL',
            `${ap}/to`,
            'Kết quả liên thông phải được trả về một bước của cơ quan chủ trì.',
          );
        }
      } else if (target !== undefined && isTransferTarget(target) !== external) {
        add(
          'CROSSES_AGENCY_BOUNDARY',
          `${ap}/to`,
          `Thao tác «${label}» không được đưa hồ sơ ${external ? 'ra khỏi' : 'vào'} cơ quan nhận liên thông; dùng «Chuyển liên thông» / «Trả kết quả liên thông».`,
        );
      }
      if (external && (action.kind === 'return_result' || action.kind === 'withdraw')) {
        add(
          'RESULT_RETURNED_BY_OTHER_AGENCY',
          ap,
          `Thao tác «${label}» phải do cơ quan chủ trì thực hiện qua Bộ phận Một cửa, không phải cơ quan nhận liên thông.`,
        );
      }
    });
  });

  const start = steps.get(def.startStep);
  if (start !== undefined) {
    const startIndex = firstIndex.get(start.id)!;
    if (!start.actions.some((a) => a.kind === 'accept')) {
      add(
        'START_WITHOUT_ACCEPT',
        `/steps/${startIndex}/actions`,
        `Bước bắt đầu «${start.name}» phải có thao tác «Tiếp nhận hồ sơ».`,
      );
    }
    if (start.agency.kind !== 'receiving') {
      add(
        'START_NOT_RECEIVING',
        `/steps/${startIndex}/agency`,
        'Bước bắt đầu phải do cơ quan tiếp nhận hồ sơ thực hiện (Bộ phận Một cửa, Nghị định 118/2025/NĐ-CP).',
      );
    }
  }

  if (!brokenReference) {
    const reachable = reachableFrom(def, def.startStep);
    const terminating = stepsReachingTerminal(def);
    def.steps.forEach((step, i) => {
      if (firstIndex.get(step.id) !== i) return;
      if (!reachable.has(step.id)) {
        add('UNREACHABLE_STEP', `/steps/${i}`, `Không có đường nào từ bước bắt đầu đến bước «${step.name}».`);
      } else if (step.actions.length > 0 && !terminating.has(step.id)) {
        add(
          'DEAD_END',
          `/steps/${i}`,
          `Từ bước «${step.name}» hồ sơ không thể đi đến kết thúc (trả kết quả, từ chối, dừng hoặc rút hồ sơ).`,
        );
      }
    });
    if (mainPath(def) === null) {
      add(
        'NO_PATH_TO_RETURN',
        '/startStep',
        'Không có đường chính từ bước bắt đầu đến một bước trả kết quả (theo thao tác chuyển tiếp đầu tiên của mỗi bước).',
      );
    }
  }

  return problems.length > 0 ? { ok: false, problems } : { ok: true, definition: def };
}

/**
 * Steps done by a fixed agency must name an agency of the catalogue (Quyết định 20/2020/QĐ-TTg
 * codes): a wrong code would leave the dossier with nobody to handle it. `known` holds the codes
 * the catalogue has (looked up by the caller: this module stays pure).
 */
export function agencyProblems(def: ProcessDefinitionType, known: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = [];
  def.steps.forEach((step, i) => {
    if (step.agency.kind === 'fixed' && !known.has(step.agency.code)) {
      problems.push({
        code: 'UNKNOWN_AGENCY',
        path: `/steps/${i}/agency`,
        message: `Cơ quan «${step.agency.code}» của bước «${step.name}» không có trong danh mục cơ quan.`,
      });
    }
  });
  return problems;
}

/** The fixed agency codes a definition names (to look them up in the catalogue). */
export function fixedAgencyCodes(def: ProcessDefinitionType): string[] {
  return [...new Set(def.steps.flatMap((s) => (s.agency.kind === 'fixed' ? [s.agency.code] : [])))];
}

/**
 * A draft edited in place stays the same version of the same process: its id, version, procedure,
 * receiving agency and status cannot change (another procedure or agency is another definition).
 */
export function draftIdentityProblems(
  stored: Pick<ProcessDefinitionType, 'id' | 'version' | 'procedureCode' | 'agencyCode'>,
  edited: ProcessDefinitionType,
): Problem[] {
  const problems: Problem[] = [];
  const fields = [
    ['id', 'Mã quy trình'],
    ['version', 'Số phiên bản'],
    ['procedureCode', 'Mã thủ tục'],
    ['agencyCode', 'Cơ quan áp dụng'],
  ] as const;
  for (const [field, label] of fields) {
    if (edited[field] !== stored[field]) {
      problems.push({
        code: 'DRAFT_IDENTITY_CHANGED',
        path: `/${field}`,
        message: `${label} của bản nháp không được thay đổi (đang là «${String(stored[field])}»); hãy tạo quy trình hoặc phiên bản mới.`,
      });
    }
  }
  if (edited.status !== 'draft') {
    problems.push({
      code: 'DRAFT_IDENTITY_CHANGED',
      path: '/status',
      message: 'Sửa bản nháp không đổi được tình trạng; công bố là một bước riêng.',
    });
  }
  return problems;
}

export const REQUIREMENT_LABELS = {
  comment: 'ý kiến xử lý',
  result_file: 'tệp kết quả',
  next_handler: 'người xử lý tiếp theo',
  target_agency: 'cơ quan nhận liên thông',
  new_due_date: 'ngày hẹn trả mới',
  reason: 'lý do',
} as const;
