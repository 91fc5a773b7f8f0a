/**
 * Everything before sending (GOV.UK "check answers"): where, who, each group of the form with a
 * link to change it, the documents, the fees and the expected appointment; then the declaration
 * and "Nộp hồ sơ" (the `submit` action, checked in full by the server). A refusal lists each
 * problem with a link to the page where it is fixed.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { displayValue, errorTarget, validateGroup } from '../../shared/eform/eform.ts';
import { formatDayLong, formatTime, formatVnd } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import type { SummaryError } from '../../shared/ui/form-extras.tsx';
import { Button, ErrorAlert, Link } from '../../shared/ui/index.ts';
import { SummaryList, SummaryRow } from '../../shared/ui/summary.tsx';
import { act, dossierQueries, publicQueries } from '../dossier.api.ts';
import { FeeText } from '../FeeText.tsx';
import { AutosaveStatus } from './AutosaveStatus.tsx';
import type { DraftContext } from './DraftPage.tsx';
import { StepHeader } from './StepHeader.tsx';
import { COMPONENTS_STEP, DONE_STEP, draftPath, groupStep } from './steps.ts';

export function ReviewPage({ ctx }: { ctx: DraftContext }) {
  const { t, intlLocale } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { dossier, groups, code } = ctx;
  const agency = useQuery(publicQueries.agency(dossier.receivingAgency));
  const appointment = useQuery(publicQueries.appointment(code, dossier.receivingAgency));
  const [pageErrors, setPageErrors] = useState<SummaryError[]>([]);

  const submit = useMutation({
    mutationFn: async () => {
      await ctx.saver.flush();
      return act(dossier.id, { kind: 'submit', expectedVersion: ctx.saver.version() });
    },
    onSuccess: (view) => {
      queryClient.setQueryData(dossierQueries.one(dossier.id).queryKey, view);
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'list'] });
      navigate(draftPath(code, dossier.id, DONE_STEP), { replace: true });
    },
    onError: (err) => {
      if (!(err instanceof ApiError)) return;
      const server: Record<string, string> = {};
      const listed: SummaryError[] = [];
      for (const e of err.problem.errors ?? []) {
        const target = errorTarget(e.field);
        if (target && 'group' in target) {
          const index = groups.findIndex((g) => g.name === target.group);
          if (target.field) server[`/${target.group}/${target.field}`] = e.message;
          listed.push({
            target: e.field,
            message: e.message,
            ...(index >= 0 ? { to: draftPath(code, dossier.id, groupStep(index)) } : {}),
          });
        } else listed.push({ target: e.field, message: e.message });
      }
      if (err.problem.code === 'DOSSIER_COMPONENTS_MISSING') {
        listed.push({
          target: 'documents',
          message: err.problem.detail ?? err.problem.title,
          to: draftPath(code, dossier.id, COMPONENTS_STEP),
        });
      }
      ctx.setServerErrors(server);
      setPageErrors(listed);
    },
  });

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    // The same checks as each page, in case a page was skipped (an address typed, another device).
    const problems: SummaryError[] = [];
    groups.forEach((g, i) => {
      const errors = validateGroup(t, g, ctx.answers);
      for (const f of g.fields) {
        const e = errors[f.name];
        if (e) problems.push({ target: f.path, message: e, to: draftPath(code, dossier.id, groupStep(i)) });
      }
    });
    for (const c of dossier.components) {
      if (c.required && !c.file) {
        problems.push({
          target: `component-${c.index}`,
          message: t['upload.missingNamed'](c.name),
          to: draftPath(code, dossier.id, COMPONENTS_STEP),
        });
      }
    }
    setPageErrors(problems);
    if (problems.length === 0) submit.mutate();
  }

  const unpaid = dossier.fees.filter((f) => f.status !== 'paid');
  const due = unpaid.reduce((a, f) => a + f.amountVnd, 0);
  const uploaded = dossier.components.filter((c) => c.file);
  const a = dossier.applicant;
  const mapped = pageErrors.length > 0;

  return (
    <>
      <StepHeader
        back={ctx.back}
        position={ctx.steps.indexOf(ctx.step) + 1}
        total={ctx.steps.length}
        procedureName={dossier.procedureName}
        title={t['review.title']}
        errors={pageErrors}
      />

      <h2>{t['review.where']}</h2>
      <SummaryList>
        <SummaryRow label={t['review.agency']}>
          {<span lang="vi">{agency.data?.name ?? dossier.receivingAgency}</span>}
        </SummaryRow>
        <SummaryRow label={t['review.procedure']}>{<span lang="vi">{dossier.procedureName}</span>}</SummaryRow>
      </SummaryList>

      <h2>{t['review.applicant']}</h2>
      <SummaryList>
        <SummaryRow label={t['submit.applicant.name']}>{a.name}</SummaryRow>
        {a.idNumber ? <SummaryRow label={t['submit.applicant.idNumber']}>{a.idNumber}</SummaryRow> : null}
        {a.phone ? <SummaryRow label={t['submit.applicant.phone']}>{a.phone}</SummaryRow> : null}
        {a.email ? <SummaryRow label={t['review.email']}>{a.email}</SummaryRow> : null}
        {a.address ? <SummaryRow label={t['review.address']}>{a.address}</SummaryRow> : null}
      </SummaryList>

      {groups.map((g, i) => (
        <section key={g.name} aria-labelledby={`review-${g.name}`}>
          <div className="summary-heading">
            <h2 id={`review-${g.name}`} lang="vi">
              {g.title}
            </h2>
            <Link to={draftPath(code, dossier.id, groupStep(i))}>
              {t['review.change']}
              <span className="visually-hidden"> {g.title}</span>
            </Link>
          </div>
          <SummaryList>
            {g.fields.map((f) => (
              <SummaryRow key={f.name} label={<span lang="vi">{f.label}</span>}>
                {displayValue(f, ctx.answers[g.name]?.[f.name], t)}
              </SummaryRow>
            ))}
          </SummaryList>
        </section>
      ))}

      {dossier.components.length > 0 ? (
        <section aria-labelledby="review-documents" id="documents">
          <div className="summary-heading">
            <h2 id="review-documents">{t['review.documents']}</h2>
            <Link to={draftPath(code, dossier.id, COMPONENTS_STEP)}>
              {t['review.change']}
              <span className="visually-hidden"> {t['review.documents']}</span>
            </Link>
          </div>
          {uploaded.length === 0 ? (
            <p>{t['review.noDocuments']}</p>
          ) : (
            <ul className="list list--bullet" data-testid="review-documents">
              {uploaded.map((c) => (
                <li key={c.index}>
                  <span lang="vi">{c.name.replace(/[\s.;:]+$/, '')}</span>: <strong>{c.file!.fileName}</strong>
                </li>
              ))}
            </ul>
          )}
        </section>
      ) : null}

      <h2>{t['review.fees']}</h2>
      {due > 0 ? (
        <>
          <ul className="fees">
            {unpaid.map((f) => (
              <li key={f.id} className="fee">
                <p className="fee__head">
                  <strong>{formatVnd(f.amountVnd, intlLocale)}</strong>
                </p>
                <FeeText text={f.description} />
              </li>
            ))}
          </ul>
          <p>{t['review.feesLater'](formatVnd(due, intlLocale))}</p>
        </>
      ) : (
        <p>{t['review.noFees']}</p>
      )}

      <h2>{t['review.appointment']}</h2>
      {appointment.data ? (
        <p>
          {t['review.appointmentLead']}{' '}
          <strong data-testid="review-appointment">
            {formatDayLong(appointment.data.dueAt, intlLocale)}, {formatTime(appointment.data.dueAt, intlLocale)}
          </strong>
          .
        </p>
      ) : (
        <p>{t['review.appointmentUnknown']}</p>
      )}

      <h2>{t['review.send']}</h2>
      <p>{t['review.declaration']}</p>
      {submit.isError && !mapped ? <ErrorAlert error={submit.error} /> : null}
      <AutosaveStatus ctx={ctx} />
      <form onSubmit={onSubmit} noValidate>
        <Button type="submit" disabled={submit.isPending}>
          {submit.isPending ? t['review.sending'] : t['review.submit']}
        </Button>
      </form>
    </>
  );
}
