import { v7 as uuidv7 } from 'uuid';
import type { Actor } from '../../platform/audit/index.ts';
import { vnDate } from '../../platform/clock/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { catalogErrors } from './catalog.errors.ts';
import { catalogEvents, type DocumentTypeCreatedPayload } from './catalog.events.ts';
import { assertCanManageCatalog } from './catalog.policy.ts';
import type { CatalogRepository } from './catalog.repository.ts';
import type { CreateDocumentTypeBody, DocumentType } from './catalog.schemas.ts';

export function catalogService(ctx: ModuleContext, repo: CatalogRepository) {
  return {
    today: () => vnDate(ctx.clock.now()),

    listDocumentTypes: (on?: string) => repo.listDocumentTypes(on ?? vnDate(ctx.clock.now())),

    async getDocumentType(id: string): Promise<DocumentType> {
      const found = await repo.getDocumentType(id);
      if (!found) throw catalogErrors.documentTypeNotFound();
      return found;
    },

    async createDocumentType(actor: Actor, input: CreateDocumentTypeBody, requestId?: string): Promise<DocumentType> {
      assertCanManageCatalog(actor);
      return ctx.change(actor, requestId, async (c) => {
        if (await repo.findByCodeFrom(c.tx, input.code, input.validFrom)) {
          throw catalogErrors.documentTypeExists(input.code, input.validFrom);
        }
        const abbreviation = input.abbreviation ?? null;
        if (abbreviation && (await repo.abbreviationInUse(c.tx, abbreviation))) {
          throw catalogErrors.abbreviationTaken(abbreviation);
        }
        const created = await repo.insertDocumentType(c.tx, {
          id: uuidv7(),
          code: input.code,
          name: input.name.trim(),
          abbreviation,
          grp: input.group,
          note: input.note ?? null,
          legal_basis: input.legalBasis,
          valid_from: input.validFrom,
          valid_to: null,
          created_at: ctx.clock.now(),
        });
        await c.audit({
          action: 'document_type.create',
          entityType: 'document_type',
          entityId: created.id,
          data: { after: created },
        });
        const payload: DocumentTypeCreatedPayload = {
          id: created.id,
          code: created.code,
          abbreviation: created.abbreviation,
          validFrom: created.validFrom,
        };
        await c.publish(catalogEvents.documentTypeCreated, { ...payload });
        return created;
      });
    },

    countDocumentTypes: () => repo.countDocumentTypes(),
  };
}

export type CatalogService = ReturnType<typeof catalogService>;
