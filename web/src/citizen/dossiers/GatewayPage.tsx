/**
 * /thanh-toan/gia-lap/:paymentId — the payment gateway simulator (development and demonstration
 * only: the server offers it when not in production). A real gateway (VNPay, the national PayGov
 * platform) shows its own page, then notifies the portal's server with a signed message and sends
 * the payer back. Here this page plays the gateway: it asks the simulator for the signed notice
 * of the chosen outcome, delivers it to the callback exactly as the gateway's server would, and
 * returns to the dossier's payment page.
 */
import { useMutation } from '@tanstack/react-query';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { api } from '../../shared/api.ts';
import { formatVnd } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { Alert, Button, ErrorAlert, PageTitle } from '../../shared/ui/index.ts';
import { SummaryList, SummaryRow } from '../../shared/ui/summary.tsx';

export function gatewayPath(paymentId: string, dossierId: string, amountVnd: number): string {
  return `/thanh-toan/gia-lap/${encodeURIComponent(paymentId)}?ho-so=${encodeURIComponent(dossierId)}&so-tien=${amountVnd}`;
}

type Outcome = 'success' | 'failure';

export function GatewayPage() {
  const { paymentId = '' } = useParams();
  const [params] = useSearchParams();
  const dossierId = params.get('ho-so') ?? '';
  const amount = Number(params.get('so-tien'));
  const { t, intlLocale } = useI18n();
  const navigate = useNavigate();
  const pay = useMutation({
    mutationFn: async (outcome: Outcome) => {
      const notice = await api<Record<string, unknown>>(`/api/v1/payments/simulator/${encodeURIComponent(paymentId)}`, {
        method: 'POST',
        body: { outcome },
      });
      await api('/api/v1/payments/callback', { method: 'POST', body: notice });
    },
    onSuccess: () => {
      const back = `/ho-so-cua-toi/${encodeURIComponent(dossierId)}/thanh-toan?giao-dich=${encodeURIComponent(paymentId)}`;
      navigate(back, { replace: true });
    },
  });
  return (
    <div className="narrow gateway">
      <p className="gateway__brand" aria-hidden="true">
        {t['gateway.brand']}
      </p>
      <PageTitle title={t['gateway.title']}>{t['gateway.title']}</PageTitle>
      <Alert tone="warning">
        <p>{t['gateway.simulated']}</p>
      </Alert>
      <SummaryList>
        <SummaryRow label={t['gateway.merchant']}>{t['site.name']}</SummaryRow>
        {Number.isFinite(amount) && amount > 0 ? (
          <SummaryRow label={t['proc.amount']}>
            <strong>{formatVnd(amount, intlLocale)}</strong>
          </SummaryRow>
        ) : null}
        <SummaryRow label={t['gateway.reference']}>
          <span className="small">{paymentId}</span>
        </SummaryRow>
      </SummaryList>
      {pay.isError ? <ErrorAlert error={pay.error} /> : null}
      <div className="button-group">
        <Button onClick={() => pay.mutate('success')} disabled={pay.isPending}>
          {t['gateway.pay']}
        </Button>
        <Button variant="secondary" onClick={() => pay.mutate('failure')} disabled={pay.isPending}>
          {t['gateway.fail']}
        </Button>
      </div>
    </div>
  );
}
