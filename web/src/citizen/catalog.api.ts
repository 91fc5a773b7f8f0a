/** Queries of the public catalog, shared by the pages and their loaders (prefetch). */
import { queryOptions } from '@tanstack/react-query';
import { api } from '../shared/api.ts';
import type { IndexEntry, Page, ProcedureDetail, ProcedureSummary, Sector } from './catalog.types.ts';

export const PAGE_SIZE = 20;

/** Reference data changes by decree, not by the minute. */
const CATALOG_STALE_MS = 5 * 60_000;

export const catalogQueries = {
  search: (q: string, offset = 0) =>
    queryOptions({
      queryKey: ['catalog', 'procedures', { q, offset }],
      queryFn: ({ signal }) =>
        api<Page<ProcedureSummary>>('/api/v1/catalog/procedures', { query: { q, limit: PAGE_SIZE, offset }, signal }),
      staleTime: CATALOG_STALE_MS,
    }),
  bySector: (sector: string, offset = 0) =>
    queryOptions({
      queryKey: ['catalog', 'procedures', { sector, offset }],
      queryFn: ({ signal }) =>
        api<Page<ProcedureSummary>>('/api/v1/catalog/procedures', {
          query: { sector, limit: PAGE_SIZE, offset },
          signal,
        }),
      staleTime: CATALOG_STALE_MS,
    }),
  /** Every procedure with full data (43 in the demo): one small request serves the home page. */
  all: () =>
    queryOptions({
      queryKey: ['catalog', 'procedures', 'all'],
      queryFn: ({ signal }) =>
        api<Page<ProcedureSummary>>('/api/v1/catalog/procedures', { query: { limit: 100 }, signal }),
      staleTime: CATALOG_STALE_MS,
    }),
  nationalIndex: (q: string) =>
    queryOptions({
      queryKey: ['catalog', 'procedure-index', { q }],
      queryFn: ({ signal }) =>
        api<Page<IndexEntry>>('/api/v1/catalog/procedure-index', { query: { q, limit: PAGE_SIZE }, signal }),
      staleTime: CATALOG_STALE_MS,
    }),
  sectors: () =>
    queryOptions({
      queryKey: ['catalog', 'sectors'],
      queryFn: ({ signal }) => api<{ items: Sector[]; total: number }>('/api/v1/catalog/sectors', { signal }),
      staleTime: CATALOG_STALE_MS,
    }),
  procedure: (code: string) =>
    queryOptions({
      queryKey: ['catalog', 'procedure', code],
      queryFn: ({ signal }) =>
        api<ProcedureDetail>(`/api/v1/catalog/procedures/${encodeURIComponent(code)}`, { signal }),
      staleTime: CATALOG_STALE_MS,
    }),
};
