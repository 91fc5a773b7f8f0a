/**
 * /minh-bach — how the province's agencies handle dossiers this year, in public (GET
 * /api/v1/public/statistics?year=): dossiers received and resolved, the share resolved on time,
 * and the applicants' satisfaction, per agency and per procedure — the figures by which
 * Quyết định 766/QĐ-TTg (2022) measures service to people and businesses. Plain tables (a screen
 * reader reads them cell by cell) with bars drawn in CSS beside the rate; no chart library.
 */
import { useQuery } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useState } from 'react';
import { useNavigate, useSearchParams } from 'react-router';
import { api } from '../shared/api.ts';
import { formatDate, formatTime, vietnamDate } from '../shared/format.ts';
import { type Messages, useI18n } from '../shared/i18n/index.tsx';
import { Button, ErrorAlert, Loading, PageTitle, Select } from '../shared/ui/index.ts';
import { SummaryList, SummaryRow } from '../shared/ui/summary.tsx';
import { shortProcedureName } from './labels.ts';

interface Figures {
  code?: string;
  name?: string;
  received: number;
  completed: number;
  onTime: number;
  late: number;
  onTimeRate: number | null;
  averageRating?: number | null;
  ratings?: number;
}

interface PublicStatistics {
  year: number;
  generatedAt: string;
  totals: Figures;
  agencies: Figures[];
  procedures: Figures[];
}

const FIRST_YEAR = 2025;

function statisticsQuery(year: number) {
  return {
    queryKey: ['public', 'statistics', year],
    queryFn: ({ signal }: { signal: AbortSignal }) =>
      api<PublicStatistics>('/api/v1/public/statistics', { query: { year }, signal }),
    staleTime: 60_000,
  };
}

/** The on-time share as a percentage (the API gives a fraction from 0 to 1), or null. */
export function percent(rate: number | null | undefined): number | null {
  if (rate === null || rate === undefined || !Number.isFinite(rate)) return null;
  return Math.round(rate * 1000) / 10;
}

export function TransparencyPage() {
  const { t, intlLocale } = useI18n();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const thisYear = Number(vietnamDate(new Date()).slice(0, 4));
  const asked = Number(params.get('nam'));
  const year = Number.isInteger(asked) && asked >= FIRST_YEAR && asked <= thisYear ? asked : thisYear;
  const [choice, setChoice] = useState(String(year));
  const stats = useQuery(statisticsQuery(year));
  const years = Array.from({ length: thisYear - FIRST_YEAR + 1 }, (_, i) => String(thisYear - i));

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    navigate(`/minh-bach?nam=${choice}`);
  }

  return (
    <>
      <PageTitle title={t['stats.title'](year)}>{t['stats.title'](year)}</PageTitle>
      <p className="lead">{t['stats.lead']}</p>
      <form onSubmit={onSubmit} className="inline-form" aria-label={t['stats.yearForm']}>
        <Select
          label={t['stats.year']}
          name="nam"
          className="field--inline"
          options={years.map((y) => ({ value: y, label: y }))}
          value={choice}
          onChange={(e) => setChoice(e.target.value)}
        />
        <Button type="submit" variant="secondary">
          {t['stats.show']}
        </Button>
      </form>
      {stats.isPending ? <Loading /> : null}
      {stats.isError ? <ErrorAlert error={stats.error} onRetry={() => void stats.refetch()} /> : null}
      {stats.data ? <YearFigures data={stats.data} t={t} locale={intlLocale} /> : null}
    </>
  );
}

function YearFigures({ data, t, locale }: { data: PublicStatistics; t: Messages; locale: string }) {
  const n = (v: number) => v.toLocaleString(locale);
  const total = data.totals;
  const totalRate = percent(total.onTimeRate);
  const agencies = [...data.agencies].sort((a, b) => b.received - a.received || b.completed - a.completed);
  const procedures = [...data.procedures].sort((a, b) => b.received - a.received || b.completed - a.completed);
  return (
    <>
      <h2>{t['stats.totals']}</h2>
      <SummaryList testId="stats-totals">
        <SummaryRow label={t['stats.received']}>{n(total.received)}</SummaryRow>
        <SummaryRow label={t['stats.completed']}>{n(total.completed)}</SummaryRow>
        <SummaryRow label={t['stats.onTimeRate']}>
          {totalRate === null ? t['stats.noneCompleted'] : <strong>{totalRate.toLocaleString(locale)}%</strong>}
          {total.completed > 0 ? (
            <span className="muted"> {t['stats.onTimeOf'](n(total.onTime), n(total.completed))}</span>
          ) : null}
        </SummaryRow>
        {total.ratings !== undefined ? (
          <SummaryRow label={t['stats.rating']}>
            {total.averageRating
              ? t['stats.ratingValue'](total.averageRating.toLocaleString(locale), n(total.ratings))
              : t['stats.noRatings']}
          </SummaryRow>
        ) : null}
      </SummaryList>
      <p className="muted small">
        {t['stats.generated'](`${formatDate(data.generatedAt, locale)} ${formatTime(data.generatedAt, locale)}`)}
      </p>

      <h2 id="stats-agencies">{t['stats.byAgency']}</h2>
      {agencies.length === 0 ? (
        <p>{t['stats.empty']}</p>
      ) : (
        <FiguresTable rows={agencies} kind="agency" t={t} locale={locale} />
      )}

      <h2 id="stats-procedures">{t['stats.byProcedure']}</h2>
      {procedures.length === 0 ? (
        <p>{t['stats.empty']}</p>
      ) : (
        <FiguresTable rows={procedures} kind="procedure" t={t} locale={locale} />
      )}

      <h2>{t['stats.howTitle']}</h2>
      <ul className="list list--bullet">
        <li>{t['stats.how1']}</li>
        <li>{t['stats.how2']}</li>
        <li>{t['stats.how3']}</li>
      </ul>
    </>
  );
}

function FiguresTable({
  rows,
  kind,
  t,
  locale,
}: {
  rows: Figures[];
  kind: 'agency' | 'procedure';
  t: Messages;
  locale: string;
}) {
  const n = (v: number) => v.toLocaleString(locale);
  const withRating = kind === 'agency' && rows.some((r) => r.ratings !== undefined);
  const bar = (r: Figures) => {
    const p = percent(r.onTimeRate);
    return p === null ? (
      <span className="muted">{t['stats.noneShort']}</span>
    ) : (
      <span className="bar">
        <span className="bar__value">{p.toLocaleString(locale)}%</span>
        <span className="bar__track" aria-hidden="true">
          <span className={`bar__fill${p < 80 ? ' bar__fill--low' : ''}`} style={{ width: `${p}%` }} />
        </span>
      </span>
    );
  };
  return (
    <>
      {/* A phone gets one card per row (a six-column table does not fit 360 px); a wider screen the table. */}
      <ul className="stats-cards">
        {rows.map((r) => (
          <li key={r.code ?? r.name} className="stats-card">
            <h3 className="stats-card__name" lang="vi">
              {kind === 'procedure' ? shortProcedureName(r.name ?? r.code ?? '') : (r.name ?? r.code)}
            </h3>
            <dl className="stats-card__figures">
              <div>
                <dt>{t['stats.receivedShort']}</dt>
                <dd>{n(r.received)}</dd>
              </div>
              <div>
                <dt>{t['stats.completedShort']}</dt>
                <dd>{n(r.completed)}</dd>
              </div>
              <div>
                <dt>{t['stats.lateShort']}</dt>
                <dd>{n(r.late)}</dd>
              </div>
              <div className="stats-card__rate">
                <dt>{t['stats.onTimeRate']}</dt>
                <dd>{bar(r)}</dd>
              </div>
              {withRating && r.averageRating ? (
                <div>
                  <dt>{t['stats.ratingShort']}</dt>
                  <dd>{r.averageRating.toLocaleString(locale)}/5</dd>
                </div>
              ) : null}
            </dl>
          </li>
        ))}
      </ul>
      <StatsTable rows={rows} kind={kind} t={t} locale={locale} bar={bar} withRating={withRating} />
    </>
  );
}

function StatsTable({
  rows,
  kind,
  t,
  locale,
  bar,
  withRating,
}: {
  rows: Figures[];
  kind: 'agency' | 'procedure';
  t: Messages;
  locale: string;
  bar: (r: Figures) => ReactNode;
  withRating: boolean;
}) {
  const n = (v: number) => v.toLocaleString(locale);
  return (
    // A wide table may still scroll sideways: the scrolling box takes keyboard focus (WCAG 2.1.1).
    <section
      className="table-wrap stats-table"
      aria-labelledby={kind === 'agency' ? 'stats-agencies' : 'stats-procedures'}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
    >
      <table className="table table--stats" data-testid={`stats-${kind}`}>
        <caption className="visually-hidden">
          {kind === 'agency' ? t['stats.byAgency'] : t['stats.byProcedure']}
        </caption>
        <thead>
          <tr>
            <th scope="col">{kind === 'agency' ? t['stats.agency'] : t['stats.procedure']}</th>
            <th scope="col" className="num">
              {t['stats.receivedShort']}
            </th>
            <th scope="col" className="num">
              {t['stats.completedShort']}
            </th>
            <th scope="col" className="num">
              {t['stats.lateShort']}
            </th>
            <th scope="col">{t['stats.onTimeRate']}</th>
            {withRating ? <th scope="col">{t['stats.ratingShort']}</th> : null}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => {
            return (
              <tr key={r.code ?? r.name}>
                <th scope="row" lang="vi" className="table__name">
                  {r.name ?? r.code}
                </th>
                <td className="num">{n(r.received)}</td>
                <td className="num">{n(r.completed)}</td>
                <td className="num">{n(r.late)}</td>
                <td>{bar(r)}</td>
                {withRating ? (
                  <td>
                    {r.averageRating ? (
                      <>
                        {r.averageRating.toLocaleString(locale)}/5{' '}
                        <span className="muted small">({t['stats.ratingsCount'](n(r.ratings ?? 0))})</span>
                      </>
                    ) : (
                      <span className="muted">{t['stats.noneShort']}</span>
                    )}
                  </td>
                ) : null}
              </tr>
            );
          })}
        </tbody>
      </table>
    </section>
  );
}
