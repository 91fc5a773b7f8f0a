/**
 * /tim-kiem?q=… (free text), ?linh-vuc=… (a sector) or ?su-kien=… (a life event); &trang=N pages.
 * When the province's procedures have nothing for the words, the national index of procedure
 * codes is searched and its entries link to the National Public Service Portal.
 */
import { type QueryClient, useQueries, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import type { LoaderFunctionArgs } from 'react-router';
import { useSearchParams } from 'react-router';
import { useI18n } from '../shared/i18n/index.tsx';
import { Breadcrumbs, ErrorAlert, ExternalLink, Link, Loading, PageTitle } from '../shared/ui/index.ts';
import { catalogQueries, PAGE_SIZE } from './catalog.api.ts';
import type { IndexEntry, ProcedureSummary } from './catalog.types.ts';
import { levelLabel } from './labels.ts';
import { LIFE_EVENT_MIN_SCORE, type LifeEvent, lifeEvents } from './life-events.ts';
import { SearchForm } from './SearchForm.tsx';

interface SearchState {
  q: string;
  sector: string;
  event: LifeEvent | undefined;
  page: number;
}

function readParams(params: URLSearchParams): SearchState {
  const page = Number.parseInt(params.get('trang') ?? '1', 10);
  return {
    q: (params.get('q') ?? '').trim().slice(0, 200),
    sector: (params.get('linh-vuc') ?? '').trim(),
    event: lifeEvents.find((e) => e.slug === params.get('su-kien')),
    page: Number.isFinite(page) && page > 0 ? Math.min(page, 500) : 1,
  };
}

/** Starts the requests while the page's code loads; the page reads them from the cache. */
export function searchLoader(queryClient: QueryClient) {
  return ({ request }: LoaderFunctionArgs) => {
    const s = readParams(new URL(request.url).searchParams);
    const offset = (s.page - 1) * PAGE_SIZE;
    if (s.q) void queryClient.prefetchQuery(catalogQueries.search(s.q, offset));
    else if (s.sector) void queryClient.prefetchQuery(catalogQueries.bySector(s.sector, offset));
    return null;
  };
}

export function SearchPage() {
  const [params] = useSearchParams();
  const state = readParams(params);
  const { t } = useI18n();
  const crumbs = <Breadcrumbs items={[{ to: '/', label: t['site.home'] }]} />;
  if (state.event) return <EventResults event={state.event} crumbs={crumbs} />;
  if (state.sector && !state.q) return <SectorResults sector={state.sector} page={state.page} crumbs={crumbs} />;
  const submitted = params.has('q');
  return (
    <>
      {crumbs}
      <PageTitle title={state.q ? `${t['results.title']}: ${state.q}` : t['site.search']}>
        {state.q ? t['results.title'] : t['site.search']}
      </PageTitle>
      <SearchForm defaultValue={state.q} error={submitted && !state.q ? t['search.empty'] : undefined} />
      {state.q ? <QueryResults q={state.q} page={state.page} /> : null}
    </>
  );
}

function QueryResults({ q, page }: { q: string; page: number }) {
  const { t } = useI18n();
  const offset = (page - 1) * PAGE_SIZE;
  const local = useQuery(catalogQueries.search(q, offset));
  const noLocal = local.isSuccess && local.data.total === 0;
  const national = useQuery({ ...catalogQueries.nationalIndex(q), enabled: noLocal });
  if (local.isPending) return <Loading />;
  if (local.isError) return <ErrorAlert error={local.error} onRetry={() => local.refetch()} />;
  return (
    <section aria-labelledby="results-summary">
      <p id="results-summary" role="status">
        {noLocal ? t['results.none'](q) : t['results.count'](local.data.total, q)}
      </p>
      <ProcedureList items={local.data.items} />
      <Pagination total={local.data.total} page={page} />
      {noLocal ? (
        <>
          <h2>{t['results.national']}</h2>
          {national.isPending ? <Loading /> : null}
          {national.isError ? <ErrorAlert error={national.error} onRetry={() => national.refetch()} /> : null}
          {national.isSuccess && national.data.total > 0 ? (
            <>
              <p>{t['results.nationalLead']}</p>
              <NationalList items={national.data.items} />
            </>
          ) : null}
          {national.isSuccess && national.data.total === 0 ? (
            <>
              <p>{t['results.nationalNone']}</p>
              <p className="muted">{t['results.tips']}</p>
            </>
          ) : null}
        </>
      ) : null}
    </section>
  );
}

function SectorResults({ sector, page, crumbs }: { sector: string; page: number; crumbs: ReactNode }) {
  const { t } = useI18n();
  const query = useQuery(catalogQueries.bySector(sector, (page - 1) * PAGE_SIZE));
  const title = t['results.titleSector'](sector);
  return (
    <>
      {crumbs}
      <PageTitle title={title}>{title}</PageTitle>
      {query.isPending ? <Loading /> : null}
      {query.isError ? <ErrorAlert error={query.error} onRetry={() => query.refetch()} /> : null}
      {query.isSuccess ? (
        <>
          <p role="status">{t['results.countSector'](query.data.total)}</p>
          <ProcedureList items={query.data.items} />
          <Pagination total={query.data.total} page={page} />
        </>
      ) : null}
      <SearchForm />
    </>
  );
}

function EventResults({ event, crumbs }: { event: LifeEvent; crumbs: ReactNode }) {
  const { t, locale } = useI18n();
  const queries = useQueries({
    queries: [
      ...event.keywords.map((k) => catalogQueries.search(k)),
      ...event.sectors.map((s) => catalogQueries.bySector(s)),
    ],
  });
  const pending = queries.some((q) => q.isPending);
  const failed = queries.find((q) => q.isError);
  const seen = new Set<string>();
  const items: ProcedureSummary[] = [];
  queries.forEach((q, i) => {
    const fromKeyword = i < event.keywords.length;
    for (const p of q.data?.items ?? []) {
      if (fromKeyword && p.score < LIFE_EVENT_MIN_SCORE) continue;
      if (seen.has(p.code)) continue;
      seen.add(p.code);
      items.push(p);
    }
  });
  const title = event.title[locale];
  return (
    <>
      {crumbs}
      <PageTitle title={title}>{title}</PageTitle>
      <p className="lead">{event.description[locale]}</p>
      {pending ? <Loading /> : null}
      {failed ? <ErrorAlert error={failed.error} onRetry={() => failed.refetch()} /> : null}
      {!pending && !failed ? (
        <>
          <p role="status">{t['results.countSector'](items.length)}</p>
          <ProcedureList items={items} />
        </>
      ) : null}
      <SearchForm />
    </>
  );
}

function ProcedureList({ items }: { items: ProcedureSummary[] }) {
  const { t } = useI18n();
  if (items.length === 0) return null;
  return (
    <ol className="results">
      {items.map((p) => (
        <li key={p.code} className="result">
          <h2 className="result__title" lang="vi">
            <Link to={`/thu-tuc/${p.code}`}>{p.name}</Link>
          </h2>
          <dl className="result__meta">
            <div>
              <dt>{t['results.sector']}: </dt>
              <dd lang="vi">{p.sector}</dd>
            </div>
            <div>
              <dt>{t['results.level']}: </dt>
              <dd>{p.levels.map((l) => levelLabel(t, l)).join(', ')}</dd>
            </div>
            <div>
              <dt>{t['results.code']}: </dt>
              <dd>{p.code}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

function NationalList({ items }: { items: IndexEntry[] }) {
  const { t } = useI18n();
  return (
    <ol className="results">
      {items.map((p) => (
        <li key={p.code} className="result">
          <h3 className="result__title" lang="vi">
            <ExternalLink href={p.detailUrl}>{p.name}</ExternalLink>
          </h3>
          <dl className="result__meta">
            <div>
              <dt>{t['results.sector']}: </dt>
              <dd lang="vi">{p.sector}</dd>
            </div>
            <div>
              <dt>{t['results.level']}: </dt>
              <dd lang="vi">{p.level}</dd>
            </div>
            <div>
              <dt>{t['results.code']}: </dt>
              <dd>{p.code}</dd>
            </div>
          </dl>
        </li>
      ))}
    </ol>
  );
}

function Pagination({ total, page }: { total: number; page: number }) {
  const { t } = useI18n();
  const [params] = useSearchParams();
  const pages = Math.ceil(total / PAGE_SIZE);
  if (pages <= 1) return null;
  const hrefFor = (n: number) => {
    const next = new URLSearchParams(params);
    if (n === 1) next.delete('trang');
    else next.set('trang', String(n));
    return `/tim-kiem?${next.toString()}`;
  };
  return (
    <nav className="pagination" aria-label={t['results.pagination']}>
      {page > 1 ? <Link to={hrefFor(page - 1)}>{t['results.prev']}</Link> : <span />}
      <span className="muted">{t['results.page'](page, pages)}</span>
      {page < pages ? <Link to={hrefFor(page + 1)}>{t['results.next']}</Link> : <span />}
    </nav>
  );
}
