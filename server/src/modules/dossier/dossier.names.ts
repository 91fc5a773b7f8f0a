/**
 * Officials' display names for lists (dashboard handlers, the timeline's "Người xử lý"): one
 * identity lookup per distinct account. A name that cannot be read is shown as unknown (null)
 * rather than failing the page: the name is a label, never a right.
 */
import type { IdentityApi } from '../identity/index.ts';

export async function officialNames(
  identity: Pick<IdentityApi, 'getAccountClaims'> | undefined,
  ids: readonly string[],
): Promise<Map<string, string | null>> {
  const names = new Map<string, string | null>();
  await Promise.all(
    [...new Set(ids)].map(async (id) => {
      const claims = identity ? await identity.getAccountClaims(id).catch(() => null) : null;
      names.set(id, claims?.name ?? null);
    }),
  );
  return names;
}
