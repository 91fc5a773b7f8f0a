/**
 * A supplement was asked (Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ, Mẫu 02): why, and since when;
 * the person uploads the missing or corrected documents and sends them (the `provide_supplement`
 * action), which restarts the processing clock where it stopped.
 */
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Button, ErrorAlert } from '../../shared/ui/index.ts';
import { ComponentUploads } from '../ComponentUploads.tsx';
import { act, type DossierView, dossierQueries, formUrl, type HistoryItem } from '../dossier.api.ts';
import { dateTime } from './DossierPage.tsx';

export function SupplementSection({
  dossier,
  history,
  onSent,
}: {
  dossier: DossierView;
  history: HistoryItem[];
  /** Called once sent: this section then goes (the dossier is no longer waiting), the page says so. */
  onSent(message: string): void;
}) {
  const { t, intlLocale } = useI18n();
  const queryClient = useQueryClient();
  const request = [...history].reverse().find((h) => h.action === 'request_supplement');
  const send = useMutation({
    mutationFn: () => act(dossier.id, { kind: 'provide_supplement', expectedVersion: dossier.version }),
    onSuccess: (view) => {
      onSent(t['supplement.sent']);
      queryClient.setQueryData(dossierQueries.one(dossier.id).queryKey, view);
      void queryClient.invalidateQueries({ queryKey: dossierQueries.history(dossier.id).queryKey });
      void queryClient.invalidateQueries({ queryKey: ['dossiers', 'list'] });
    },
  });
  return (
    <section aria-labelledby="supplement-title" className="panel panel--warning">
      <h2 id="supplement-title">{t['supplement.title']}</h2>
      {request ? (
        <p>
          {t['supplement.askedOn'](dateTime(request.at, intlLocale))}
          {request.reason || request.comment ? (
            <>
              <br />
              <strong>{t['supplement.reason']}</strong>{' '}
              <q lang="vi" data-testid="supplement-reason">
                {request.reason ?? request.comment}
              </q>
            </>
          ) : null}
        </p>
      ) : null}
      <p>
        <a href={formUrl(dossier.id, 'supplement_request')} download>
          {t['form.supplement_request']}
        </a>{' '}
        <span className="muted small">(PDF)</span>
      </p>
      <p>{t['supplement.lead']}</p>
      <ComponentUploads dossier={dossier} idPrefix="supplement" />
      {send.isError ? <ErrorAlert error={send.error} /> : null}
      <p>{t['supplement.sendLead']}</p>
      <Button onClick={() => send.mutate()} disabled={send.isPending}>
        {send.isPending ? t['submit.saving'] : t['supplement.send']}
      </Button>
    </section>
  );
}
