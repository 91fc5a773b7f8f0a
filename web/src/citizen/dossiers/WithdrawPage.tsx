/**
 * /ho-so-cua-toi/:id/rut-ho-so — withdrawing a dossier (the `withdraw` action, offered while the
 * process allows it): what it means, the reason when the process asks for one, and a clear way
 * back. Nothing happens without this confirmation.
 */
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { Navigate, useNavigate, useParams } from 'react-router';
import { useI18n } from '../../shared/i18n/index.tsx';
import { BackLink, ErrorSummary, Textarea } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Link, Loading, PageTitle } from '../../shared/ui/index.ts';
import { act, dossierQueries } from '../dossier.api.ts';
import { shortProcedureName } from '../labels.ts';
import { RequireSignIn } from '../RequireSignIn.tsx';

export function WithdrawPage() {
  return <RequireSignIn>{() => <Withdraw />}</RequireSignIn>;
}

function Withdraw() {
  const { id = '' } = useParams();
  const { t } = useI18n();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const dossier = useQuery(dossierQueries.one(id));
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | undefined>(undefined);
  const withdraw = useMutation({
    mutationFn: (version: number) =>
      act(id, { kind: 'withdraw', expectedVersion: version, ...(reason.trim() ? { reason: reason.trim() } : {}) }),
    onSuccess: (view) => {
      navigate(`/ho-so-cua-toi/${id}`, { replace: true, state: { notice: t['withdraw.done'] } });
      queryClient.setQueryData(dossierQueries.one(id).queryKey, view);
      void queryClient.invalidateQueries({ queryKey: ['dossiers'] });
    },
  });
  if (dossier.isPending) return <Loading />;
  if (dossier.isError) return <ErrorAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  const d = dossier.data;
  const action = d.availableActions.find((a) => a.kind === 'withdraw');
  // Nothing to withdraw (any more): back to the dossier — unless it was just withdrawn here, when
  // the dossier's page is being opened with the confirmation.
  if (!action) {
    if (withdraw.isPending || withdraw.isSuccess) return <Loading />;
    return <Navigate to={`/ho-so-cua-toi/${id}`} replace />;
  }
  const needsReason = action.requires.includes('reason');

  function onSubmit(event: FormEvent) {
    event.preventDefault();
    if (needsReason && !reason.trim()) {
      setError(t['withdraw.reasonRequired']);
      return;
    }
    setError(undefined);
    withdraw.mutate(d.version);
  }

  return (
    <div className="narrow">
      <BackLink to={`/ho-so-cua-toi/${id}`} />
      <ErrorSummary errors={error ? [{ target: 'withdraw-reason', message: error }] : []} />
      <PageTitle
        title={t['withdraw.confirmTitle']}
        caption={<span lang="vi">{shortProcedureName(d.procedureName)}</span>}
      >
        {t['withdraw.confirmTitle']}
      </PageTitle>
      <Alert tone="warning">
        <p>{t['withdraw.warning'](d.code ?? '')}</p>
      </Alert>
      {withdraw.isError ? <ErrorAlert error={withdraw.error} /> : null}
      <form onSubmit={onSubmit} noValidate>
        <Textarea
          id="withdraw-reason"
          label={needsReason ? t['withdraw.reason'] : `${t['withdraw.reason']} ${t['eform.optional']}`}
          hint={t['withdraw.reasonHint']}
          rows={3}
          value={reason}
          error={error}
          onChange={(e) => setReason(e.target.value)}
        />
        <div className="button-group">
          <Button type="submit" className="btn--warning" disabled={withdraw.isPending}>
            {withdraw.isPending ? t['submit.saving'] : t['withdraw.confirm']}
          </Button>
          <Link to={`/ho-so-cua-toi/${id}`}>{t['withdraw.cancel']}</Link>
        </div>
      </form>
    </div>
  );
}
