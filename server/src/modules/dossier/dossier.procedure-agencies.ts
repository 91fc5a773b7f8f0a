/**
 * `GET /api/v1/procedures/{code}/agencies`: where a procedure can be submitted today — the
 * agencies with a published process definition in force for it (Thông tư 01/2018/TT-VPCP art. 8:
 * each receiving agency publishes its internal process; without one a dossier cannot be routed).
 * A definition is either an agency's own or scope-wide ("scope:commune", "scope:province", the
 * same rule the submission resolves with, dossier.service.ts resolveDefinition). The agencies
 * themselves are read through the catalogue's door. The citizen wizard used to ask the
 * appointment endpoint once per candidate agency; this answers in one request.
 */

import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { Type } from 'typebox';
import { vnDate } from '../../platform/clock/index.ts';
import { ProblemResponse } from '../../platform/http/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { Agency, CatalogApi } from '../catalog/index.ts';
import type { ProcessDefinition } from './domain/index.ts';

/** The kinds that receive dossiers for a scope-wide definition (the one-stop desks and departments). */
export const SCOPE_RECEIVER_KINDS: Record<string, readonly string[]> = {
  'scope:commune': ['commune_committee'],
  'scope:province': ['service_centre', 'department'],
};

const Params = Type.Object({ code: Type.String({ pattern: '^[0-9]\\.[0-9]{6}$' }) });
const AgencyItem = Type.Object({
  code: Type.String(),
  name: Type.String(),
  kind: Type.String(),
  kindLabel: Type.String(),
  address: Type.Union([Type.String(), Type.Null()]),
  phone: Type.Union([Type.String(), Type.Null()]),
  /** 2: the applicant must sign in with a level-2 electronic identity (VNeID) to submit online. */
  minIdentityLevel: Type.Integer({ minimum: 0, maximum: 2 }),
});
const Reply = Type.Object({ items: Type.Array(AgencyItem), total: Type.Integer(), on: Type.String() });

/** Every agency of a kind in force on a date (the catalogue pages by 100). */
async function agenciesOfKind(catalog: CatalogApi, kind: string, on: string): Promise<Agency[]> {
  const out: Agency[] = [];
  for (let offset = 0; ; offset += 100) {
    const page = await catalog.listAgencies({ kind, on, limit: 100, offset });
    out.push(...page.items);
    if (page.items.length < 100 || out.length >= page.total) return out;
  }
}

export type ReceivingAgency = Agency & { minIdentityLevel: 0 | 1 | 2 };

/**
 * The electronic identity level the definition asks of an applicant (its `identity_level` guards;
 * Nghị định 69/2024/NĐ-CP art. 12: level 2 is the VNeID account checked in person). 0: none.
 */
export function minIdentityLevel(def: ProcessDefinition): 0 | 1 | 2 {
  let level = 0;
  for (const step of def.steps) {
    for (const action of step.actions ?? []) {
      for (const g of action.guards ?? []) if (g.kind === 'identity_level') level = Math.max(level, g.min);
    }
  }
  return Math.min(level, 2) as 0 | 1 | 2;
}

export async function procedureAgencies(
  ctx: ModuleContext,
  catalog: CatalogApi,
  procedureCode: string,
): Promise<{ items: ReceivingAgency[]; on: string }> {
  const on = vnDate(ctx.clock.now());
  // 404 in Vietnamese when the catalogue has no such procedure today.
  await catalog.getProcedure(procedureCode, on);
  const r = await sql<{ agency_code: string; definition: ProcessDefinition }>`
    select agency_code, definition from dossier.process_definition
    where procedure_code = ${procedureCode} and status = 'published' and effective_from <= ${on}::date
      and (effective_to is null or effective_to >= ${on}::date)
    order by effective_from desc, version desc`.execute(ctx.db);
  // The first row of an agency code is the one in force (as resolveDefinition picks it).
  const levels = new Map<string, 0 | 1 | 2>();
  for (const row of r.rows) {
    if (!levels.has(row.agency_code)) levels.set(row.agency_code, minIdentityLevel(row.definition));
  }
  const found = new Map<string, ReceivingAgency>();
  // Scope-wide first: an agency's own definition, added after, wins.
  const codes = [...levels.keys()].sort(
    (a, b) => Number(b in SCOPE_RECEIVER_KINDS) - Number(a in SCOPE_RECEIVER_KINDS),
  );
  for (const code of codes) {
    const level = levels.get(code)!;
    const kinds = SCOPE_RECEIVER_KINDS[code];
    if (kinds) {
      for (const kind of kinds) {
        for (const a of await agenciesOfKind(catalog, kind, on)) found.set(a.code, { ...a, minIdentityLevel: level });
      }
    } else {
      const a = await catalog.getAgency(code, on);
      if (a) found.set(a.code, { ...a, minIdentityLevel: level });
    }
  }
  const items = [...found.values()].sort((a, b) => a.name.localeCompare(b.name, 'vi'));
  return { items, on };
}

export function procedureAgenciesRoutes(app: FastifyInstance, ctx: ModuleContext, catalog: CatalogApi): void {
  app.get(
    '/api/v1/procedures/:code/agencies',
    {
      config: { access: 'public' },
      schema: {
        tags: ['dossier'],
        summary: 'Các cơ quan đang tiếp nhận hồ sơ của thủ tục (có quy trình nội bộ đang hiệu lực)',
        params: Params,
        response: { 200: Reply, 404: ProblemResponse },
      },
    },
    async (request, reply) => {
      const { items, on } = await procedureAgencies(ctx, catalog, (request.params as { code: string }).code);
      // Definitions change by administrators' publication, rarely: a short shared cache is enough.
      reply.header('cache-control', 'public, max-age=60');
      return {
        items: items.map((a) => ({
          code: a.code,
          name: a.name,
          kind: a.kind,
          kindLabel: a.kindLabel,
          address: a.address,
          phone: a.phone,
          minIdentityLevel: a.minIdentityLevel,
        })),
        total: items.length,
        on,
      };
    },
  );
}
