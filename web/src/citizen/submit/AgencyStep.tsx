/**
 * Where to submit. A commune-level procedure goes to the People's Committee of the commune or ward
 * where the person lives (Luật Hộ tịch, Luật Cư trú: the place of residence decides); the others
 * to the agencies that published a process for it. Which agencies have one in force is asked of
 * `/api/v1/procedures/{code}/agencies` in one request; the choice is checked against the
 * appointment endpoint before going on, so nobody fills a whole form for an office that cannot take it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Button, ErrorAlert, Loading, RadioGroup, Select } from '../../shared/ui/index.ts';
import type { Me } from '../auth.ts';
import type { ProcedureDetail } from '../catalog.types.ts';
import { type Agency, externalProvidersQuery, publicQueries } from '../dossier.api.ts';
import { StepHeader } from './StepHeader.tsx';
import { AGENCY_STEP, APPLICANT_STEP, readPending, startPath, writePending } from './steps.ts';

const FIELD_ID = 'agency';

function byName(a: Agency, b: Agency): number {
  return a.name.localeCompare(b.name, 'vi');
}

/** The agencies that can take this procedure online: one request, answered from the published processes. */
function useReceivers(procedure: ProcedureDetail) {
  const commune = procedure.levels.includes('commune');
  const query = useQuery(publicQueries.receivers(procedure.code));
  return { commune, query, agencies: [...(query.data?.items ?? [])].sort(byName) };
}

/** The identity level of the session, from its acr ("…level2", "loa2", "2"); a password login is 0 (as the server reads it). */
export function sessionLevel(acr: string | undefined | null): number {
  const m = acr ? /([12])$/.exec(acr) : null;
  return m ? Number(m[1]) : 0;
}

export function AgencyStep({ procedure, steps, me }: { procedure: ProcedureDetail; steps: string[]; me: Me }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { commune, query, agencies } = useReceivers(procedure);
  const [chosen, setChosen] = useState<string>(() => readPending(procedure.code).agencyCode ?? '');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
  const [stepUp, setStepUp] = useState<Agency | null>(null);
  const providers = useQuery(externalProvidersQuery);
  const selected = chosen || (agencies.length === 1 ? agencies[0]!.code : '');
  const title = commune ? t['submit.agency.communeTitle'] : t['submit.agency.title'];

  async function onSubmit(event: FormEvent) {
    event.preventDefault();
    setFailure(null);
    if (!selected) {
      setError(commune ? t['submit.agency.requiredCommune'] : t['submit.agency.required']);
      return;
    }
    const agency = agencies.find((a) => a.code === selected);
    // Nghị định 69/2024/NĐ-CP: some procedures need a level-2 electronic identity. Asked before
    // the form, not refused after it: the person signs in again with the provider at level 2.
    if (agency && agency.minIdentityLevel === 2 && sessionLevel(me.acr) < 2) {
      writePending(procedure.code, { ...readPending(procedure.code), agencyCode: selected });
      setError(null);
      setStepUp(agency);
      return;
    }
    setChecking(true);
    try {
      await queryClient.fetchQuery(publicQueries.appointment(procedure.code, selected));
    } catch (err) {
      setChecking(false);
      if (err instanceof ApiError && (err.status === 404 || err.status === 422)) {
        setError(t['submit.agency.notOnline'](agency?.name ?? selected));
      } else setFailure(err);
      return;
    }
    setChecking(false);
    setError(null);
    writePending(procedure.code, { ...readPending(procedure.code), agencyCode: selected });
    navigate(startPath(procedure.code, APPLICANT_STEP));
  }

  const position = steps.indexOf(AGENCY_STEP) + 1;
  const errors = error ? [{ target: agencies.length <= 8 ? `${FIELD_ID}-0` : FIELD_ID, message: error }] : [];
  const header = (
    <StepHeader
      back={startPath(procedure.code)}
      position={position}
      total={steps.length}
      procedureName={procedure.name}
      title={title}
      errors={errors}
    />
  );
  if (query.isPending) {
    return (
      <>
        {header}
        <Loading />
      </>
    );
  }
  if (query.isError) {
    return (
      <>
        {header}
        <ErrorAlert error={query.error} onRetry={() => void query.refetch()} />
      </>
    );
  }
  if (agencies.length === 0) {
    return (
      <>
        {header}
        <Alert tone="warning" title={t['submit.agency.none']}>
          <p>{t['submit.agency.noneHint']}</p>
        </Alert>
      </>
    );
  }
  if (stepUp) {
    const returnTo = startPath(procedure.code, AGENCY_STEP);
    const provider = providers.data?.[0];
    return (
      <div className="narrow">
        {header}
        <Alert tone="warning" title={t['submit.stepUp.title']}>
          <p>{t['submit.stepUp.body'](stepUp.name)}</p>
          <p>{t['submit.stepUp.how']}</p>
        </Alert>
        {provider ? (
          <p>
            <a
              className="btn btn--primary"
              data-testid="step-up"
              href={`${provider.startUrl}?${new URLSearchParams({ acr: '2', returnTo })}`}
            >
              {t['submit.stepUp.action'](provider.name)}
            </a>
          </p>
        ) : (
          <p>{t['submit.stepUp.noProvider']}</p>
        )}
        <Button variant="secondary" onClick={() => setStepUp(null)}>
          {t['submit.stepUp.back']}
        </Button>
      </div>
    );
  }
  return (
    <div className="narrow">
      {header}
      {failure ? <ErrorAlert error={failure} /> : null}
      <form onSubmit={onSubmit} noValidate>
        {agencies.length <= 8 ? (
          <RadioGroup
            id={FIELD_ID}
            name="agency"
            label={commune ? t['submit.agency.communeLabel'] : t['submit.agency.label']}
            hint={commune ? t['submit.agency.communeHint'] : t['submit.agency.hint']}
            options={agencies.map((a) => ({ value: a.code, label: <span lang="vi">{a.name}</span> }))}
            value={selected}
            error={error ?? undefined}
            onChange={(v) => {
              setChosen(v);
              setError(null);
            }}
          />
        ) : (
          <Select
            id={FIELD_ID}
            name="agency"
            label={commune ? t['submit.agency.communeLabel'] : t['submit.agency.label']}
            hint={commune ? t['submit.agency.communeHint'] : t['submit.agency.hint']}
            options={[
              { value: '', label: t['submit.agency.choose'] },
              ...agencies.map((a) => ({ value: a.code, label: a.name })),
            ]}
            value={selected}
            error={error ?? undefined}
            onChange={(e) => {
              setChosen(e.target.value);
              setError(null);
            }}
          />
        )}
        <Button type="submit" disabled={checking}>
          {checking ? t['submit.checking'] : t['submit.continue']}
        </Button>
      </form>
    </div>
  );
}
