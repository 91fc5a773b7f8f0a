import { describe, expect, it } from 'vitest';
import { demoProcessDefinitions } from './demo-definitions.ts';
import { mainPath, requiredSteps } from './process.graph.ts';
import { ACTION_KINDS, type ActionSpec, type ProcessDefinition, type Step } from './process.schemas.ts';
import {
  agencyProblems,
  draftIdentityProblems,
  fixedAgencyCodes,
  PROBLEM_CODES,
  type ProblemCode,
  validateProcessDefinition,
} from './process.validate.ts';

const agencies = {
  commune: '000.00.31.H13',
  communePolice: 'CA.31.H13',
  provincePolice: 'CA.TINH.H13',
  provinceCentre: '000.00.00.H13',
  constructionDept: '000.00.09.H13',
  financeDept: '000.00.05.H13',
};

const act = (kind: ActionSpec['kind'], extra: Partial<ActionSpec> = {}): ActionSpec => ({
  kind,
  guards: [],
  requires: kind === 'refuse' || kind === 'stop' || kind === 'request_supplement' ? ['reason'] : [],
  label: kind,
  ...extra,
});

/** A small valid process: receive → review → sign → deliver, with a transfer from review. */
function base(): ProcessDefinition {
  return {
    id: 'test-process',
    procedureCode: '1.001193',
    name: 'Thủ tục thử',
    agencyCode: '000.00.31.H13',
    version: 1,
    effectiveFrom: '2025-07-01',
    effectiveTo: null,
    status: 'published',
    totalTime: { unit: 'working_days', amount: 5 },
    cutoff: '15:00',
    startStep: 'receive',
    steps: [
      {
        id: 'receive',
        name: 'Tiếp nhận',
        role: 'one_stop_officer',
        agency: { kind: 'receiving' },
        share: 1,
        dossierStatus: 'received',
        actions: [act('accept', { to: 'review' }), act('refuse')],
      },
      {
        id: 'review',
        name: 'Thẩm định',
        role: 'specialist',
        agency: { kind: 'receiving' },
        share: 2,
        dossierStatus: 'in_progress',
        actions: [
          act('transfer', { to: 'other', requires: ['target_agency'] }),
          act('forward', { to: 'sign' }),
          act('request_supplement'),
        ],
      },
      {
        id: 'other',
        name: 'Cơ quan liên thông xử lý',
        role: 'specialist',
        agency: { kind: 'transfer_target' },
        share: 2,
        dossierStatus: 'transferred',
        actions: [act('return_transfer', { to: 'sign' })],
      },
      {
        id: 'sign',
        name: 'Lãnh đạo ký',
        role: 'leader',
        agency: { kind: 'fixed', code: '000.00.09.H13' },
        share: 1,
        dossierStatus: 'awaiting_approval',
        actions: [act('approve', { to: 'deliver' }), act('send_back', { to: 'review' })],
      },
      {
        id: 'deliver',
        name: 'Trả kết quả',
        role: 'one_stop_officer',
        agency: { kind: 'receiving' },
        share: 1,
        dossierStatus: 'result_ready',
        actions: [act('return_result')],
      },
    ],
  };
}

function with_(change: (d: ProcessDefinition) => void): ProcessDefinition {
  const d = structuredClone(base());
  change(d);
  return d;
}

const step = (d: ProcessDefinition, id: string): Step => d.steps.find((s) => s.id === id)!;

function problems(def: unknown) {
  const r = validateProcessDefinition(def);
  return r.ok ? [] : r.problems;
}

function expectProblem(def: unknown, code: ProblemCode, path: string) {
  const found = problems(def);
  expect(found.map((p) => `${p.code} ${p.path}`)).toContain(`${code} ${path}`);
  const p = found.find((x) => x.code === code && x.path === path)!;
  // Vietnamese, human-readable messages.
  expect(p.message.length).toBeGreaterThan(10);
  expect(p.message).toMatch(/[àáảãạăâđèéêìíòóôơùúưỳý]/i);
}

describe('validateProcessDefinition', () => {
  it('accepts a well-formed process with a transfer and a return path', () => {
    const r = validateProcessDefinition(base());
    expect(r).toEqual({ ok: true, definition: base() });
    expect(mainPath(base())).toEqual(['receive', 'review', 'other', 'sign', 'deliver']);
    // "other" can be bypassed (review → sign), the rest cannot.
    expect(requiredSteps(base())).toEqual(['receive', 'review', 'sign', 'deliver']);
  });

  it('accepts every demo definition (at least 8, real procedure codes)', () => {
    const defs = demoProcessDefinitions(agencies);
    expect(defs.length).toBeGreaterThanOrEqual(8);
    for (const d of defs) {
      const r = validateProcessDefinition(d);
      expect(r.ok ? [] : r.problems, d.procedureCode).toEqual([]);
    }
    expect(new Set(defs.map((d) => d.id)).size).toBe(defs.length);
  });

  it('reports shape problems with JSON pointers and stops there', () => {
    const top = with_((x) => {
      (x as Record<string, unknown>)['extra'] = 1;
      x.cutoff = '25:00';
      x.effectiveFrom = '2025-02-30';
      delete (x as Partial<ProcessDefinition>).name;
    });
    const found = problems(top);
    expect(found.every((p) => p.code === 'SCHEMA')).toBe(true);
    const paths = found.map((p) => p.path);
    expect(paths).toContain('/cutoff');
    expect(paths).toContain('/effectiveFrom');
    expect(found.find((p) => p.path === '' && p.message.includes('«name»'))).toBeDefined();
    expect(found.find((p) => p.path === '' && p.message.includes('«extra»'))).toBeDefined();
    const nested = with_((x) => {
      x.steps[1]!.role = 'boss' as Step['role'];
      x.steps[2]!.actions[0]!.guards = [{ kind: 'identity_level', min: 3 as 2 }];
      // A shape problem hides the graph problems (they assume a well-formed definition).
      x.startStep = 'nowhere';
    });
    const nestedProblems = problems(nested);
    expect(nestedProblems).toContainEqual({
      code: 'SCHEMA',
      path: '/steps/1/role',
      message: 'Giá trị phải là một trong: «one_stop_officer», «specialist», «leader», «clerk».',
    });
    expect(nestedProblems.every((p) => p.code === 'SCHEMA')).toBe(true);
    const guard = with_((x) => {
      x.steps[2]!.actions[0]!.guards = [{ kind: 'identity_level', min: 3 as 2 }];
    });
    expect(problems(guard)).toEqual([
      { code: 'SCHEMA', path: '/steps/2/actions/0/guards/0', message: 'Giá trị không khớp với kiểu nào cho phép.' },
    ]);
    expect(problems(null)[0]!.code).toBe('SCHEMA');
    expect(problems({ ...base(), steps: [] }).map((p) => p.path)).toContain('/steps');
  });

  it('every action kind in ACTION_KINDS is accepted by the schema', () => {
    for (const kind of ACTION_KINDS) {
      const d = with_((x) => {
        step(x, 'review').actions.push(act(kind, { requires: ['reason', 'new_due_date', 'result_file'] }));
      });
      expect(problems(d).filter((p) => p.code === 'SCHEMA')).toEqual([]);
    }
  });

  const cases: [ProblemCode, string, (d: ProcessDefinition) => void][] = [
    ['DUPLICATE_STEP_ID', '/steps/4/id', (d) => (d.steps[4]!.id = 'sign')],
    ['UNKNOWN_START_STEP', '/startStep', (d) => (d.startStep = 'nowhere')],
    ['UNKNOWN_TARGET_STEP', '/steps/3/actions/0/to', (d) => (d.steps[3]!.actions[0]!.to = 'nowhere')],
    ['TARGET_REQUIRED', '/steps/1/actions/1', (d) => delete d.steps[1]!.actions[1]!.to],
    ['TARGET_FORBIDDEN', '/steps/4/actions/0/to', (d) => (d.steps[4]!.actions[0]!.to = 'receive')],
    ['SELF_LOOP', '/steps/1/actions/1/to', (d) => (d.steps[1]!.actions[1]!.to = 'review')],
    ['DUPLICATE_ACTION', '/steps/1/actions/3', (d) => d.steps[1]!.actions.push(act('forward', { to: 'sign' }))],
    [
      'DUPLICATE_GUARD',
      '/steps/0/actions/0/guards',
      (d) => (d.steps[0]!.actions[0]!.guards = [{ kind: 'fee_paid' }, { kind: 'fee_paid' }]),
    ],
    [
      'DUPLICATE_REQUIREMENT',
      '/steps/3/actions/1/requires',
      (d) => (d.steps[3]!.actions[1]!.requires = ['comment', 'comment']),
    ],
    ['MISSING_REQUIREMENT', '/steps/0/actions/1/requires', (d) => (d.steps[0]!.actions[1]!.requires = [])],
    ['MISSING_REQUIREMENT', '/steps/1/actions/0/requires', (d) => (d.steps[1]!.actions[0]!.requires = [])],
    ['ACCEPT_NOT_AT_START', '/steps/1/actions/3', (d) => d.steps[1]!.actions.push(act('accept'))],
    ['START_WITHOUT_ACCEPT', '/steps/0/actions', (d) => (d.steps[0]!.actions[0]!.kind = 'forward')],
    ['START_NOT_RECEIVING', '/steps/0/agency', (d) => (d.steps[0]!.agency = { kind: 'fixed', code: 'X' })],
    [
      'TRANSFER_TARGET_NOT_EXTERNAL',
      '/steps/1/actions/0/to',
      (d) => {
        d.steps[1]!.actions[0]!.to = 'sign';
      },
    ],
    [
      'TRANSFER_NESTED',
      '/steps/2/actions/1',
      (d) => d.steps[2]!.actions.push(act('transfer', { to: 'other', requires: ['target_agency'] })),
    ],
    ['TRANSFER_WITHOUT_RETURN', '/steps/1/actions/0', (d) => (d.steps[2]!.actions = [act('refuse')])],
    [
      'RETURN_TRANSFER_OUTSIDE_TRANSFER',
      '/steps/3/actions/2',
      (d) => d.steps[3]!.actions.push(act('return_transfer', { to: 'deliver' })),
    ],
    [
      'RETURN_TRANSFER_TO_EXTERNAL',
      '/steps/2/actions/1/to',
      (d) => d.steps[2]!.actions.push(act('return_transfer', { to: 'other' })),
    ],
    ['CROSSES_AGENCY_BOUNDARY', '/steps/1/actions/1/to', (d) => (d.steps[1]!.actions[1]!.to = 'other')],
    [
      'CROSSES_AGENCY_BOUNDARY',
      '/steps/2/actions/1/to',
      (d) => d.steps[2]!.actions.push(act('forward', { to: 'sign' })),
    ],
    ['RESULT_RETURNED_BY_OTHER_AGENCY', '/steps/2/actions/1', (d) => d.steps[2]!.actions.push(act('return_result'))],
    ['TRANSFER_STATUS_MISMATCH', '/steps/2/dossierStatus', (d) => (d.steps[2]!.dossierStatus = 'in_progress')],
    ['TRANSFER_STATUS_MISMATCH', '/steps/1/dossierStatus', (d) => (d.steps[1]!.dossierStatus = 'transferred')],
    ['SHARE_NOT_POSITIVE', '/steps/1/share', (d) => (d.steps[1]!.share = 0)],
    ['SHARE_NOT_POSITIVE', '/steps/2/share', (d) => (d.steps[2]!.share = -1)],
    ['STEP_WITHOUT_ACTIONS', '/steps/3/actions', (d) => (d.steps[3]!.actions = [])],
    [
      'UNREACHABLE_STEP',
      '/steps/5',
      (d) => d.steps.push({ ...structuredClone(d.steps[4]!), id: 'orphan', name: 'Bước mồ côi' }),
    ],
    [
      'NO_PATH_TO_RETURN',
      '/startStep',
      (d) => {
        d.steps[4]!.actions = [act('refuse')];
      },
    ],
    [
      'DEAD_END',
      '/steps/3',
      (d) => {
        // sign and review only point at each other and extend in place: no way out.
        d.steps[3]!.actions = [act('send_back', { to: 'review' })];
        d.steps[1]!.actions = [act('forward', { to: 'sign' }), act('extend', { requires: ['new_due_date', 'reason'] })];
      },
    ],
    ['TOTAL_TIME_NOT_WHOLE_DAYS', '/totalTime/amount', (d) => (d.totalTime = { unit: 'working_days', amount: 1.5 })],
    ['TOTAL_TIME_NOT_POSITIVE', '/totalTime/amount', (d) => (d.totalTime = { unit: 'working_hours', amount: 0 })],
    ['EFFECTIVE_RANGE', '/effectiveTo', (d) => (d.effectiveTo = '2025-06-30')],
  ];

  it.each(cases)('reports %s at %s', (code, path, change) => {
    expectProblem(with_(change), code, path);
  });

  it('has a test case for every problem code', () => {
    // UNKNOWN_AGENCY and DRAFT_IDENTITY_CHANGED need facts from outside the definition: tested below.
    const tested = new Set<string>(['SCHEMA', 'UNKNOWN_AGENCY', 'DRAFT_IDENTITY_CHANGED', ...cases.map((c) => c[0])]);
    expect(PROBLEM_CODES.filter((c) => !tested.has(c))).toEqual([]);
  });

  it('the base passes, so every case fails only because of its change', () => {
    expect(problems(base())).toEqual([]);
  });
});

describe('checks that need facts from outside the definition', () => {
  it('reports a fixed agency the catalogue does not have, at the step', () => {
    const d = base();
    d.steps[1]!.agency = { kind: 'fixed', code: '000.00.09.H13' };
    d.steps[2]!.agency = { kind: 'fixed', code: '000.00.99.H13' };
    expect(fixedAgencyCodes(d)).toEqual(['000.00.09.H13', '000.00.99.H13']);
    expect(agencyProblems(d, new Set(['000.00.09.H13']))).toEqual([
      {
        code: 'UNKNOWN_AGENCY',
        path: '/steps/2/agency',
        message: `Cơ quan «000.00.99.H13» của bước «${d.steps[2]!.name}» không có trong danh mục cơ quan.`,
      },
    ]);
    expect(agencyProblems(d, new Set(['000.00.09.H13', '000.00.99.H13']))).toEqual([]);
  });

  it('a draft edited in place keeps its id, version, procedure, agency and status', () => {
    const stored: ProcessDefinition = { ...base(), status: 'draft' };
    expect(draftIdentityProblems(stored, { ...stored, steps: [...stored.steps].reverse() })).toEqual([]);
    const moved = { ...stored, version: 2, agencyCode: 'scope:commune', status: 'published' as const };
    const found = draftIdentityProblems(stored, moved);
    expect(found.map((p) => [p.code, p.path])).toEqual([
      ['DRAFT_IDENTITY_CHANGED', '/version'],
      ['DRAFT_IDENTITY_CHANGED', '/agencyCode'],
      ['DRAFT_IDENTITY_CHANGED', '/status'],
    ]);
    expect(found[0]!.message).toBe(
      'Số phiên bản của bản nháp không được thay đổi (đang là «1»); hãy tạo quy trình hoặc phiên bản mới.',
    );
  });
});
