/**
 * /nop-ho-so/:code/:id/:step — the pages of a draft: one per e-form group, the documents, the
 * review, and the confirmation once submitted. The draft lives on the server: what is typed is
 * saved as it is typed (useDraftSaver), so this address opened on another device (from "Hồ sơ
 * của tôi") continues where the person stopped.
 */
import { useQuery } from '@tanstack/react-query';
import { useCallback, useState } from 'react';
import { Navigate, useParams } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import {
  type Answers,
  answersFrom,
  type Eform,
  fieldError,
  formDataOf,
  type GroupDef,
  groupsOf,
} from '../../shared/eform/eform.ts';
import { type Messages, useI18n } from '../../shared/i18n/index.tsx';
import { ErrorAlert, Loading } from '../../shared/ui/index.ts';
import { type DossierView, dossierQueries, publicQueries } from '../dossier.api.ts';
import { NotFoundPage } from '../NotFoundPage.tsx';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { ComponentsPage } from './ComponentsPage.tsx';
import { DonePage } from './DonePage.tsx';
import { GroupPage } from './GroupPage.tsx';
import { ReviewPage } from './ReviewPage.tsx';
import { COMPONENTS_STEP, DONE_STEP, draftPath, groupIndexOf, REVIEW_STEP, stepList } from './steps.ts';
import { type DraftSaver, useDraftSaver } from './useDraftSaver.ts';

export function DraftPage() {
  return <RequireSignIn>{() => <DraftLoader />}</RequireSignIn>;
}

function DraftLoader() {
  const { code = '', id = '', step = '' } = useParams();
  const { t } = useI18n();
  const dossier = useQuery({
    ...dossierQueries.one(id),
    // The confirmation page shows the receipt as soon as the desk has received the dossier.
    refetchInterval: (q) => (step === DONE_STEP && q.state.data && !q.state.data.receivedAt ? 30_000 : false),
  });
  const eform = useQuery(publicQueries.eform(code));
  if (dossier.isPending || eform.isPending) return <Loading />;
  if (dossier.isError) {
    if (dossier.error instanceof ApiError && dossier.error.status === 404) return <NotFoundPage />;
    return <ErrorAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  }
  if (eform.isError) return <ErrorAlert error={eform.error} onRetry={() => void eform.refetch()} />;
  const d = dossier.data;
  if (d.procedureCode !== code) return <Navigate to={draftPath(d.procedureCode, d.id, step)} replace />;
  if (d.status !== 'draft' && step !== DONE_STEP) {
    // Just sent from the review page: the confirmation; any other page of a sent dossier: its page.
    const to = step === REVIEW_STEP ? draftPath(code, d.id, DONE_STEP) : `/ho-so-cua-toi/${d.id}`;
    return <Navigate to={to} replace />;
  }
  if (d.status === 'draft' && step === DONE_STEP) return <Navigate to={draftPath(code, d.id, REVIEW_STEP)} replace />;
  if (step === DONE_STEP) return <DonePage dossier={d} />;
  return <DraftFlow key={d.id} dossier={d} eform={eform.data} step={step} t={t} />;
}

/** What every page of a draft works with. */
export interface DraftContext {
  code: string;
  dossier: DossierView;
  groups: GroupDef[];
  steps: string[];
  step: string;
  answers: Answers;
  setAnswer(group: string, field: string, value: string | boolean): void;
  replaceAnswers(answers: Answers): void;
  saver: DraftSaver;
  /** The server's last refusals, by pointer under formData ("/group/field"). */
  serverErrors: Record<string, string>;
  setServerErrors(errors: Record<string, string>): void;
  /** Previous and next page addresses. */
  back: string;
  next: string;
}

function DraftFlow({
  dossier,
  eform,
  step,
  t,
}: {
  dossier: DossierView;
  eform: Eform | null;
  step: string;
  t: ReturnType<typeof useI18n>['t'];
}) {
  const code = dossier.procedureCode;
  const [groups] = useState(() => groupsOf(eform?.schema));
  const [answers, setAnswers] = useState<Answers>(() => answersFrom(groups, dossier.formData));
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const saver = useDraftSaver(dossier.id, dossier.version);
  const steps = stepList(groups.length, dossier.components.length);
  const at = steps.indexOf(step);

  const setAnswer = useCallback(
    (group: string, field: string, value: string | boolean) => {
      setAnswers((prev) => {
        const next = { ...prev, [group]: { ...(prev[group] ?? {}), [field]: value } };
        saver.schedule(formDataForSave(t, groups, next));
        return next;
      });
      setServerErrors((prev) => {
        const key = `/${group}/${field}`;
        if (!(key in prev)) return prev;
        const { [key]: _, ...rest } = prev;
        return rest;
      });
    },
    [groups, saver, t],
  );

  if (at < 2) return <NotFoundPage />;
  const ctx: DraftContext = {
    code,
    dossier,
    groups,
    steps,
    step,
    answers,
    setAnswer,
    replaceAnswers: setAnswers,
    saver,
    serverErrors,
    setServerErrors,
    // The first page of a draft goes back to the start, which lists the drafts (going back to
    // "who submits" would begin another one).
    back: at === 2 ? `/nop-ho-so/${code}` : draftPath(code, dossier.id, steps[at - 1]!),
    next: draftPath(code, dossier.id, steps[at + 1] ?? REVIEW_STEP),
  };
  const groupIndex = groupIndexOf(step);
  if (groupIndex !== null && groups[groupIndex]) {
    // Keyed: each page starts with its own state (not yet checked, not moving on).
    return <GroupPage key={step} ctx={ctx} group={groups[groupIndex]!} />;
  }
  if (step === COMPONENTS_STEP) return <ComponentsPage ctx={ctx} />;
  if (step === REVIEW_STEP) return <ReviewPage ctx={ctx} />;
  return <NotFoundPage />;
}

/**
 * What is saved while typing: every field whose answer already checks (format, length, pattern;
 * required-ness comes at the end). A half-typed e-mail stays on this screen until it is one, so
 * the draft never holds a value the server's partial validation would refuse.
 */
function formDataForSave(t: Messages, groups: GroupDef[], answers: Answers) {
  return formDataOf(groups, answers, (field, value) => fieldError(t, field, value, false) === null);
}
