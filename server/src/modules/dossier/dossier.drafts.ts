/**
 * Editing a draft's e-form (PATCH /api/v1/dossiers/{id}/form-data): the applicant saves the
 * wizard's pages as they go; each save replaces the whole form data after a partial validation
 * (types, formats, lengths, choices of what is filled in — nothing is required yet). Submitting
 * the draft later (the `submit` action) validates it fully.
 *
 * One transaction writes the new form data, its audit row and a `dossier.draft_updated` event.
 * The audit row names the parts and fields filled in, never their values: the audit log is kept
 * for good and the form holds personal data (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15). The
 * dossier's processing history (Form 06) records hand-overs, not keystrokes, so it is not touched.
 */
import { vnDate } from '../../platform/clock/index.ts';
import { AppError } from '../../platform/errors/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import type { Principal } from '../identity/index.ts';
import { draftsRepository } from './dossier.drafts.repository.ts';
import { dossierErrors } from './dossier.errors.ts';
import { canSee } from './dossier.policy.ts';
import type { DossierService } from './dossier.service.ts';
import { assertFormData, pointerToken } from './eforms/index.ts';

export interface DraftFormDataInput {
  formData: Record<string, unknown>;
  /** The version the caller saw; a different current version answers 409. */
  expectedVersion?: number;
}

export const draftErrors = {
  notApplicant: () =>
    new AppError({
      code: 'DOSSIER_FORBIDDEN',
      status: 403,
      title: 'Không có quyền',
      detail: 'Chỉ người nộp hồ sơ được sửa tờ khai của hồ sơ đang soạn.',
    }),
  notDraft: () =>
    new AppError({
      code: 'DOSSIER_NOT_DRAFT',
      status: 409,
      title: 'Hồ sơ đã nộp',
      detail: 'Chỉ sửa được tờ khai khi hồ sơ còn đang soạn (chưa nộp).',
    }),
};

/** JSON pointers of the filled-in fields (for the audit row): "/child/fullName", … */
function filledFields(formData: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [g, v] of Object.entries(formData)) {
    if (v !== null && typeof v === 'object' && !Array.isArray(v)) {
      for (const f of Object.keys(v)) out.push(`/${pointerToken(g)}/${pointerToken(f)}`);
    } else out.push(`/${pointerToken(g)}`);
  }
  return out;
}

export function draftService(ctx: ModuleContext, service: DossierService) {
  const drafts = draftsRepository();
  return {
    async updateFormData(principal: Principal, id: string, input: DraftFormDataInput, requestId?: string) {
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw dossierErrors.notFound();
      const row = await service.rowOf(id);
      if (!row || !canSee(row, await service.coverage(principal))) throw dossierErrors.notFound();
      if (row.applicant_account === null || row.applicant_account !== principal.accountId)
        throw draftErrors.notApplicant();
      if (row.status !== 'draft') throw draftErrors.notDraft();
      if (input.expectedVersion !== undefined && input.expectedVersion !== row.version)
        throw dossierErrors.concurrentChange();
      const today = vnDate(ctx.clock.now());
      // Before anything is written: a refused save stores nothing.
      assertFormData(row.procedure_code, input.formData, 'partial', today);
      await ctx.change(service.auditActor(principal), requestId, async (c) => {
        const version = await drafts.replaceFormData(c.tx, row.id, row.version, input.formData, ctx.clock.now());
        if (version === null) {
          // Somebody submitted or saved it since we read it.
          throw dossierErrors.concurrentChange();
        }
        await c.audit({
          action: 'dossier.draft_updated',
          entityType: 'dossier',
          entityId: row.id,
          data: { version, fields: filledFields(input.formData) },
        });
        await c.publish('dossier.draft_updated', {
          dossierId: row.id,
          procedureCode: row.procedure_code,
          version,
        });
      });
      return service.peek(principal, row.id);
    },
  };
}

export type DraftService = ReturnType<typeof draftService>;
