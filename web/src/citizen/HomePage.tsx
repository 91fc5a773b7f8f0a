import { useQuery } from '@tanstack/react-query';
import { useI18n } from '../shared/i18n/index.tsx';
import { ErrorAlert, Link, Loading, PageTitle } from '../shared/ui/index.ts';
import { catalogQueries } from './catalog.api.ts';
import { lifeEvents, popularProcedureCodes } from './life-events.ts';
import { SearchForm } from './SearchForm.tsx';

/**
 * Procedure names can run to 300 characters of enumerated cases; a list of links shows the
 * part before the enumeration (the procedure page has the full name).
 */
function shortName(name: string): string {
  if (name.length <= 90) return name;
  const cut = name.search(/ \(|;/);
  return cut > 20 ? `${name.slice(0, cut).trim()} …` : name;
}

export function HomePage() {
  const { t, locale } = useI18n();
  const all = useQuery(catalogQueries.all());
  const sectors = useQuery(catalogQueries.sectors());
  const byCode = new Map((all.data?.items ?? []).map((p) => [p.code, p]));
  const popular = popularProcedureCodes.flatMap((code) => {
    const p = byCode.get(code);
    return p ? [p] : [];
  });
  // Sectors with full procedure data first; the national index's other sectors are searchable.
  const localSectors = (sectors.data?.items ?? [])
    .filter((s) => s.procedures > 0)
    .sort((a, b) => b.procedures - a.procedures || a.name.localeCompare(b.name, 'vi'));

  return (
    <>
      <div className="hero">
        <PageTitle title={t['home.title']}>{t['home.title']}</PageTitle>
        <p className="lead">{t['home.lead']}</p>
        <SearchForm large />
      </div>

      <section aria-labelledby="events-heading">
        <h2 id="events-heading">{t['home.events']}</h2>
        <ul className="grid grid--2">
          {lifeEvents.map((e) => (
            <li key={e.slug} className="card">
              <h3 className="card__title">
                <Link to={`/tim-kiem?su-kien=${e.slug}`}>{e.title[locale]}</Link>
              </h3>
              <p className="muted small">{e.description[locale]}</p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="popular-heading">
        <h2 id="popular-heading">{t['home.popular']}</h2>
        {all.isPending ? <Loading /> : null}
        {all.isError ? <ErrorAlert error={all.error} onRetry={() => all.refetch()} /> : null}
        {popular.length > 0 ? (
          <ul className="list list--bullet" lang="vi">
            {popular.map((p) => (
              <li key={p.code}>
                <Link to={`/thu-tuc/${p.code}`}>{shortName(p.name)}</Link>
              </li>
            ))}
          </ul>
        ) : null}
      </section>

      <section aria-labelledby="sectors-heading">
        <h2 id="sectors-heading">{t['home.sectors']}</h2>
        {sectors.isPending ? <Loading /> : null}
        {sectors.isError ? <ErrorAlert error={sectors.error} onRetry={() => sectors.refetch()} /> : null}
        {localSectors.length > 0 ? (
          <ul className="grid grid--3">
            {localSectors.map((s) => (
              <li key={s.name} className="card">
                <h3 className="card__title" lang="vi">
                  <Link to={`/tim-kiem?linh-vuc=${encodeURIComponent(s.name)}`}>{s.name}</Link>
                </h3>
                <p className="muted small">{t['home.sectorCount'](s.procedures)}</p>
              </li>
            ))}
          </ul>
        ) : null}
      </section>
    </>
  );
}
