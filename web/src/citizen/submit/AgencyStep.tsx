/**
 * Where to submit. A commune-level procedure goes to the People's Committee of the commune or ward
 * where the person lives (Luật Hộ tịch, Luật Cư trú: the place of residence decides); the others
 * to the agencies that published a process for it. Which agencies have one is asked of the
 * appointment endpoint (it answers only where a process is in force); the choice is checked the
 * same way before going on, so nobody fills a whole form for an office that cannot take it.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiError, api } from '../../shared/api.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Button, ErrorAlert, Loading, RadioGroup, Select } from '../../shared/ui/index.ts';
import type { ProcedureDetail } from '../catalog.types.ts';
import { type Agency, publicQueries } from '../dossier.api.ts';
import { StepHeader } from './StepHeader.tsx';
import { AGENCY_STEP, APPLICANT_STEP, readPending, startPath, writePending } from './steps.ts';

const PROVINCE_RECEIVER_KINDS = ['service_centre', 'department'];
const FIELD_ID = 'agency';

function byName(a: Agency, b: Agency): number {
  return a.name.localeCompare(b.name, 'vi');
}

/** The agencies that can take this procedure online. */
function useReceivers(procedure: ProcedureDetail) {
  const commune = procedure.levels.includes('commune');
  const communes = useQuery({ ...publicQueries.agencies('commune_committee'), enabled: commune });
  const province = useQuery({
    queryKey: ['catalog', 'receivers', procedure.code],
    enabled: !commune,
    staleTime: 5 * 60_000,
    queryFn: async ({ signal }) => {
      const lists = await Promise.all(
        PROVINCE_RECEIVER_KINDS.map((kind) =>
          api<{ items: Agency[] }>('/api/v1/catalog/agencies', { query: { kind, limit: 100 }, signal }),
        ),
      );
      const candidates = lists.flatMap((l) => l.items);
      const probes = await Promise.allSettled(
        candidates.map((a) =>
          api(`/api/v1/procedures/${encodeURIComponent(procedure.code)}/appointment`, {
            query: { agency: a.code },
            signal,
          }),
        ),
      );
      return candidates.filter((_, i) => probes[i]!.status === 'fulfilled');
    },
  });
  const query = commune ? communes : province;
  const items = commune ? (communes.data?.items ?? []) : (province.data ?? []);
  return { commune, query, agencies: [...items].sort(byName) };
}

export function AgencyStep({ procedure, steps }: { procedure: ProcedureDetail; steps: string[] }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { commune, query, agencies } = useReceivers(procedure);
  const [chosen, setChosen] = useState<string>(() => readPending(procedure.code).agencyCode ?? '');
  const [error, setError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(null);
  const [checking, setChecking] = useState(false);
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
