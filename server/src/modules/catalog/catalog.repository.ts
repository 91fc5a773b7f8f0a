/** All SQL of the catalog module. Nothing outside this file touches the catalog schema. */
import type { Kysely, Transaction } from 'kysely';
import type { DocumentType } from './catalog.schemas.ts';

interface DocumentTypeTable {
  id: string;
  code: string;
  name: string;
  abbreviation: string | null;
  grp: 'van_ban_hanh_chinh' | 'ban_sao';
  note: string | null;
  legal_basis: string;
  valid_from: string;
  valid_to: string | null;
  created_at: Date;
}

export interface CatalogDb {
  'catalog.document_type': DocumentTypeTable;
}

type Db = Kysely<CatalogDb> | Transaction<CatalogDb>;

function toDocumentType(r: DocumentTypeTable): DocumentType {
  return {
    id: r.id,
    code: r.code,
    name: r.name,
    abbreviation: r.abbreviation,
    group: r.grp,
    note: r.note,
    legalBasis: r.legal_basis,
    validFrom: r.valid_from,
    validTo: r.valid_to,
  };
}

export function catalogRepository(db: Kysely<any>) {
  const q = db as Kysely<CatalogDb>;
  return {
    async listDocumentTypes(on: string): Promise<DocumentType[]> {
      const rows = await q
        .selectFrom('catalog.document_type')
        .selectAll()
        .where('valid_from', '<=', on)
        .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>', on)]))
        .orderBy('grp')
        .orderBy('name')
        .execute();
      return rows.map(toDocumentType);
    },

    async getDocumentType(id: string): Promise<DocumentType | undefined> {
      const row = await q.selectFrom('catalog.document_type').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toDocumentType(row) : undefined;
    },

    async findByCodeFrom(tx: Db, code: string, validFrom: string): Promise<boolean> {
      const r = await tx
        .selectFrom('catalog.document_type')
        .select('id')
        .where('code', '=', code)
        .where('valid_from', '=', validFrom)
        .executeTakeFirst();
      return r !== undefined;
    },

    async abbreviationInUse(tx: Db, abbreviation: string): Promise<boolean> {
      const r = await tx
        .selectFrom('catalog.document_type')
        .select('id')
        .where('abbreviation', '=', abbreviation)
        .where('valid_to', 'is', null)
        .executeTakeFirst();
      return r !== undefined;
    },

    async insertDocumentType(tx: Db, row: DocumentTypeTable): Promise<DocumentType> {
      await tx.insertInto('catalog.document_type').values(row).execute();
      return toDocumentType(row);
    },

    async countDocumentTypes(): Promise<number> {
      const r = await q
        .selectFrom('catalog.document_type')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      return Number(r.n);
    },
  };
}

export type CatalogRepository = ReturnType<typeof catalogRepository>;
