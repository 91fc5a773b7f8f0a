/**
 * /ho-so-cua-toi/:id — one of the person's dossiers: where it stands and what it needs from them
 * (a supplement with the reason, a fee, a rating once returned), the dates (received, due), each
 * step it went through (GET …/history), the documents sent, the forms issued (Mẫu 01–05 as
 * PDF), the result, and withdrawal while it is still possible.
 */
import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useLocation, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { formatDate, formatTime, formatVnd } from '../../shared/format.ts';
import { type Messages, useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Breadcrumbs, ButtonLink, ErrorAlert, Link, Loading, PageTitle, Tag } from '../../shared/ui/index.ts';
import { SummaryList, SummaryRow } from '../../shared/ui/summary.tsx';
import { formatBytes } from '../ComponentUploads.tsx';
import {
  componentUrl,
  type DossierView,
  dossierQueries,
  formUrl,
  type HistoryItem,
  publicQueries,
  resultUrl,
} from '../dossier.api.ts';
import { shortProcedureName } from '../labels.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { alertTone, formsOf, statusHelp, statusText, statusTone } from '../status.ts';
import { draftPath, REVIEW_STEP } from '../submit/steps.ts';
import { RatingSection } from './RatingSection.tsx';
import { SupplementSection } from './SupplementSection.tsx';

export function DossierPage() {
  return <RequireSignIn>{() => <DossierDetail />}</RequireSignIn>;
}

/** "24/11/2026 17:00" in Vietnam time. */
export function dateTime(value: string, locale: string): string {
  return `${formatDate(value, locale)} ${formatTime(value, locale)}`;
}

function DossierDetail() {
  const { id = '' } = useParams();
  const { t, intlLocale } = useI18n();
  const location = useLocation();
  const [sentNotice, setSentNotice] = useState<string | null>(null);
  const notice = sentNotice ?? (location.state as { notice?: string } | null)?.notice;
  const dossier = useQuery(dossierQueries.one(id));
  const history = useQuery(dossierQueries.history(id));
  const agency = useQuery({ ...publicQueries.agency(dossier.data?.receivingAgency ?? ''), enabled: !!dossier.data });
  if (dossier.isPending) return <Loading />;
  if (dossier.isError) {
    if (dossier.error instanceof ApiError && dossier.error.status === 404) return <NotFoundPage />;
    return <ErrorAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  }
  const d = dossier.data;
  const items = history.data?.items ?? [];
  const forms = formsOf(
    d.receivedAt,
    items.map((h) => h.form),
  );
  const unpaid = d.fees.filter((f) => f.status !== 'paid');
  const due = unpaid.reduce((a, f) => a + f.amountVnd, 0);
  const withdraw = d.availableActions.find((a) => a.kind === 'withdraw');
  const help = statusHelp(t, d.status);
  const title = shortProcedureName(d.procedureName);

  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/', label: t['site.home'] },
          { to: '/ho-so-cua-toi', label: t['mine.title'] },
        ]}
      />
      <PageTitle
        title={`${d.code ?? t['mine.noCode']} — ${title}`}
        caption={t['detail.caption'](d.code ?? t['mine.noCode'])}
      >
        <span lang="vi">{title}</span>
      </PageTitle>
      <div aria-live="polite">
        {notice ? (
          <Alert tone="success">
            <p>{notice}</p>
          </Alert>
        ) : null}
      </div>

      <Alert tone={alertTone(d.status)} title={t['detail.statusNow']}>
        <p>
          <Tag tone={statusTone(d.status)}>
            <span data-testid="dossier-status">{statusText(t, d.status, d.statusLabel)}</span>
          </Tag>
        </p>
        {help ? <p>{help}</p> : null}
        {d.status === 'draft' ? (
          <p>
            <Link to={draftPath(d.procedureCode, d.id, REVIEW_STEP)}>{t['detail.continueDraft']}</Link>
          </p>
        ) : null}
      </Alert>

      {d.status === 'pending_supplement' ? (
        <SupplementSection dossier={d} history={items} onSent={setSentNotice} />
      ) : null}

      {due > 0 && !['draft', 'withdrawn', 'refused', 'stopped'].includes(d.status) ? (
        <Alert tone="warning" title={t['detail.feeDue']}>
          <p>{t['detail.feeDueLead'](formatVnd(due, intlLocale))}</p>
          <ButtonLink to={`/ho-so-cua-toi/${d.id}/thanh-toan`}>{t['done.payButton']}</ButtonLink>
        </Alert>
      ) : null}

      <h2>{t['detail.facts']}</h2>
      <SummaryList>
        <SummaryRow label={t['mine.code']}>{d.code ?? t['mine.noCode']}</SummaryRow>
        <SummaryRow label={t['review.agency']}>
          <span lang="vi">{agency.data?.name ?? d.receivingAgency}</span>
        </SummaryRow>
        <SummaryRow label={t['lookup.submittedAt']}>
          {d.submittedAt ? dateTime(d.submittedAt, intlLocale) : t['lookup.none']}
        </SummaryRow>
        <SummaryRow label={t['lookup.receivedAt']}>
          {d.receivedAt ? dateTime(d.receivedAt, intlLocale) : t['lookup.none']}
        </SummaryRow>
        <SummaryRow label={t['lookup.appointment']} testId="dossier-appointment">
          {d.appointmentAt ? <strong>{dateTime(d.appointmentAt, intlLocale)}</strong> : t['detail.appointmentLater']}
          {d.paused ? <span className="muted"> {t['detail.paused']}</span> : null}
        </SummaryRow>
        {d.completedAt ? (
          <SummaryRow label={t['lookup.completedAt']}>
            {dateTime(d.completedAt, intlLocale)}{' '}
            {d.timeliness === 'late' ? (
              <Tag tone="red">{t['lookup.late']}</Tag>
            ) : d.timeliness ? (
              <Tag tone="green">{t['lookup.onTime']}</Tag>
            ) : null}
          </SummaryRow>
        ) : null}
      </SummaryList>

      {d.status === 'result_ready' || d.status === 'returned' ? (
        <ResultSection dossier={d} t={t} locale={intlLocale} />
      ) : null}
      {d.status === 'returned' ? <RatingSection dossier={d} /> : null}

      <h2 id="timeline-title">{t['detail.timeline']}</h2>
      {history.isPending ? <Loading /> : null}
      {history.isError ? <ErrorAlert error={history.error} onRetry={() => void history.refetch()} /> : null}
      {history.data ? <Timeline items={items} t={t} locale={intlLocale} /> : null}

      <h2>{t['detail.forms']}</h2>
      {forms.length === 0 ? (
        <p>{t['detail.formsNone']}</p>
      ) : (
        <ul className="list" data-testid="dossier-forms">
          {forms.map((f) => (
            <li key={f}>
              <a href={formUrl(d.id, f)} download>
                {t[`form.${f}`]}
              </a>{' '}
              <span className="muted small">(PDF)</span>
            </li>
          ))}
        </ul>
      )}

      <h2>{t['detail.documents']}</h2>
      {d.components.some((c) => c.file) ? (
        <ul className="list list--files">
          {d.components
            .filter((c) => c.file)
            .map((c) => (
              <li key={c.index}>
                <span className="list__name" lang="vi">
                  {c.name}
                </span>
                <a href={componentUrl(d.id, c.index)} download={c.file!.fileName}>
                  {c.file!.fileName}
                </a>{' '}
                <span className="muted small">({formatBytes(c.file!.size, intlLocale)})</span>
              </li>
            ))}
        </ul>
      ) : (
        <p>{t['detail.documentsNone']}</p>
      )}

      {withdraw ? (
        <>
          <h2>{t['withdraw.title']}</h2>
          <p>{t['withdraw.lead']}</p>
          <ButtonLink variant="secondary" to={`/ho-so-cua-toi/${d.id}/rut-ho-so`}>
            {t['withdraw.title']}
          </ButtonLink>
        </>
      ) : null}
    </>
  );
}

function ResultSection({ dossier, t, locale }: { dossier: DossierView; t: Messages; locale: string }) {
  const files = (dossier.resultFiles ?? []).filter((f) => f.attached);
  return (
    <section aria-labelledby="result-title">
      <h2 id="result-title">{t['detail.result']}</h2>
      {files.length > 0 ? (
        <>
          <p>{t['detail.resultFiles']}</p>
          <ul className="list list--files" data-testid="result-files">
            {files.map((f) => (
              <li key={f.id}>
                <a href={resultUrl(dossier.id, f.id)} download={f.fileName}>
                  {f.fileName}
                </a>{' '}
                <span className="muted small">({formatBytes(f.size, locale)})</span>
              </li>
            ))}
          </ul>
        </>
      ) : null}
      <p>{dossier.status === 'returned' ? t['detail.resultReturned'] : t['detail.resultReady']}</p>
    </section>
  );
}

/** Each step the dossier went through, oldest first, with the reason when one was given. */
function Timeline({ items, t, locale }: { items: HistoryItem[]; t: Messages; locale: string }) {
  if (items.length === 0) return <p>{t['lookup.timelineEmpty']}</p>;
  return (
    <ol className="timeline" aria-labelledby="timeline-title" data-testid="dossier-timeline">
      {items.map((h) => (
        <li key={h.seq} className="timeline__item">
          <time className="timeline__time" dateTime={h.at}>
            {dateTime(h.at, locale)}
          </time>
          <span className="timeline__status" lang="vi">
            {h.label}
          </span>
          <span>{t['detail.nowStatus'](statusText(t, h.toStatus, h.toStatus))}</span>
          {h.reason ? (
            <span className="timeline__reason">
              {t['detail.reason']} <q lang="vi">{h.reason}</q>
            </span>
          ) : null}
          {h.appointmentAt && h.action === 'accept' ? (
            <span className="timeline__reason">{t['detail.appointmentGiven'](dateTime(h.appointmentAt, locale))}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
}
