/**
 * Drafts of process definitions, as the administrator edits them (issue 7, "Administration"):
 * a dry run of the full validation (with the diagram, writing nothing), a draft edited in place
 * under optimistic concurrency, and a draft deleted. Saving a new version and publishing stay in
 * dossier.service.ts; this file only adds what a draft needs, with the same rules: one transaction
 * writes the change, its audit record and its event (ModuleContext.change).
 *
 * A published or retired version never changes (Nghị định 118/2025/NĐ-CP: a dossier is handled by
 * the process in force when it was received, so what a dossier follows must stay as it was); only
 * a draft, which no dossier can follow, may be edited or deleted.
 */
import type { Actor as AuditActor } from '../../platform/audit/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { CatalogApi } from '../catalog/index.ts';
import type { IdentityApi, Principal } from '../identity/index.ts';
import { toSvg } from './domain/process.diagram.ts';
import type { ProcessDefinition } from './domain/process.schemas.ts';
import {
  agencyProblems,
  draftIdentityProblems,
  fixedAgencyCodes,
  type Problem,
  validateProcessDefinition,
} from './domain/process.validate.ts';
import { dossierErrors } from './dossier.errors.ts';
import { agencyCache, canManageDefinitions } from './dossier.policy.ts';
import type { DefinitionRow, DossierRepository } from './dossier.repository.ts';

export const definitionDraftErrors = {
  notDraft: (id: string, version: number, status: string) =>
    new AppError({
      code: 'PROCESS_DEFINITION_NOT_DRAFT',
      status: 409,
      title: 'Phiên bản không còn là bản nháp',
      detail: `Quy trình «${id}» phiên bản ${version} đang ở tình trạng «${status === 'published' ? 'đang áp dụng' : 'ngừng áp dụng'}»: chỉ bản nháp được sửa hoặc xoá; hãy tạo phiên bản mới.`,
    }),
  changed: (id: string, version: number) =>
    new AppError({
      code: 'PROCESS_DEFINITION_CHANGED',
      status: 409,
      title: 'Bản nháp vừa được thay đổi',
      detail: `Bản nháp «${id}» phiên bản ${version} vừa được người khác sửa. Vui lòng tải lại bản nháp rồi sửa lại.`,
    }),
  followed: (id: string, version: number, count: number) =>
    new AppError({
      code: 'PROCESS_DEFINITION_IN_USE',
      status: 409,
      title: 'Phiên bản đang được hồ sơ áp dụng',
      detail: `Có ${count} hồ sơ theo quy trình «${id}» phiên bản ${version}; không xoá được.`,
    }),
};

export interface DryRun {
  ok: boolean;
  problems: Problem[];
  /** The diagram of the definition as sent (only when its shape is valid and it was asked for). */
  svg?: string;
  /** Sum of the steps' time shares (the editor shows each step's part of the total time). */
  shareTotal?: number;
}

export interface DraftDeps {
  catalog: Pick<CatalogApi, 'getAgency' | 'agencySubtree'>;
  identity: IdentityApi | undefined;
}

export function processDefinitionDrafts(ctx: ModuleContext, repo: DossierRepository, deps: DraftDeps) {
  const now = () => ctx.clock.now();
  const agencies = agencyCache(deps.catalog, now);

  function actorOf(principal: Principal | 'system'): AuditActor {
    if (principal === 'system') return { kind: 'system', id: 'dossier' };
    return deps.identity
      ? deps.identity.actorOf(principal)
      : { kind: principal.kind, id: principal.accountId, name: principal.name };
  }

  async function mayManage(principal: Principal | 'system', agencyCode: string): Promise<boolean> {
    return principal === 'system' || canManageDefinitions(principal, agencyCode, (c) => agencies.subtree(c));
  }

  /** Fixed agencies of the steps that the catalogue does not have (on the date the version takes effect, or today). */
  async function catalogProblems(def: ProcessDefinition): Promise<Problem[]> {
    const known = new Set<string>();
    for (const code of fixedAgencyCodes(def)) {
      const found =
        (await deps.catalog.getAgency(code, def.effectiveFrom).catch(() => null)) ??
        (await deps.catalog.getAgency(code).catch(() => null));
      if (found) known.add(code);
    }
    return agencyProblems(def, known);
  }

  /** Every problem of a definition: the pure validation, then the catalogue's agencies. */
  async function check(input: unknown): Promise<{ def: ProcessDefinition | null; problems: Problem[] }> {
    const checked = validateProcessDefinition(input);
    if (checked.ok) return { def: checked.definition, problems: await catalogProblems(checked.definition) };
    // The shape is valid when every problem is a graph rule: the definition can still be drawn.
    const shapeOk = checked.problems.every((p) => p.code !== 'SCHEMA');
    const def = shapeOk ? (input as ProcessDefinition) : null;
    return { def, problems: def ? [...checked.problems, ...(await catalogProblems(def))] : checked.problems };
  }

  const invalid = (problems: Problem[]) =>
    dossierErrors.definitionInvalid(problems.map((p) => ({ field: `/body${p.path}`, message: p.message })));

  /** Agency names for the diagram (the codes a definition names are few). */
  async function namesOf(def: ProcessDefinition): Promise<Map<string, string>> {
    const names = new Map<string, string>();
    for (const code of fixedAgencyCodes(def)) {
      const a = await deps.catalog.getAgency(code).catch(() => null);
      if (a) names.set(code, a.name);
    }
    return names;
  }

  return {
    /**
     * The full validation of a definition being edited, and its diagram if asked: nothing is
     * written. `input` is the definition itself (as for POST /process-definitions).
     */
    async dryRun(input: unknown, options: { diagram: boolean }): Promise<DryRun> {
      const { def, problems } = await check(input);
      const out: DryRun = { ok: problems.length === 0, problems };
      if (def) {
        out.shareTotal = def.steps.reduce((s, x) => s + (Number.isFinite(x.share) && x.share > 0 ? x.share : 0), 0);
        if (options.diagram) {
          const problemSteps = new Set(
            problems.flatMap((p) => {
              const m = /^\/steps\/(\d+)/.exec(p.path);
              return m ? [Number(m[1])] : [];
            }),
          );
          out.svg = toSvg(def, { agencyNames: await namesOf(def), problemSteps });
        }
      }
      return out;
    },

    /** Problems the catalogue finds in a definition about to be saved (POST keeps its own validation). */
    catalogProblems,
    invalid,

    /** Replaces a draft's content; `expectedUpdatedAt` is the `updatedAt` the editor started from. */
    async updateDraft(
      principal: Principal | 'system',
      id: string,
      version: number,
      input: unknown,
      expectedUpdatedAt: string,
      requestId?: string,
    ): Promise<DefinitionRow> {
      const row = await repo.getDefinition(id, version);
      if (!row || !(await mayManage(principal, row.agency_code))) throw dossierErrors.definitionNotFound(id, version);
      if (row.status !== 'draft') throw definitionDraftErrors.notDraft(id, version, row.status);
      const { def, problems } = await check(input);
      const identity = def ? draftIdentityProblems(row.definition, def) : [];
      if (problems.length > 0 || identity.length > 0 || !def) throw invalid([...identity, ...problems]);
      const expected = new Date(expectedUpdatedAt);
      await ctx.change(actorOf(principal), requestId, async (c) => {
        if (!(await repo.updateDraftDefinition(c.tx, def, expected, now()))) {
          const current = await repo.getDefinition(id, version, c.tx);
          if (current && current.status !== 'draft') throw definitionDraftErrors.notDraft(id, version, current.status);
          throw definitionDraftErrors.changed(id, version);
        }
        await c.audit({
          action: 'process_definition.draft_updated',
          entityType: 'process_definition',
          entityId: `${id}@${version}`,
          data: {
            procedureCode: def.procedureCode,
            agencyCode: def.agencyCode,
            steps: def.steps.map((s) => s.id),
            effectiveFrom: def.effectiveFrom,
          },
        });
        await c.publish('process_definition.draft_updated', { id, version, status: 'draft' });
      });
      return (await repo.getDefinition(id, version))!;
    },

    /** Deletes a draft that no dossier follows; `expectedUpdatedAt` (optional) guards against deleting another's newer edit. */
    async deleteDraft(
      principal: Principal | 'system',
      id: string,
      version: number,
      expectedUpdatedAt: string | undefined,
      requestId?: string,
    ): Promise<void> {
      const row = await repo.getDefinition(id, version);
      if (!row || !(await mayManage(principal, row.agency_code))) throw dossierErrors.definitionNotFound(id, version);
      if (row.status !== 'draft') throw definitionDraftErrors.notDraft(id, version, row.status);
      await ctx.change(actorOf(principal), requestId, async (c) => {
        const following = await repo.dossiersFollowing(id, version, c.tx);
        if (following > 0) throw definitionDraftErrors.followed(id, version, following);
        const expected = expectedUpdatedAt === undefined ? null : new Date(expectedUpdatedAt);
        if (!(await repo.deleteDraftDefinition(c.tx, id, version, expected))) {
          const current = await repo.getDefinition(id, version, c.tx);
          if (!current) throw dossierErrors.definitionNotFound(id, version);
          if (current.status !== 'draft') throw definitionDraftErrors.notDraft(id, version, current.status);
          throw definitionDraftErrors.changed(id, version);
        }
        await c.audit({
          action: 'process_definition.draft_deleted',
          entityType: 'process_definition',
          entityId: `${id}@${version}`,
          data: { procedureCode: row.procedure_code, agencyCode: row.agency_code },
        });
        await c.publish('process_definition.draft_deleted', { id, version });
      });
    },
  };
}

export type ProcessDefinitionDrafts = ReturnType<typeof processDefinitionDrafts>;
