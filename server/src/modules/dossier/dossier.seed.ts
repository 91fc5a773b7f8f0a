/**
 * Demo data of the dossier module (never in production): the demo process definitions for the
 * demo agency tree, and a few hundred dossiers in every state, driven through the real service —
 * every dossier has its code, history, audit rows, events and deadline jobs, exactly as if
 * officials had handled it.
 *
 * Agencies (catalog's demo tree, level-1 code H99): commune procedures are published once for
 * every commune ("scope:commune") and received by the commune People's Committees; the demo tree
 * has no police agencies (the police are not under the People's Committee), so the two commune
 * police procedures are received by the communes too and the criminal-record certificate by the
 * Department of Justice (which issued it before the 2025 reorganisation); the construction permit
 * is received by the city's public administration service centre and decided by the Department
 * of Construction; private-enterprise registration by the Department of Finance.
 *
 * Actors: every step is done by, and every dossier assigned to, a real demo account the identity
 * module gives for the step's role and agency (demoOfficialFor: a listed demo official whose grant
 * covers the agency — motcua.demo at the service centre, lanhdao.demo and vanthu.demo at the
 * Department of Justice — or an account `<role>.<agency code>` made for it, with the demo
 * password), so the handlers named on queues and dashboards can sign in. Without the identity
 * module (a dossier-only test app) the seed falls back to placeholder ids `demo:<role>:<agency>`.
 * The demo citizen owns a share of the online submissions.
 */
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import { demoOfficialFor, type IdentityApi, type Principal } from '../identity/index.ts';
import { type DemoAgencyCodes, demoProcessDefinitions, type ProcessDefinition, type StepRole } from './domain/index.ts';
import { demoFormData } from './eforms/index.ts';
import type { DossierApi } from './index.ts';

/** The demo result document: a minimal valid PDF (the file store sniffs the type). */
const DEMO_RESULT_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n',
);

export const DEMO_DOSSIER_AGENCIES = {
  provinceCentre: '000.01.01.H99',
  justiceDept: '000.00.03.H99',
  financeDept: '000.00.04.H99',
  constructionDept: '000.00.07.H99',
  healthDept: '000.00.11.H99',
} as const;

export const DEMO_DEFINITION_AGENCIES: DemoAgencyCodes = {
  commune: 'scope:commune',
  communePolice: 'scope:commune',
  provincePolice: DEMO_DOSSIER_AGENCIES.justiceDept,
  provinceCentre: DEMO_DOSSIER_AGENCIES.provinceCentre,
  constructionDept: DEMO_DOSSIER_AGENCIES.constructionDept,
  financeDept: DEMO_DOSSIER_AGENCIES.financeDept,
};

type Target =
  | 'submitted'
  | 'in_progress'
  | 'pending_supplement'
  | 'transferred'
  | 'awaiting_approval'
  | 'result_ready'
  | 'returned'
  | 'refused'
  | 'withdrawn'
  | 'stopped';
const TARGETS: Target[] = [
  'submitted',
  'in_progress',
  'pending_supplement',
  'transferred',
  'awaiting_approval',
  'result_ready',
  'returned',
  'refused',
  'withdrawn',
  'stopped',
];

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Huỳnh', 'Hoàng', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Minh', 'Ngọc', 'Hữu', 'Thanh'];
const GIVEN = [
  'An',
  'Bình',
  'Cường',
  'Dung',
  'Giang',
  'Hạnh',
  'Khoa',
  'Lan',
  'Mai',
  'Nam',
  'Phúc',
  'Quyên',
  'Sơn',
  'Thảo',
  'Uyên',
  'Vy',
];

/** Who acts for a role at an agency: a real demo account, or a placeholder without identity. */
type Officials = (role: StepRole, agency: string) => Promise<Principal>;

function placeholder(role: StepRole, agency: string): Principal {
  return {
    accountId: `demo:${role}:${agency}`,
    kind: 'official',
    name: `Cán bộ mẫu (${role}, ${agency})`,
    agencyCode: agency,
    roles: [{ role, agencyCode: agency }],
    acr: null,
    sessionId: 'seed',
  };
}

/** Demo officials through the identity module's door; the placeholder where it has none. */
export function demoOfficials(identity: IdentityApi | undefined): Officials {
  return async (role, agency) =>
    (identity ? await demoOfficialFor(identity, role, agency) : null) ?? placeholder(role, agency);
}

export async function seedDemoDossiers(
  api: DossierApi,
  ctx: ModuleContext,
  deps: { catalog?: CatalogApi; identity?: IdentityApi; citizenAccountId?: string | null } = {},
): Promise<void> {
  if (!ctx.config.demo) return;
  const official = demoOfficials(deps.identity);
  const catalog = deps.catalog;
  const existing = await api.listDefinitions({});
  const have = new Set(existing.map((r) => `${r.id}@${r.version}`));
  const defs = demoProcessDefinitions(DEMO_DEFINITION_AGENCIES);
  for (const def of defs) if (!have.has(`${def.id}@${def.version}`)) await api.saveDefinition('system', def);
  if (!catalog) return;
  const communes = await catalog.listAgencies({ kind: 'commune_committee', limit: 3 });
  if (communes.items.length === 0 || !(await catalog.getAgency(DEMO_DOSSIER_AGENCIES.provinceCentre))) {
    ctx.logger.warn('bỏ qua hồ sơ mẫu: chưa có cây cơ quan mẫu trong danh mục');
    return;
  }
  const counts = await countDossiers(ctx);
  if (counts > 0) return; // seeded already
  const started = performance.now();
  let made = 0;
  let failures = 0;
  for (const [di, def] of defs.entries()) {
    const agencies = def.agencyCode === 'scope:commune' ? communes.items.map((a) => a.code) : [def.agencyCode];
    for (let i = 0; i < 28; i++) {
      const target = TARGETS[(i + di) % TARGETS.length]!;
      const agency = agencies[i % agencies.length]!;
      try {
        await driveOne(api, official, def, agency, target, i + di * 100, deps.citizenAccountId ?? null);
        made++;
      } catch (err) {
        failures++;
        if (failures <= 3) ctx.logger.warn({ err, procedure: def.procedureCode, target }, 'hồ sơ mẫu không tạo được');
      }
    }
  }
  ctx.logger.info({ made, failures, ms: Math.round(performance.now() - started) }, 'đã tạo hồ sơ mẫu');
}

async function countDossiers(ctx: ModuleContext): Promise<number> {
  const { sql } = await import('kysely');
  const r = await sql<{ n: number }>`select count(*)::int8 as n from dossier.dossier`.execute(ctx.db);
  return r.rows[0]!.n;
}

async function driveOne(
  api: DossierApi,
  official: Officials,
  def: ProcessDefinition,
  agency: string,
  target: Target,
  n: number,
  citizenId: string | null,
): Promise<void> {
  const name = `${FAMILY[n % FAMILY.length]} ${MIDDLE[n % MIDDLE.length]} ${GIVEN[(n * 7) % GIVEN.length]}`;
  const idNumber = `0920${String(90_000_000 + n * 7919).padStart(8, '0')}`;
  const phone = `09${String(10_000_000 + n * 104_729).slice(-8)}`;
  const desk = await official('one_stop_officer', agency);
  const online = citizenId !== null && def.procedureCode === '1.001193' && n % 2 === 0;
  const submitter: Principal = online
    ? {
        accountId: citizenId!,
        kind: 'citizen',
        name,
        agencyCode: null,
        roles: [{ role: 'citizen', agencyCode: null }],
        acr: null,
        sessionId: 'seed',
      }
    : desk;
  const created = await api.submit(submitter, {
    procedureCode: def.procedureCode,
    agencyCode: agency,
    applicant: { kind: 'citizen', name, idNumber, phone, address: 'Thành phố Cần Thơ' },
    // A complete e-form: submissions of procedures with one are validated fully.
    formData: demoFormData(def.procedureCode, { name, idNumber, phone }, n) ?? {},
  });
  let d = created.body;
  if (target === 'submitted') return;
  if (target === 'withdrawn') {
    if (online) await api.act(submitter, d.id, { kind: 'withdraw', reason: 'Người nộp đề nghị rút hồ sơ' });
    else await api.act(desk, d.id, { kind: 'refuse', reason: 'Hồ sơ không thuộc thẩm quyền giải quyết' });
    return;
  }
  if (target === 'refused') {
    await api.act(desk, d.id, { kind: 'refuse', reason: 'Hồ sơ không đủ điều kiện theo quy định' });
    return;
  }
  const steps = new Map(def.steps.map((s) => [s.id, s]));
  const agencyOf = (stepId: string, current: string) => {
    const s = steps.get(stepId)!;
    return s.agency.kind === 'fixed'
      ? s.agency.code
      : s.agency.kind === 'transfer_target'
        ? DEMO_DOSSIER_AGENCIES.healthDept
        : current === ''
          ? agency
          : agency;
  };
  for (let guard = 0; guard < 20; guard++) {
    const step = steps.get(d.stepId)!;
    const who = await official(step.role, d.handlingAgency);
    const view = await api.peek(who, d.id);
    const kinds = view.availableActions.map((a) => a.kind);
    if (d.status === target) return;
    if (target === 'pending_supplement' && d.receivedAt !== null && kinds.includes('request_supplement')) {
      await api.act(who, d.id, { kind: 'request_supplement', reason: 'Đề nghị bổ sung bản sao giấy tờ tùy thân' });
      return;
    }
    if (target === 'stopped' && kinds.includes('stop')) {
      await api.act(who, d.id, { kind: 'stop', reason: 'Người nộp không bổ sung hồ sơ đúng hạn' });
      return;
    }
    if (target === 'in_progress' && d.status === 'in_progress') return;
    let action: Record<string, unknown>;
    const find = (k: string) => view.availableActions.find((a) => a.kind === k);
    if (find('return_result')) action = { kind: 'return_result' };
    else if (find('accept')) action = { kind: 'accept' };
    else if (!view.resultFileIds.length && find('attach_result')) {
      // The result is a stored document uploaded by the handler (attach_result accepts nothing else).
      const file = await api.uploadResult(who, d.id, DEMO_RESULT_PDF, { fileName: `ket-qua-${d.code}.pdf` });
      action = { kind: 'attach_result', resultFileIds: [file.fileId] };
    } else if (find('return_transfer')) action = { kind: 'return_transfer', comment: 'Đã có ý kiến' };
    else if (find('transfer'))
      action = { kind: 'transfer', targetAgency: DEMO_DOSSIER_AGENCIES.healthDept, comment: 'Đề nghị cho ý kiến' };
    else if (find('approve')) action = { kind: 'approve' };
    else if (find('forward')) action = { kind: 'forward', to: find('forward')!.to };
    else return; // nowhere to go: leave it where it is
    const next =
      (action['to'] as string | undefined) ?? view.availableActions.find((a) => a.kind === action['kind'])?.to ?? null;
    if (
      next &&
      steps.get(next) &&
      steps.get(next)!.agency.kind !== 'transfer_target' &&
      action['kind'] !== 'return_transfer'
    ) {
      action['nextHandler'] = (await official(steps.get(next)!.role, agencyOf(next, d.handlingAgency))).accountId;
    }
    if (find('forward') && action['kind'] === 'forward' && view.fees.some((f) => f.status === 'unpaid')) {
      const start = await api.payments.start(desk, d.id);
      await api.payments.callback(await api.payments.simulate(start.paymentId, 'success'));
    }
    try {
      d = await api.act(who, d.id, action as never);
    } catch (err) {
      if ((err as { code?: string }).code === 'DOSSIER_FEE_NOT_PAID') {
        const start = await api.payments.start(desk, d.id);
        await api.payments.callback(await api.payments.simulate(start.paymentId, 'success'));
        d = await api.act(who, d.id, action as never);
      } else throw err;
    }
  }
}
