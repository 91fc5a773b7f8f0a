/**
 * /ho-so-cua-toi — the signed-in person's dossiers (GET /api/v1/dossiers lists a citizen's own),
 * each with its status, code and appointment date: what needs the person's action first (a
 * supplement asked, a draft not sent), said beside it, then the newest. The API orders by due
 * date (the officials' queue) and has no other order yet, so the order is made here, page by page
 * (20 a page: most people's whole list). A draft opens where it can be finished.
 */
import { useQuery } from '@tanstack/react-query';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { ButtonLink, ErrorAlert, Link, Loading, PageTitle, Tag } from '../../shared/ui/index.ts';
import { type DossierSummary, dossierQueries, LIST_PAGE } from '../dossier.api.ts';
import { shortProcedureName } from '../labels.ts';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { statusText, statusTone } from '../status.ts';
import { draftPath, REVIEW_STEP } from '../submit/steps.ts';

export function MyDossiersPage() {
  return <RequireSignIn>{() => <MyDossiers />}</RequireSignIn>;
}

/** What needs the person first (a supplement, an unsent draft), then the newest. */
const NEEDS_ACTION = ['pending_supplement', 'draft'];
export function byUrgency(a: DossierSummary, b: DossierSummary): number {
  const ua = NEEDS_ACTION.indexOf(a.status);
  const ub = NEEDS_ACTION.indexOf(b.status);
  if (ua !== ub) return (ua < 0 ? 9 : ua) - (ub < 0 ? 9 : ub);
  return (b.submittedAt ?? '9999').localeCompare(a.submittedAt ?? '9999');
}

export function dossierLink(d: Pick<DossierSummary, 'id' | 'status' | 'procedureCode'>): string {
  return d.status === 'draft' ? draftPath(d.procedureCode, d.id, REVIEW_STEP) : `/ho-so-cua-toi/${d.id}`;
}

function MyDossiers() {
  const { t, intlLocale } = useI18n();
  const [params] = useSearchParams();
  const page = Math.max(1, Number(params.get('trang')) || 1);
  const offset = (page - 1) * LIST_PAGE;
  const list = useQuery(dossierQueries.list(offset));
  const pages = list.data ? Math.max(1, Math.ceil(list.data.total / LIST_PAGE)) : 1;
  return (
    <>
      <PageTitle title={t['mine.title']}>{t['mine.title']}</PageTitle>
      <p className="lead">{t['mine.lead']}</p>
      {list.isPending ? <Loading /> : null}
      {list.isError ? <ErrorAlert error={list.error} onRetry={() => void list.refetch()} /> : null}
      {list.data && list.data.total === 0 ? (
        <>
          <p>{t['mine.empty']}</p>
          <ButtonLink to="/tim-kiem">{t['mine.find']}</ButtonLink>
        </>
      ) : null}
      {list.data && list.data.items.length > 0 ? (
        <>
          <p id="mine-count">{t['mine.count'](list.data.total)}</p>
          <ul className="results" aria-describedby="mine-count" data-testid="my-dossiers">
            {[...list.data.items].sort(byUrgency).map((d) => (
              <li key={d.id} className="result">
                <h2 className="result__title">
                  <Link to={dossierLink(d)} lang="vi">
                    {shortProcedureName(d.procedureName)}
                  </Link>
                </h2>
                <p className="result__status">
                  <Tag tone={statusTone(d.status)}>{statusText(t, d.status, d.statusLabel)}</Tag>
                  {d.status === 'pending_supplement' ? <strong> {t['mine.actionSupplement']}</strong> : null}
                  {d.status === 'draft' ? <strong> {t['mine.actionDraft']}</strong> : null}
                </p>
                <dl className="result__meta">
                  <div>
                    <dt>{t['mine.code']}:</dt> <dd>{d.code ?? t['mine.noCode']}</dd>
                  </div>
                  {d.submittedAt ? (
                    <div>
                      <dt>{t['lookup.submittedAt']}:</dt> <dd>{formatDate(d.submittedAt, intlLocale)}</dd>
                    </div>
                  ) : null}
                  {d.appointmentAt ? (
                    <div>
                      <dt>{t['lookup.appointment']}:</dt> <dd>{formatDate(d.appointmentAt, intlLocale)}</dd>
                    </div>
                  ) : null}
                </dl>
              </li>
            ))}
          </ul>
          {pages > 1 ? (
            <nav className="pagination" aria-label={t['results.pagination']}>
              {page > 1 ? <Link to={`/ho-so-cua-toi?trang=${page - 1}`}>{t['results.prev']}</Link> : <span />}
              <span>{t['results.page'](page, pages)}</span>
              {page < pages ? <Link to={`/ho-so-cua-toi?trang=${page + 1}`}>{t['results.next']}</Link> : <span />}
            </nav>
          ) : null}
        </>
      ) : null}
    </>
  );
}
