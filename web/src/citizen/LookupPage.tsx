/**
 * /tra-cuu and /tra-cuu/:code — public lookup of a dossier by its code and the last four digits
 * of the applicant's phone or identification number (the QR code on the receipt, Form 01 of
 * Thông tư 03/2025/TT-VPCP, points to /tra-cuu/<code>). The API answers a wrong check exactly as
 * an unknown code; this page does the same, with one neutral message, so guessing reveals nothing.
 * The check is not put in the address (it would stay in the browser history and server logs).
 */
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useEffect, useRef, useState } from 'react';
import { useParams } from 'react-router';
import { ApiError, api } from '../shared/api.ts';
import { formatDate, formatTime } from '../shared/format.ts';
import { type Messages, useI18n } from '../shared/i18n/index.tsx';
import { Alert, Button, ErrorAlert, PageTitle, Tag, TextField } from '../shared/ui/index.ts';
import { statusText, statusTone } from './status.ts';

interface PublicDossier {
  code: string;
  procedureCode: string;
  procedureName: string;
  status: string;
  statusLabel: string;
  submittedAt: string | null;
  receivedAt: string | null;
  appointmentAt: string | null;
  completedAt: string | null;
  timeliness?: string | null;
  timeline: { at: string; label?: string | null; status: string; statusLabel: string; step?: string | null }[];
}

type FieldErrors = Partial<Record<'code' | 'check', string>>;

function lookup(code: string, check: string): Promise<PublicDossier> {
  return api<PublicDossier>(`/api/v1/public/dossiers/${encodeURIComponent(code)}`, { query: { check } });
}

/** "24/11/2026 17:00" in Vietnam time. */
function dateTime(value: string, locale: string): string {
  return `${formatDate(value, locale)} ${formatTime(value, locale)}`;
}

export function LookupPage() {
  const { t, intlLocale } = useI18n();
  const params = useParams();
  const [code, setCode] = useState(params.code ?? '');
  const [check, setCheck] = useState('');
  const [fieldErrors, setFieldErrors] = useState<FieldErrors>({});
  const resultRef = useRef<HTMLDivElement>(null);

  // A new QR code opened in the same tab fills the new code in.
  useEffect(() => {
    if (params.code) setCode(params.code);
  }, [params.code]);

  const mutation = useMutation({
    mutationFn: (input: { code: string; check: string }) => lookup(input.code, input.check),
  });

  // The answer (or the refusal) takes focus, so a screen reader reads it at once.
  useEffect(() => {
    if (mutation.isSuccess || mutation.isError) resultRef.current?.focus();
  }, [mutation.isSuccess, mutation.isError]);

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const errors: FieldErrors = {};
    const c = code.trim();
    const k = check.replace(/\s/g, '');
    if (!c) errors.code = t['lookup.required.code'];
    if (!/^\d{4}$/.test(k)) errors.check = t['lookup.required.check'];
    setFieldErrors(errors);
    if (Object.keys(errors).length > 0) {
      mutation.reset();
      return;
    }
    mutation.mutate({ code: c, check: k });
  }

  const error = mutation.error;
  const data = mutation.data;

  return (
    <>
      <PageTitle title={t['lookup.title']}>{t['lookup.title']}</PageTitle>
      <p className="lead">{t['lookup.lead']}</p>
      <form onSubmit={onSubmit} noValidate className="narrow">
        <TextField
          label={t['lookup.code']}
          hint={t['lookup.codeHint']}
          name="code"
          autoCapitalize="characters"
          autoComplete="off"
          spellCheck={false}
          value={code}
          error={fieldErrors.code}
          onChange={(e) => setCode(e.target.value)}
        />
        <TextField
          label={t['lookup.check']}
          hint={t['lookup.checkHint']}
          name="check"
          inputMode="numeric"
          autoComplete="off"
          maxLength={4}
          className="field--short"
          value={check}
          error={fieldErrors.check}
          onChange={(e) => setCheck(e.target.value)}
        />
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t['lookup.busy'] : t['lookup.submit']}
        </Button>
      </form>

      <div ref={resultRef} tabIndex={-1} className="lookup-result" aria-live="polite">
        {error instanceof ApiError && (error.status === 404 || error.status === 400) ? (
          <Alert tone="error" title={t['lookup.notFound']}>
            <p>{t['lookup.notFoundHint']}</p>
          </Alert>
        ) : error instanceof ApiError && error.status === 429 ? (
          <Alert tone="warning" title={t['lookup.tooMany']}>
            <p>{t['lookup.tooManyHint']}</p>
          </Alert>
        ) : error ? (
          <ErrorAlert error={error} />
        ) : null}
        {data ? <LookupResult data={data} t={t} locale={intlLocale} /> : null}
      </div>
    </>
  );
}

function LookupResult({ data, t, locale }: { data: PublicDossier; t: Messages; locale: string }) {
  const when = (value: string | null) => (value ? dateTime(value, locale) : t['lookup.none']);
  return (
    <section aria-labelledby="lookup-result-title">
      <h2 id="lookup-result-title" className="h2">
        {t['lookup.result']}
      </h2>
      <dl className="summary">
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.code']}</dt>
          <dd className="summary__value">{data.code}</dd>
        </div>
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.procedure']}</dt>
          <dd className="summary__value" lang="vi">
            {data.procedureName}
          </dd>
        </div>
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.status']}</dt>
          <dd className="summary__value" data-testid="lookup-status">
            <Tag tone={statusTone(data.status)}>{statusText(t, data.status, data.statusLabel)}</Tag>
          </dd>
        </div>
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.submittedAt']}</dt>
          <dd className="summary__value">{when(data.submittedAt)}</dd>
        </div>
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.receivedAt']}</dt>
          <dd className="summary__value">{when(data.receivedAt)}</dd>
        </div>
        <div className="summary__row">
          <dt className="summary__key">{t['lookup.appointment']}</dt>
          <dd className="summary__value" data-testid="lookup-appointment">
            <strong>{when(data.appointmentAt)}</strong>
          </dd>
        </div>
        {data.completedAt ? (
          <div className="summary__row">
            <dt className="summary__key">{t['lookup.completedAt']}</dt>
            <dd className="summary__value">
              {when(data.completedAt)}
              {data.timeliness === 'late' ? (
                <>
                  {' '}
                  <Tag tone="red">{t['lookup.late']}</Tag>
                </>
              ) : null}
            </dd>
          </div>
        ) : null}
      </dl>
      <h2 className="h2">{t['lookup.timeline']}</h2>
      {data.timeline.length === 0 ? (
        <p>{t['lookup.timelineEmpty']}</p>
      ) : (
        <ol className="timeline" data-testid="lookup-timeline">
          {data.timeline.map((entry, i) => (
            // The history is append-only and shown in its order: the position is its identity.
            // biome-ignore lint/suspicious/noArrayIndexKey: append-only list, never reordered
            <li key={i} className="timeline__item">
              <time className="timeline__time" dateTime={entry.at}>
                {dateTime(entry.at, locale)}
              </time>
              <span className="timeline__status">{statusText(t, entry.status, entry.statusLabel)}</span>
              {entry.step ? <span lang="vi">{entry.step}</span> : null}
            </li>
          ))}
        </ol>
      )}
    </section>
  );
}
