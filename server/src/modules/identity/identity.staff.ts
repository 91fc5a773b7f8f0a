/**
 * The staff lookup (issue 7): the officials of an agency who hold a dossier role there, for the
 * official who hands a dossier on (next handler, co-handlers) — not an administration screen, so
 * only the name, position and the roles that matter are shown, never contact data (Luật Bảo vệ dữ
 * liệu cá nhân 91/2025/QH15: no more personal data than the purpose needs).
 *
 * Who may ask: an official whose grant covers the agency (the grant's agency or a unit under it)
 * or whose grant is on a unit directly under it (a division hands up to its department's leader).
 * Officials listed: those with the role on the agency itself or on a unit that works for it — a
 * division, a public-service unit, a commune's service centre (the dossier policy's rule,
 * dossier.policy.ts: such staff handle the parent agency's dossiers).
 *
 * The provincial centre's desk: a one-stop officer of a provincial Public Administration Service
 * Centre (kind `service_centre`) may also list the officials of any agency of the same province
 * (the same root of the agency tree). Under Nghị định 118/2025/NĐ-CP the provincial centre receives
 * the dossiers of every provincial agency and hands each to the competent department, whose
 * process may ask the desk to name the department's specialist at reception (a dossier received
 * by the centre and appraised by the Department of Construction); without the list the desk would
 * have to type account ids. It is still only names, positions and roles, and only for the roles
 * a dossier can be handed to; the dossier engine checks the handler it is given anyway.
 */

import type { FastifyInstance } from 'fastify';
import { Type } from 'typebox';
import { commonErrors } from '../../platform/errors/index.ts';
import type { AgencyDirectory } from './identity.agencies.ts';
import { identityErrors } from './identity.errors.ts';
import type { IdentityRepository } from './identity.repository.ts';
import { Problem } from './identity.schemas.ts';
import type { Principal } from './identity.types.ts';

/** The dossier roles an official can be handed a dossier in (the query's short names too). */
const ROLE_ALIASES: Record<string, string> = {
  specialist: 'specialist',
  leader: 'leader',
  clerk: 'clerk',
  one_stop: 'one_stop_officer',
  one_stop_officer: 'one_stop_officer',
};
const STAFF_ROLES = ['one_stop_officer', 'specialist', 'leader', 'clerk'];
/** Unit kinds whose staff work for the parent agency (dossier.policy.ts WORKS_FOR_PARENT). */
const WORKS_FOR_PARENT = new Set(['division', 'public_service_unit', 'commune_service_centre']);

export interface StaffMember {
  id: string;
  name: string;
  position: string | null;
  agencyCode: string;
  roles: { role: string; agencyCode: string }[];
}

/** The agency kind of a provincial Public Administration Service Centre (catalog agency kinds). */
const PROVINCIAL_CENTRE = 'service_centre';

export function staffService(repo: IdentityRepository, agencies: AgencyDirectory) {
  /** The top of the agency tree above `code` (the province's People's Committee). */
  async function rootOf(code: string): Promise<string | null> {
    let current = await agencies.get(code);
    for (let depth = 0; current !== null && current.parentCode !== null && depth < 12; depth++) {
      const parent = await agencies.get(current.parentCode);
      if (parent === null) break;
      current = parent;
    }
    return current?.code ?? null;
  }

  async function mayLookUp(principal: Principal, code: string): Promise<boolean> {
    if (principal.kind !== 'official') return false;
    for (const g of principal.roles) {
      if (g.role === 'citizen') continue;
      if (g.agencyCode === null) return true; // a province-wide grant
      if (g.agencyCode === code) return true;
      if ((await agencies.subtree(g.agencyCode)).includes(code)) return true;
      const own = await agencies.get(g.agencyCode);
      if (own?.parentCode === code) return true;
      if (g.role === 'one_stop_officer' && own?.kind === PROVINCIAL_CENTRE) {
        const root = await rootOf(g.agencyCode);
        if (root !== null && root === (await rootOf(code))) return true;
      }
    }
    return false;
  }

  return {
    async officialsOf(principal: Principal, code: string, role?: string): Promise<{ items: StaffMember[] }> {
      const agency = await agencies.get(code);
      if (!agency) throw identityErrors.agencyNotFound(code);
      if (!(await mayLookUp(principal, code))) throw identityErrors.staffForbidden();
      const roles = role === undefined ? STAFF_ROLES : [ROLE_ALIASES[role]!];
      const units = [
        code,
        ...(await agencies.children(code)).filter((c) => WORKS_FOR_PARENT.has(c.kind)).map((c) => c.code),
      ];
      const rows = await repo.listStaff(units, roles);
      return {
        items: rows.map((r) => ({
          id: r.id,
          name: r.name,
          position: r.position,
          agencyCode: r.agency_code,
          roles: r.grants,
        })),
      };
    },
  };
}
export type StaffService = ReturnType<typeof staffService>;

const StaffQuery = Type.Object(
  {
    role: Type.Optional(
      Type.Union(
        Object.keys(ROLE_ALIASES).map((r) => Type.Literal(r)),
        { description: 'Chỉ cán bộ có vai trò này tại cơ quan (specialist, leader, one_stop, clerk)' },
      ),
    ),
  },
  { additionalProperties: false },
);
const StaffParams = Type.Object({ code: Type.String({ minLength: 1, maxLength: 64 }) });
const StaffList = Type.Object({
  items: Type.Array(
    Type.Object({
      id: Type.String(),
      name: Type.String(),
      position: Type.Union([Type.String(), Type.Null()]),
      agencyCode: Type.String(),
      roles: Type.Array(Type.Object({ role: Type.String(), agencyCode: Type.String() })),
    }),
  ),
});

export function staffRoutes(app: FastifyInstance, staff: StaffService): void {
  app.get(
    '/api/v1/identity/agencies/:code/officials',
    {
      config: {
        access: { roles: ['one_stop_officer', 'specialist', 'leader', 'clerk', 'agency_admin', 'province_admin'] },
      },
      schema: {
        tags: ['identity'],
        summary:
          'Cán bộ đang hoạt động của một cơ quan theo vai trò (chọn người xử lý tiếp theo, người phối hợp); cán bộ cùng cơ quan, đơn vị trực thuộc hoặc cơ quan cấp trên trực tiếp',
        params: StaffParams,
        querystring: StaffQuery,
        response: { 200: StaffList, 400: Problem, 401: Problem, 403: Problem, 404: Problem },
      },
    },
    async (request) => {
      if (!request.principal) throw commonErrors.unauthenticated();
      const { code } = request.params as { code: string };
      const { role } = request.query as { role?: string };
      return staff.officialsOf(request.principal, code, role);
    },
  );
}
