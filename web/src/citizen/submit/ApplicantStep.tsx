/**
 * Who submits: name, identification number, phone, e-mail, address, filled in from the account
 * (FormSG-style prefill: nobody types again what the State already knows). The phone or the
 * identification number is required: its last four digits are the public lookup's check
 * (dossier.procedures.ts validateApplicant, which this page mirrors so errors show per field).
 * Continuing creates the draft on the server.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useRef, useState } from 'react';
import { Navigate, useNavigate } from 'react-router';
import { ApiError } from '../../shared/api.ts';
import { type AccountDetails, errorTarget, formDataOf, type GroupDef, withPrefill } from '../../shared/eform/eform.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Button, ErrorAlert, Loading, TextField } from '../../shared/ui/index.ts';
import type { Me } from '../auth.ts';
import type { ProcedureDetail } from '../catalog.types.ts';
import { type Applicant, createDraft, dossierQueries } from '../dossier.api.ts';
import { StepHeader } from './StepHeader.tsx';
import {
  AGENCY_STEP,
  APPLICANT_STEP,
  clearPending,
  componentCount,
  draftPath,
  firstDraftStep,
  type PendingSubmission,
  readPending,
  startPath,
  writePending,
} from './steps.ts';

type ApplicantForm = NonNullable<PendingSubmission['applicant']>;
type Key = keyof ApplicantForm;
const KEYS: Key[] = ['name', 'idNumber', 'phone', 'email', 'address'];
const fieldId = (k: Key) => `applicant-${k}`;

const ID_NUMBER = /^(\d{9}|\d{12}|\d{10}(-\d{3})?)$/;
const PHONE = /^(\+84|0)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function ApplicantStep({
  procedure,
  steps,
  me,
  groups,
}: {
  procedure: ProcedureDetail;
  steps: string[];
  me: Me;
  groups: GroupDef[];
}) {
  const account = useQuery(dossierQueries.account(me.id));
  // Read once: the storage is cleared when the draft is created, and this page must not react.
  const [pending] = useState(() => readPending(procedure.code));
  if (!pending.agencyCode) return <Navigate to={startPath(procedure.code, AGENCY_STEP)} replace />;
  if (account.isPending) return <Loading />;
  // Without the account's details the form starts from the name alone; nothing is blocked.
  const details = account.data ?? {
    id: me.id,
    name: me.name,
    email: null,
    phone: null,
    citizenId: null,
    taxCode: null,
  };
  return (
    <ApplicantFormPage
      procedure={procedure}
      steps={steps}
      groups={groups}
      agencyCode={pending.agencyCode}
      initial={
        pending.applicant ?? {
          name: details.name ?? '',
          idNumber: details.citizenId ?? details.taxCode ?? '',
          phone: details.phone ?? '',
          email: details.email ?? '',
          address: details.address ?? '',
        }
      }
      account={details}
      organisation={me.kind === 'organisation'}
    />
  );
}

function idempotencyKey(): string {
  return typeof crypto.randomUUID === 'function'
    ? crypto.randomUUID()
    : `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
}

function ApplicantFormPage({
  procedure,
  steps,
  groups,
  agencyCode,
  initial,
  account,
  organisation,
}: {
  procedure: ProcedureDetail;
  steps: string[];
  groups: GroupDef[];
  agencyCode: string;
  initial: ApplicantForm;
  account: AccountDetails;
  organisation: boolean;
}) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<ApplicantForm>(initial);
  const [errors, setErrors] = useState<Partial<Record<Key, string>>>({});
  // One key per attempt: kept for a retry after a lost answer, renewed once the server refused.
  const key = useRef(idempotencyKey());

  const mutation = useMutation({
    mutationFn: (applicant: Applicant) =>
      createDraft(
        {
          procedureCode: procedure.code,
          agencyCode,
          applicant,
          formData: formDataOf(groups, withPrefill(groups, {}, account)),
        },
        key.current,
      ),
    onSuccess: (draft) => {
      clearPending(procedure.code);
      queryClient.setQueryData(dossierQueries.one(draft.id).queryKey, draft);
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'list'] });
      navigate(draftPath(procedure.code, draft.id, firstDraftStep(groups.length, componentCount(procedure))), {
        replace: true,
      });
    },
    onError: (err) => {
      if (!(err instanceof ApiError) || err.offline) return;
      key.current = idempotencyKey();
      const mapped: Partial<Record<Key, string>> = {};
      for (const e of err.problem.errors ?? []) {
        const target = errorTarget(e.field);
        if (target && 'applicant' in target && KEYS.includes(target.applicant as Key)) {
          mapped[target.applicant as Key] ??= e.message;
        }
      }
      if (Object.keys(mapped).length > 0) setErrors(mapped);
    },
  });

  function validate(v: ApplicantForm): Partial<Record<Key, string>> {
    const e: Partial<Record<Key, string>> = {};
    const phone = v.phone.replace(/[\s.]/g, '');
    if (v.name.trim().length < 2) e.name = t['submit.applicant.error.name'];
    if (v.idNumber.trim() && !ID_NUMBER.test(v.idNumber.trim())) e.idNumber = t['submit.applicant.error.idNumber'];
    if (phone && !PHONE.test(phone)) e.phone = t['submit.applicant.error.phone'];
    if (!phone && !v.idNumber.trim()) e.phone = t['submit.applicant.error.contact'];
    if (v.email.trim() && !EMAIL.test(v.email.trim())) e.email = t['submit.applicant.error.email'];
    if (v.address.trim().length > 500) e.address = t['submit.applicant.error.address'];
    return e;
  }

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    const e = validate(values);
    setErrors(e);
    writePending(procedure.code, { ...readPending(procedure.code), applicant: values });
    if (Object.keys(e).length > 0) return;
    const applicant: Applicant = {
      kind: organisation ? 'organisation' : 'citizen',
      name: values.name.trim().replace(/\s+/g, ' '),
    };
    if (values.idNumber.trim()) applicant.idNumber = values.idNumber.trim();
    if (values.phone.trim()) applicant.phone = values.phone.replace(/[\s.]/g, '');
    if (values.email.trim()) applicant.email = values.email.trim();
    if (values.address.trim()) applicant.address = values.address.trim();
    mutation.mutate(applicant);
  }

  const set = (k: Key) => (e: { target: { value: string } }) => {
    setValues((v) => ({ ...v, [k]: e.target.value }));
    if (errors[k]) setErrors(({ [k]: _, ...rest }) => rest);
  };
  const summary = KEYS.flatMap((k) => (errors[k] ? [{ target: fieldId(k), message: errors[k]! }] : []));
  const mappedToFields = summary.length > 0;

  return (
    <div className="narrow">
      <StepHeader
        back={startPath(procedure.code, AGENCY_STEP)}
        position={steps.indexOf(APPLICANT_STEP) + 1}
        total={steps.length}
        procedureName={procedure.name}
        title={t['submit.applicant.title']}
        errors={summary}
      />
      <p>{t['submit.applicant.lead']}</p>
      {mutation.isError && !mappedToFields ? <ErrorAlert error={mutation.error} /> : null}
      <form onSubmit={onSubmit} noValidate>
        <TextField
          id={fieldId('name')}
          label={organisation ? t['submit.applicant.orgName'] : t['submit.applicant.name']}
          autoComplete={organisation ? 'organization' : 'name'}
          value={values.name}
          error={errors.name}
          onChange={set('name')}
        />
        <TextField
          id={fieldId('idNumber')}
          label={organisation ? t['submit.applicant.taxCode'] : t['submit.applicant.idNumber']}
          hint={t['submit.applicant.idNumberHint']}
          inputMode="numeric"
          autoComplete="off"
          spellCheck={false}
          value={values.idNumber}
          error={errors.idNumber}
          onChange={set('idNumber')}
        />
        <TextField
          id={fieldId('phone')}
          label={t['submit.applicant.phone']}
          hint={t['submit.applicant.phoneHint']}
          type="tel"
          autoComplete="tel"
          value={values.phone}
          error={errors.phone}
          onChange={set('phone')}
        />
        <TextField
          id={fieldId('email')}
          label={t['submit.applicant.email']}
          hint={t['submit.applicant.emailHint']}
          type="email"
          autoComplete="email"
          spellCheck={false}
          value={values.email}
          error={errors.email}
          onChange={set('email')}
        />
        <TextField
          id={fieldId('address')}
          label={t['submit.applicant.address']}
          autoComplete="street-address"
          value={values.address}
          error={errors.address}
          onChange={set('address')}
        />
        <Button type="submit" disabled={mutation.isPending}>
          {mutation.isPending ? t['submit.saving'] : t['submit.continue']}
        </Button>
      </form>
    </div>
  );
}
