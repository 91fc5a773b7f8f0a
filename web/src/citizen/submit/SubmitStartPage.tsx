/**
 * /nop-ho-so/:code — the start of an online submission: what it takes (and the drafts already
 * begun, to resume instead of starting again), then where to submit (?buoc=noi-nop) and who
 * submits (?buoc=nguoi-nop). The second page creates the draft (POST /api/v1/dossiers with
 * submit:false), from then on saved on the server and resumable on any device.
 */
import { useQuery } from '@tanstack/react-query';
import { useParams, useSearchParams } from 'react-router';
import { groupsOf } from '../../shared/eform/eform.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Breadcrumbs, ButtonLink, ErrorAlert, Link, Loading, PageTitle } from '../../shared/ui/index.ts';
import type { Me } from '../auth.ts';
import { catalogQueries } from '../catalog.api.ts';
import type { ProcedureDetail } from '../catalog.types.ts';
import { dossierQueries, publicQueries } from '../dossier.api.ts';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { AgencyStep } from './AgencyStep.tsx';
import { ApplicantStep } from './ApplicantStep.tsx';
import {
  AGENCY_STEP,
  APPLICANT_STEP,
  componentCount,
  draftPath,
  firstDraftStep,
  startPath,
  stepList,
} from './steps.ts';

export function SubmitStartPage() {
  return <RequireSignIn>{(me) => <SubmitStart me={me} />}</RequireSignIn>;
}

function SubmitStart({ me }: { me: Me }) {
  const { code = '' } = useParams();
  const [params] = useSearchParams();
  const step = params.get('buoc');
  const { t } = useI18n();
  const procedure = useQuery(catalogQueries.procedure(code));
  const eform = useQuery(publicQueries.eform(code));
  if (procedure.isPending || eform.isPending) return <Loading />;
  if (procedure.isError) return <ErrorAlert error={procedure.error} onRetry={() => void procedure.refetch()} />;
  if (eform.isError) return <ErrorAlert error={eform.error} onRetry={() => void eform.refetch()} />;
  const groups = groupsOf(eform.data?.schema);
  const steps = stepList(groups.length, componentCount(procedure.data));
  if (step === AGENCY_STEP) return <AgencyStep procedure={procedure.data} steps={steps} me={me} />;
  if (step === APPLICANT_STEP) {
    return <ApplicantStep procedure={procedure.data} steps={steps} me={me} groups={groups} />;
  }
  return <Intro procedure={procedure.data} steps={steps} groupCount={groups.length} t={t} />;
}

function Intro({
  procedure,
  steps,
  groupCount,
  t,
}: {
  procedure: ProcedureDetail;
  steps: string[];
  groupCount: number;
  t: ReturnType<typeof useI18n>['t'];
}) {
  const drafts = useQuery(dossierQueries.drafts());
  const mine = (drafts.data?.items ?? []).filter((d) => d.procedureCode === procedure.code);
  const components = componentCount(procedure);
  const resume = firstDraftStep(groupCount, components);
  return (
    <>
      <Breadcrumbs
        items={[
          { to: '/', label: t['site.home'] },
          { to: `/thu-tuc/${procedure.code}`, label: procedure.name },
        ]}
      />
      <PageTitle title={t['submit.title']} caption={<span lang="vi">{procedure.name}</span>}>
        {t['submit.title']}
      </PageTitle>
      {mine.length > 0 ? (
        <Alert tone="info" title={t['submit.drafts'](mine.length)}>
          <ul className="list">
            {mine.map((d) => (
              <li key={d.id}>
                <Link to={draftPath(procedure.code, d.id, resume)}>{t['submit.resumeDraft']}</Link>
              </li>
            ))}
          </ul>
          <p className="small">{t['submit.draftsElsewhere']}</p>
        </Alert>
      ) : null}
      <p className="lead">{t['submit.intro']}</p>
      <h2>{t['submit.stepsTitle']}</h2>
      <ol className="list list--number">
        <li>{t['submit.stepAgency']}</li>
        <li>{t['submit.stepApplicant']}</li>
        {groupCount > 0 ? <li>{t['submit.stepForm'](groupCount)}</li> : null}
        {components > 0 ? <li>{t['submit.stepDocuments']}</li> : null}
        <li>{t['submit.stepReview']}</li>
      </ol>
      <p>{t['submit.autosave']}</p>
      {components > 0 ? <p>{t['submit.prepare']}</p> : null}
      <ButtonLink variant="start" to={startPath(procedure.code, steps[0])}>
        {t['submit.start']}
      </ButtonLink>
      <p>
        <Link to={`/thu-tuc/${procedure.code}`}>{t['submit.back']}</Link>
      </p>
    </>
  );
}
