/**
 * /ho-so-cua-toi — the signed-in person's dossiers (GET /api/v1/dossiers lists a citizen's own),
 * each with its status, code and appointment date, newest submitted first and then the drafts
 * (`sort=submittedAt`, ordered by the server across pages); what needs the person's action (a
 * supplement asked, a draft not sent) is said beside it. A draft opens where it can be finished,
 * and can be deleted here after a confirmation (it was never submitted: nothing is on record).
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import { formatDate } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Button, ButtonLink, ErrorAlert, Link, Loading, PageTitle, Tag } from '../../shared/ui/index.ts';
import { type DossierSummary, deleteDraft, dossierQueries, LIST_PAGE } from '../dossier.api.ts';
import { shortProcedureName } from '../labels.ts';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { statusText, statusTone } from '../status.ts';
import { draftPath, REVIEW_STEP } from '../submit/steps.ts';

export function MyDossiersPage() {
  return <RequireSignIn>{() => <MyDossiers />}</RequireSignIn>;
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
  const [deleted, setDeleted] = useState(false);
  return (
    <>
      <PageTitle title={t['mine.title']}>{t['mine.title']}</PageTitle>
      <p className="lead">{t['mine.lead']}</p>
      <div role="status">{deleted ? <p className="notice">{t['mine.draftDeleted']}</p> : null}</div>
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
            {list.data.items.map((d) => (
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
                {d.status === 'draft' ? <DeleteDraft id={d.id} onDeleted={setDeleted} /> : null}
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

/** "Xóa bản nháp", then a confirmation in place (no dialog: keyboard and screen readers stay put). */
function DeleteDraft({ id, onDeleted }: { id: string; onDeleted: (v: boolean) => void }) {
  const { t } = useI18n();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const remove = useMutation({
    mutationFn: () => deleteDraft(id),
    onSuccess: async () => {
      onDeleted(true);
      await queryClient.invalidateQueries({ queryKey: ['dossiers'] });
    },
  });
  if (!confirming) {
    return (
      <Button variant="secondary" onClick={() => setConfirming(true)}>
        {t['mine.deleteDraft']}
      </Button>
    );
  }
  return (
    <div className="confirm">
      <p id={`delete-${id}`}>
        <strong>{t['mine.deleteConfirm']}</strong>
      </p>
      {remove.isError ? <ErrorAlert error={remove.error} /> : null}
      <div className="button-row">
        <Button onClick={() => remove.mutate()} disabled={remove.isPending}>
          {t['mine.deleteYes']}
        </Button>
        <Button variant="secondary" onClick={() => setConfirming(false)} disabled={remove.isPending}>
          {t['mine.deleteNo']}
        </Button>
      </div>
    </div>
  );
}
