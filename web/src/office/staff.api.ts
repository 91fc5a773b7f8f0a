/**
 * The officials a dossier can be handed to (GET /api/v1/identity/agencies/:code/officials): the
 * next-handler and co-handler pickers of the action form list them by the role the target step
 * needs. The list changes when an administrator grants a role, not between two actions: five
 * minutes of cache.
 */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../shared/api.ts';
import type { ActionView } from './office.api.ts';

export interface StaffMember {
  id: string;
  name: string;
  position: string | null;
  agencyCode: string;
  roles: { role: string; agencyCode: string }[];
}

/** What the server says of an action's target (dossier.service.ts viewOf): the role and agency that take the dossier next. */
export type ActionTarget = ActionView & { toRole?: string | null; toAgency?: string | null };

export const staffQuery = (agency: string, role: string | null) =>
  queryOptions({
    queryKey: ['identity', 'staff', agency, role ?? ''] as const,
    queryFn: async ({ signal }) =>
      (
        await api<{ items: StaffMember[] }>(
          `/api/v1/identity/agencies/${encodeURIComponent(agency)}/officials${role ? `?role=${encodeURIComponent(role)}` : ''}`,
          { signal },
        )
      ).items,
    staleTime: 5 * 60_000,
    retry: false,
  });
