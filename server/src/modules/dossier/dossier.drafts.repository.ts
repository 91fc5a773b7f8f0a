/**
 * The one statement of draft editing the main repository does not have: replacing a draft's form
 * data, only if it is still a draft at the version the caller read (optimistic concurrency, like
 * dossierRepository.updateDossier).
 */
import { type Kysely, sql, type Transaction } from 'kysely';

type Db = Kysely<any> | Transaction<any>;

export function draftsRepository() {
  return {
    /** The new version, or null when the row is no longer a draft at `expectedVersion`. */
    async replaceFormData(
      tx: Db,
      id: string,
      expectedVersion: number,
      formData: Record<string, unknown>,
      now: Date,
    ): Promise<number | null> {
      const r = await sql<{ version: number }>`
        update dossier.dossier
        set form_data = ${JSON.stringify(formData)}::jsonb, version = version + 1, updated_at = ${now}
        where id = ${id} and version = ${expectedVersion} and status = 'draft'
        returning version`.execute(tx);
      return r.rows[0]?.version ?? null;
    },
  };
}

export type DraftsRepository = ReturnType<typeof draftsRepository>;
