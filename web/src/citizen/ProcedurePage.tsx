/**
 * /thu-tuc/:code — one procedure in plain words: what you get, who may apply, the documents,
 * fees, time and the appointment you would get now, where to go, how to apply online, the law.
 * The record is read automatically from the national portal; what the importer could not read
 * with confidence is marked "chưa được kiểm tra" where it appears, and listed at the end.
 */
import { type QueryClient, useQuery } from '@tanstack/react-query';
import type { ReactNode } from 'react';
import { type LoaderFunctionArgs, useParams } from 'react-router';
import { ApiError } from '../shared/api.ts';
import { formatDate, formatDayLong, formatTime } from '../shared/format.ts';
import { useI18n } from '../shared/i18n/index.tsx';
import { keyed } from '../shared/keys.ts';
import {
  Alert,
  Breadcrumbs,
  ButtonLink,
  ErrorAlert,
  ExternalLink,
  Loading,
  PageTitle,
  Tag,
} from '../shared/ui/index.ts';
import { fetchAppointment } from './appointment.ts';
import { catalogQueries } from './catalog.api.ts';
import type { DossierComponent, Fee, Flag, ProcedureDetail, SubmissionChannel } from './catalog.types.ts';
import {
  channelLabel,
  cleanHeading,
  durationLabel,
  feeAmountLabel,
  isNoInfo,
  levelLabel,
  processingTimeLabel,
} from './labels.ts';
import { NotFoundPage } from './NotFoundPage.tsx';

export function procedureLoader(queryClient: QueryClient) {
  return ({ params }: LoaderFunctionArgs) => {
    if (params.code) void queryClient.prefetchQuery(catalogQueries.procedure(params.code));
    return null;
  };
}

/** Sections of the page and the record fields whose flags concern them. */
const SECTION_FIELDS: Record<string, string[]> = {
  purpose: ['results'],
  who: ['subjects', 'conditions'],
  documents: ['dossier'],
  fees: ['channels'],
  where: ['receivingAddress', 'implementingAgency', 'competentAgency'],
  online: ['onlineService', 'steps'],
  legal: ['legalBasis'],
};

function flagsOf(flags: Flag[], section: string): Flag[] {
  const fields = SECTION_FIELDS[section] ?? [];
  return flags.filter((f) => fields.some((name) => f.field === name || f.field.startsWith(`${name}[`)));
}

export function ProcedurePage() {
  const { code = '' } = useParams();
  const { t } = useI18n();
  const query = useQuery(catalogQueries.procedure(code));
  if (query.isError && query.error instanceof ApiError && [400, 404].includes(query.error.status)) {
    return <NotFoundPage />;
  }
  if (query.isPending) {
    return (
      <>
        <Breadcrumbs items={[{ to: '/', label: t['site.home'] }]} />
        <Loading />
      </>
    );
  }
  if (query.isError) return <ErrorAlert error={query.error} onRetry={() => query.refetch()} />;
  return <Procedure detail={query.data} />;
}

function SectionHeading({ id, children, flags }: { id: string; children: ReactNode; flags: Flag[] }) {
  const { t } = useI18n();
  return (
    <h2 id={id}>
      {children}{' '}
      {flags.length > 0 ? (
        <span className="section-tag">
          <Tag tone="yellow">{t['proc.unverified']}</Tag>
        </span>
      ) : null}
    </h2>
  );
}

function Procedure({ detail }: { detail: ProcedureDetail }) {
  const { t, intlLocale } = useI18n();
  const r = detail.record;
  const channels = r.channels.value ?? [];
  const online = channels.some((c) => c.channel === 'online');
  const results = r.results.value ?? [];
  const subjects = r.subjects.value ?? [];
  const conditions = r.conditions.value;
  const groups = (r.dossier.value ?? []).filter((g) => g.components.length > 0 || g.notes.length > 0);
  const acts = r.legalBasis.value ?? [];
  const where = [
    { label: t['proc.address'], value: r.receivingAddress.value },
    { label: t['proc.agency'], value: r.implementingAgency.value },
    { label: t['proc.competent'], value: r.competentAgency.value },
  ].filter((w): w is { label: string; value: string } => Boolean(w.value));
  const flags = detail.flags;
  const sections: [string, string][] = [
    ['muc-dich', t['proc.purpose']],
    ['doi-tuong', t['proc.who']],
    ['giay-to', t['proc.documents']],
    ['phi-thoi-han', `${t['proc.fees']}, ${t['proc.time'].toLowerCase()}`],
    ['noi-nop', t['proc.where']],
    ['nop-truc-tuyen', t['proc.online']],
    ['can-cu', t['proc.legal']],
  ];

  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/', label: t['site.home'] },
          { to: `/tim-kiem?linh-vuc=${encodeURIComponent(detail.sector)}`, label: detail.sector },
        ]}
      />
      <PageTitle title={detail.name} caption={<span lang="vi">{detail.sector}</span>}>
        <span lang="vi">{detail.name}</span>
      </PageTitle>
      <p className="muted">
        {t['proc.code']}: <strong>{detail.code}</strong> · {detail.levels.map((l) => levelLabel(t, l)).join(', ')} ·{' '}
        {channels.map((c) => channelLabel(t, c.channel)).join(', ')}
      </p>

      {flags.length > 0 ? (
        <Alert tone="warning" title={t['proc.unverified']}>
          <p>{t['proc.unverifiedLead'](flags.length)}</p>
          <p>
            <a href="#chua-kiem-tra">{t['proc.unverifiedList'](flags.length)}</a>
          </p>
        </Alert>
      ) : null}

      <div className="layout-2col">
        <aside className="layout-2col__side" aria-labelledby="hen-tra">
          <AppointmentPanel detail={detail} online={online} />
        </aside>

        <div className="layout-2col__main">
          <nav className="contents" aria-labelledby="contents-heading">
            <h2 id="contents-heading">{t['proc.contents']}</h2>
            <ul>
              {sections.map(([id, label]) => (
                <li key={id}>
                  <a href={`#${id}`}>{label}</a>
                </li>
              ))}
            </ul>
          </nav>

          <SectionHeading id="muc-dich" flags={flagsOf(flags, 'purpose')}>
            {t['proc.purpose']}
          </SectionHeading>
          {results.length > 0 ? (
            <ul className="list list--bullet" lang="vi">
              {results.map((res) => (
                <li key={`${res.code}:${res.name}`}>{res.name}</li>
              ))}
            </ul>
          ) : (
            <p>{t['proc.purposeNone']}</p>
          )}

          <SectionHeading id="doi-tuong" flags={flagsOf(flags, 'who')}>
            {t['proc.who']}
          </SectionHeading>
          {subjects.length > 0 ? (
            <ul className="list list--bullet" lang="vi">
              {subjects.map((s) => (
                <li key={s}>{s}</li>
              ))}
            </ul>
          ) : (
            <p lang="vi">{r.subjects.raw}</p>
          )}
          {conditions && conditions.length > 0 ? (
            <>
              <h3>{t['proc.conditions']}</h3>
              <ul className="list list--bullet" lang="vi">
                {conditions.map((c) => (
                  <li key={c}>{c}</li>
                ))}
              </ul>
            </>
          ) : null}
          {conditions === null && !isNoInfo(r.conditions.raw) ? (
            <>
              <h3>{t['proc.conditions']}</h3>
              <p className="pre-text" lang="vi">
                {r.conditions.raw}
              </p>
            </>
          ) : null}

          <SectionHeading id="giay-to" flags={flagsOf(flags, 'documents')}>
            {t['proc.documents']}
          </SectionHeading>
          {groups.length === 0 ? <p>{t['proc.documentsNone']}</p> : null}
          {keyed(groups, (g) => `${g.kind}:${g.heading}`).map(({ key: groupKey, item: g }) => {
            const heading = g.heading ? cleanHeading(g.heading) : null;
            const notes = (
              <ul className="list list--bullet small" lang="vi">
                {g.notes.map((n) => (
                  <li key={n}>{n}</li>
                ))}
              </ul>
            );
            // Long guidance ("Lưu ý") is there for whoever needs it, without burying the list.
            if (g.kind === 'notes' && g.components.length === 0) {
              return (
                <details className="details" key={groupKey}>
                  <summary lang="vi">{heading ?? t['proc.notes']}</summary>
                  <div className="details__body">{notes}</div>
                </details>
              );
            }
            return (
              <div className="doc-group" key={groupKey}>
                {heading ? (
                  <h3 lang="vi" className="h3">
                    {heading}
                  </h3>
                ) : null}
                {g.alternatives ? <p>{t['proc.alternatives']}:</p> : null}
                {keyed(byRequirement(g.components), (c) => c.raw).map(({ key, item: c }) => (
                  <DocumentItem key={key} component={c} />
                ))}
                {g.notes.length > 2 ? (
                  <details className="details">
                    <summary>{t['proc.moreNotes'](g.notes.length)}</summary>
                    <div className="details__body">{notes}</div>
                  </details>
                ) : g.notes.length > 0 ? (
                  <div className="muted">{notes}</div>
                ) : null}
              </div>
            );
          })}

          <SectionHeading id="phi-thoi-han" flags={flagsOf(flags, 'fees')}>
            {t['proc.fees']}, {t['proc.time'].toLowerCase()}
          </SectionHeading>
          <ChannelTable channels={channels} intlLocale={intlLocale} />

          <SectionHeading id="noi-nop" flags={flagsOf(flags, 'where')}>
            {t['proc.where']}
          </SectionHeading>
          {where.length > 0 ? (
            <dl className="summary">
              {where.map((w) => (
                <div className="summary__row" key={w.label}>
                  <dt className="summary__key">{w.label}</dt>
                  <dd className="summary__value" lang="vi">
                    {w.value}
                  </dd>
                </div>
              ))}
            </dl>
          ) : (
            <p>{t['proc.whereUnknown']}</p>
          )}

          <SectionHeading id="nop-truc-tuyen" flags={flagsOf(flags, 'online')}>
            {t['proc.online']}
          </SectionHeading>
          <p>{online ? t['proc.onlineLead'] : t['proc.onlineNo']}</p>
          {online ? (
            <ButtonLink variant="start" to={`/nop-ho-so/${detail.code}`} className="btn--block-mobile">
              {t['proc.submit']}
            </ButtonLink>
          ) : null}
          {r.steps.value && !isNoInfo(r.steps.value) ? (
            <details className="details">
              <summary>{t['proc.stepsShow']}</summary>
              <div className="details__body pre-text" lang="vi">
                {r.steps.value}
              </div>
            </details>
          ) : null}

          <SectionHeading id="can-cu" flags={flagsOf(flags, 'legal')}>
            {t['proc.legal']}
          </SectionHeading>
          {acts.length > 0 ? (
            <details className="details">
              <summary>{t['proc.legalShow'](acts.length)}</summary>
              <div className="details__body">
                <ul className="list list--bullet small" lang="vi">
                  {keyed(acts, (a) => a.raw).map(({ key, item: a }) => (
                    <li key={key}>
                      {a.number.value ? <strong>{a.number.value}</strong> : null}
                      {a.number.value && a.title.value ? ': ' : null}
                      {a.title.value ?? (a.number.value ? null : a.raw)}
                    </li>
                  ))}
                </ul>
              </div>
            </details>
          ) : (
            <p lang="vi">{r.legalBasis.raw || '—'}</p>
          )}

          {r.source.detailUrl ? (
            <p>
              <ExternalLink href={r.source.detailUrl}>{t['proc.source']}</ExternalLink>
            </p>
          ) : null}
          <p className="muted small">{t['proc.version'](formatDate(detail.versionFrom, intlLocale))}</p>

          {flags.length > 0 ? (
            <>
              <h2 id="chua-kiem-tra">{t['proc.unverified']}</h2>
              <details className="details">
                <summary>{t['proc.unverifiedList'](flags.length)}</summary>
                <div className="details__body">
                  <ul className="list list--bullet small" lang="vi">
                    {keyed(flags, (f) => `${f.field}:${f.reason}`).map(({ key, item: f }) => (
                      <li key={key}>{f.reason}</li>
                    ))}
                  </ul>
                </div>
              </details>
            </>
          ) : null}
        </div>
      </div>
    </>
  );
}

const REQUIREMENT_ORDER = { required: 0, alternative: 1, conditional: 2 } as const;

/** Documents everyone needs first, then the ones for some cases (stable: source order within). */
function byRequirement(components: DossierComponent[]): DossierComponent[] {
  const rank = (c: DossierComponent) => (c.requirement.value ? REQUIREMENT_ORDER[c.requirement.value] : 0);
  return components
    .map((c, i) => ({ c, i }))
    .sort((a, b) => rank(a.c) - rank(b.c) || a.i - b.i)
    .map(({ c }) => c);
}

function DocumentItem({ component: c }: { component: DossierComponent }) {
  const { t } = useI18n();
  const q = c.quantity.value;
  const template = c.template?.value ?? null;
  return (
    <div className="doc">
      <p className="doc__name" lang="vi">
        {c.name}
      </p>
      <div className="doc__meta">
        {q && (q.originals > 0 || q.copies > 0) ? (
          <span>
            {[
              q.originals > 0 ? t['proc.originals'](q.originals) : null,
              q.copies > 0 ? t['proc.copies'](q.copies) : null,
            ]
              .filter(Boolean)
              .join(', ')}
          </span>
        ) : null}
        {c.requirement.value === 'conditional' ? <Tag tone="blue">{t['proc.conditional']}</Tag> : null}
        {c.requirement.value === 'alternative' ? <Tag tone="blue">{t['proc.alternative']}</Tag> : null}
        {template?.url ? (
          <a href={template.url} download>
            {t['proc.templateDownload'](template.fileName)}
          </a>
        ) : null}
        {template && !template.url ? (
          <span>
            {t['proc.template']}: <span lang="vi">{template.fileName}</span> ({t['proc.templateMissing']})
          </span>
        ) : null}
      </div>
    </div>
  );
}

function feeText(t: ReturnType<typeof useI18n>['t'], fees: Fee[], intlLocale: string): string[] {
  if (fees.length === 0) return [t['proc.feeUnknown']];
  return fees.map((f) => {
    const parts = [feeAmountLabel(t, f, intlLocale)];
    if (f.optional) parts.push(`(${t['proc.feeOptional']})`);
    if (f.description && f.amountVnd !== 0) parts.push(`— ${f.description}`);
    return parts.join(' ');
  });
}

/** Fees and time limits per channel; channels with the same values share one row. */
function ChannelTable({ channels, intlLocale }: { channels: SubmissionChannel[]; intlLocale: string }) {
  const { t } = useI18n();
  const rows: { channels: string[]; time: string[]; fees: string[]; exemptions: string[] }[] = [];
  for (const c of channels) {
    const time = c.processingTimes.map((p) =>
      p.kind === 'standard' || !p.condition
        ? processingTimeLabel(t, p)
        : `${processingTimeLabel(t, p)} (${p.condition})`,
    );
    const fees = feeText(t, c.fees, intlLocale);
    const exemptions = [...new Set(c.fees.flatMap((f) => f.exemptions))];
    const same = rows.find((row) => row.time.join('|') === time.join('|') && row.fees.join('|') === fees.join('|'));
    if (same) same.channels.push(channelLabel(t, c.channel));
    else rows.push({ channels: [channelLabel(t, c.channel)], time, fees, exemptions });
  }
  if (rows.length === 0) return <p>{t['proc.timeUnknown']}</p>;
  return (
    <dl className="summary">
      {rows.map((row) => (
        <div className="summary__row" key={row.channels.join(',')}>
          <dt className="summary__key">{row.channels.join(', ')}</dt>
          <dd className="summary__value">
            <p className="small" style={{ margin: 0 }}>
              <strong>{t['proc.time']}:</strong> {row.time.join('; ')}
            </p>
            <p className="small" style={{ margin: 0 }}>
              <strong>{t['proc.fees']}:</strong> {row.fees.join('; ')}
            </p>
            {row.exemptions.length > 0 ? (
              <ul className="list list--bullet small muted" lang="vi">
                {row.exemptions.map((e) => (
                  <li key={e}>{e}</li>
                ))}
              </ul>
            ) : null}
          </dd>
        </div>
      ))}
    </dl>
  );
}

function AppointmentPanel({ detail, online }: { detail: ProcedureDetail; online: boolean }) {
  const { t, intlLocale } = useI18n();
  const appointment = useQuery({
    queryKey: ['appointment', detail.code, detail.versionFrom],
    queryFn: ({ signal }) => fetchAppointment(detail.code, detail.record, new Date(), signal),
    // The answer moves with the clock (cutoff hour, end of day): refresh after a minute.
    staleTime: 60_000,
  });
  let body: ReactNode;
  if (appointment.isPending) body = <Loading />;
  else if (appointment.isError) body = <ErrorAlert error={appointment.error} onRetry={() => appointment.refetch()} />;
  else {
    const a = appointment.data;
    if (a.source === 'none') body = <p>{t['proc.appointmentNone']}</p>;
    else {
      const withTime = a.source !== 'calendar';
      body = (
        <>
          <p>{t['proc.appointmentLead']}</p>
          <p className="appointment" data-testid="appointment-date">
            {formatDayLong(a.dueAt, intlLocale)}
            {withTime ? `, ${formatTime(a.dueAt, intlLocale)}` : ''}
          </p>
          <p className="small">
            {a.source === 'process' ? t['proc.appointmentOfficial'] : null}
            {a.source === 'working' && a.guessedFrom !== null ? t['proc.appointmentGuess'](a.guessedFrom) : null}
            {a.source === 'working' && a.guessedFrom === null
              ? t['proc.appointmentComputed'](durationLabel(t, a.duration))
              : null}
            {a.source === 'calendar' ? t['proc.appointmentCalendar'](durationLabel(t, a.duration)) : null}
          </p>
          {a.source === 'working' && a.cutoff ? <p className="small">{t['proc.appointmentCutoff'](a.cutoff)}</p> : null}
          {a.source !== 'working' || a.guessedFrom === null ? (
            <p className="small muted">{t['proc.appointmentBinding']}</p>
          ) : null}
        </>
      );
    }
  }
  return (
    <div className="panel">
      <h2 id="hen-tra">{t['proc.appointment']}</h2>
      {body}
      {online ? (
        <ButtonLink to={`/nop-ho-so/${detail.code}`} className="btn--block-mobile" style={{ marginBottom: 0 }}>
          {t['proc.submit']}
        </ButtonLink>
      ) : null}
    </div>
  );
}
