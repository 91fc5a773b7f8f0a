/**
 * Who sees and who may act on a dossier. The rule (and the OpenCPS lesson: officers saw
 * dossiers not assigned to them): only
 *  - the applicant (the account that submitted it),
 *  - the assigned handler and the co-handlers,
 *  - leaders of the agency handling it (a grant on an agency covers its subtree),
 *  - the one-stop officers of the receiving agency (they receive it and return the result),
 *  - while it is unassigned at a step, holders of that step's role in the handling agency (the
 *    agency's queue: somebody has to be able to take it — the state machine lets a member of
 *    the handling agency take an unassigned dossier),
 * see it; for everyone else every dossier route answers 404, as if it did not exist.
 *
 * A unit inside an agency works for it: a grant on a division (phòng), a public-service unit or a
 * commune's public administration service centre also covers its parent agency's dossiers for
 * that role (Nghị định 118/2025/NĐ-CP: the commune centre receives for the commune People's
 * Committee). Leadership does not climb: a division head is not a leader of the department.
 */
import type { CatalogApi } from '../catalog/index.ts';
import type { Principal } from '../identity/index.ts';
import type { Actor, DossierState, ProcessDefinition, StepRole } from './domain/index.ts';
import { handlingAgencyOf } from './domain/index.ts';
import type { DossierRow, VisibilityFilter } from './dossier.repository.ts';

export const STEP_ROLES: readonly StepRole[] = ['one_stop_officer', 'specialist', 'leader', 'clerk'];

/** Agency kinds whose staff also work for the parent agency. */
const WORKS_FOR_PARENT = new Set(['division', 'public_service_unit', 'commune_service_centre']);

export interface RoleCoverage {
  all: boolean;
  agencies: Set<string>;
}

export interface Coverage {
  accountId: string;
  kind: Principal['kind'];
  name: string;
  /** Agencies where the caller holds each step role (own agency, subtree, parent of a unit). */
  roles: Map<StepRole, RoleCoverage>;
  /** Agencies the caller leads (grant agency and subtree only). */
  leader: RoleCoverage;
}

type Agencies = Pick<CatalogApi, 'agencySubtree' | 'getAgency'>;

const CACHE_MS = 30_000;

/** Agency lookups with a short cache: the tree changes by decree, not between two requests. */
export function agencyCache(catalog: Agencies, now: () => Date) {
  const subtrees = new Map<string, { at: number; value: string[] }>();
  const parents = new Map<string, { at: number; value: string | null }>();
  return {
    async subtree(code: string): Promise<string[]> {
      const t = now().getTime();
      const hit = subtrees.get(code);
      if (hit && t - hit.at < CACHE_MS) return hit.value;
      const value = await catalog.agencySubtree(code);
      subtrees.set(code, { at: t, value });
      return value;
    },
    /** The parent the unit works for, or null. */
    async workingParent(code: string): Promise<string | null> {
      const t = now().getTime();
      const hit = parents.get(code);
      if (hit && t - hit.at < CACHE_MS) return hit.value;
      const a = await catalog.getAgency(code);
      const value = a && WORKS_FOR_PARENT.has(a.kind) ? a.parentCode : null;
      parents.set(code, { at: t, value });
      return value;
    },
  };
}
export type AgencyCache = ReturnType<typeof agencyCache>;

export async function coverageOf(principal: Principal, agencies: AgencyCache): Promise<Coverage> {
  const roles = new Map<StepRole, RoleCoverage>();
  const leader: RoleCoverage = { all: false, agencies: new Set() };
  for (const g of principal.roles) {
    if (!(STEP_ROLES as readonly string[]).includes(g.role)) continue;
    const role = g.role as StepRole;
    const cov = roles.get(role) ?? { all: false, agencies: new Set<string>() };
    roles.set(role, cov);
    if (g.agencyCode === null) {
      cov.all = true;
      if (role === 'leader') leader.all = true;
      continue;
    }
    const subtree = await agencies.subtree(g.agencyCode);
    for (const c of subtree) cov.agencies.add(c);
    if (role === 'leader') for (const c of subtree) leader.agencies.add(c);
    const parent = await agencies.workingParent(g.agencyCode);
    if (parent !== null) cov.agencies.add(parent);
  }
  return { accountId: principal.accountId, kind: principal.kind, name: principal.name, roles, leader };
}

const covers = (c: RoleCoverage | undefined, agency: string) => c !== undefined && (c.all || c.agencies.has(agency));

/** Whether the caller may see this dossier at all (no: every route answers 404). */
export function canSee(
  row: Pick<
    DossierRow,
    'applicant_account' | 'assignee_id' | 'co_handler_ids' | 'handling_agency' | 'receiving_agency' | 'step_role'
  >,
  cov: Coverage,
): boolean {
  if (row.applicant_account !== null && row.applicant_account === cov.accountId) return true;
  if (row.assignee_id === cov.accountId) return true;
  if (row.co_handler_ids.includes(cov.accountId)) return true;
  if (covers(cov.leader, row.handling_agency)) return true;
  if (covers(cov.roles.get('one_stop_officer'), row.receiving_agency)) return true;
  if (row.assignee_id === null && covers(cov.roles.get(row.step_role as StepRole), row.handling_agency)) return true;
  return false;
}

/** The same rule as SQL-ready sets, for listing. */
export function visibilityFilter(cov: Coverage): VisibilityFilter {
  const oneStop = cov.roles.get('one_stop_officer');
  return {
    accountId: cov.accountId,
    all: cov.leader.all || oneStop?.all === true,
    leaderAgencies: [...cov.leader.agencies],
    oneStopAgencies: [...(oneStop?.agencies ?? [])],
    queue: STEP_ROLES.map((role) => ({
      role,
      all: cov.roles.get(role)?.all === true,
      agencies: [...(cov.roles.get(role)?.agencies ?? [])],
    })),
  };
}

/** The caller as the state machine sees them, relative to this dossier now. */
export function domainActor(
  state: DossierState,
  def: ProcessDefinition,
  row: Pick<DossierRow, 'applicant_account'>,
  cov: Coverage,
): Actor {
  const handling = handlingAgencyOf(state, def);
  // Applicant actions (submit at the counter, supplement) are checked against the receiving desk.
  const roles = STEP_ROLES.filter((r) => covers(cov.roles.get(r), handling));
  const atReceiving = covers(cov.roles.get('one_stop_officer'), state.receivingAgencyCode);
  return {
    id: cov.accountId,
    roles:
      atReceiving && !roles.includes('one_stop_officer') && handling === state.receivingAgencyCode
        ? [...roles, 'one_stop_officer']
        : roles,
    isAssignee: state.assigneeId === cov.accountId,
    isCoHandler: state.coHandlerIds.includes(cov.accountId),
    isLeaderOfAgency: covers(cov.leader, handling),
    isMemberOfAgency: roles.length > 0 || (atReceiving && handling === state.receivingAgencyCode),
    isApplicant: row.applicant_account !== null && row.applicant_account === cov.accountId,
  };
}

/**
 * Whether an official with this coverage can be handed the current step of a dossier handled by
 * `agency` (the `assign` action): the step's role there — a grant on the agency, on a unit under
 * it, or on a unit that works for it (a division, a commune's service centre) — or leadership of
 * it. The same rule that lets them see the dossier once it is theirs (canSee).
 */
export function canHandleStep(cov: Coverage, agency: string, role: StepRole): boolean {
  return covers(cov.roles.get(role), agency) || covers(cov.leader, agency);
}

/** The caller as an officer of the receiving desk (counter reception, provide_supplement at the desk). */
export function isReceivingOfficer(cov: Coverage, receivingAgency: string): boolean {
  return covers(cov.roles.get('one_stop_officer'), receivingAgency);
}

/**
 * Who may print an agency's register (Sổ theo dõi hồ sơ, Mẫu 07 Thông tư 03/2025/TT-VPCP):
 *  - `desk`: its one-stop officers, who keep it (Bộ phận Một cửa, Nghị định 118/2025/NĐ-CP);
 *  - `leader`: its leaders, who read it;
 *  - `admin`: a province administrator, or an agency administrator whose grant covers the agency
 *    — they export it for the agency's reports and audits (issue 7, "the register (Form 07)
 *    export to Excel" is on the administration screens), though they see no dossier otherwise;
 *  - null: anyone else (403).
 */
export async function registerAccess(
  principal: Principal,
  cov: Coverage,
  agencyCode: string,
  subtreeOfGrant: (code: string) => Promise<string[]>,
): Promise<'desk' | 'leader' | 'admin' | null> {
  if (isReceivingOfficer(cov, agencyCode)) return 'desk';
  if (covers(cov.leader, agencyCode)) return 'leader';
  for (const g of principal.roles) {
    if (g.role === 'province_admin') return 'admin';
    if (g.role === 'agency_admin' && g.agencyCode !== null && (await subtreeOfGrant(g.agencyCode)).includes(agencyCode))
      return 'admin';
  }
  return null;
}

/** Process definitions are managed by province administrators and the agency's administrators. */
export function canManageDefinitions(
  principal: Principal | null,
  agencyCode: string,
  subtreeOfGrant: (code: string) => Promise<string[]>,
): Promise<boolean> {
  if (principal === null) return Promise.resolve(false);
  return (async () => {
    for (const g of principal.roles) {
      if (g.role === 'province_admin') return true;
      if (g.role === 'agency_admin' && g.agencyCode !== null) {
        if (agencyCode.startsWith('scope:')) continue;
        if ((await subtreeOfGrant(g.agencyCode)).includes(agencyCode)) return true;
      }
    }
    return false;
  })();
}
