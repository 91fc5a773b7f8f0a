/**
 * /ho-so-cua-toi/:id/thanh-toan — fees and charges of a dossier (Luật Phí và lệ phí 2015) and how
 * to pay them: online through the payment gateway (the payer goes to the gateway and comes back
 * here with ?giao-dich=<payment>, and this page says how it went), or by a bank transfer scanned
 * from the VietQR code (NAPAS), whose text is also offered to copy. Only the gateway's signed
 * callback marks a fee paid; a failed payment changes nothing in the dossier.
 */
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams, useSearchParams } from 'react-router';
import { formatVnd } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { BackLink } from '../../shared/ui/form-extras.tsx';
import { Alert, Button, ErrorAlert, Loading, PageTitle, Tag } from '../../shared/ui/index.ts';
import { QrImage } from '../../shared/ui/QrImage.tsx';
import { SummaryList, SummaryRow } from '../../shared/ui/summary.tsx';
import { dossierQueries, startPayment } from '../dossier.api.ts';
import { FeeText } from '../FeeText.tsx';
import { shortProcedureName } from '../labels.ts';
import { RequireSignIn } from '../RequireSignIn.tsx';
import { dateTime } from './DossierPage.tsx';
import { gatewayPath } from './GatewayPage.tsx';

export function PaymentPage() {
  return <RequireSignIn>{() => <Payment />}</RequireSignIn>;
}

function Payment() {
  const { id = '' } = useParams();
  const [params] = useSearchParams();
  const paymentId = params.get('giao-dich');
  const { t, intlLocale } = useI18n();
  const navigate = useNavigate();
  const dossier = useQuery(dossierQueries.one(id));
  const summary = useQuery({
    ...dossierQueries.payments(id),
    // Back from the gateway before its notice arrived: ask again shortly.
    refetchInterval: (q) =>
      paymentId && q.state.data?.payments.find((p) => p.id === paymentId)?.status === 'pending' ? 2000 : false,
  });
  const start = useMutation({
    mutationFn: () => startPayment(id),
    onSuccess: (p) => navigate(gatewayPath(p.paymentId, id, p.amountVnd)),
  });
  const [copied, setCopied] = useState<boolean | null>(null);

  if (dossier.isPending || summary.isPending) return <Loading />;
  if (dossier.isError) return <ErrorAlert error={dossier.error} onRetry={() => void dossier.refetch()} />;
  if (summary.isError) return <ErrorAlert error={summary.error} onRetry={() => void summary.refetch()} />;
  const d = dossier.data;
  const s = summary.data;
  const payment = paymentId ? s.payments.find((p) => p.id === paymentId) : undefined;

  return (
    <>
      <BackLink to={`/ho-so-cua-toi/${id}`}>{t['pay.back']}</BackLink>
      <PageTitle title={t['pay.title']} caption={<span lang="vi">{shortProcedureName(d.procedureName)}</span>}>
        {t['pay.title']}
      </PageTitle>

      <div aria-live="polite" data-testid="payment-result">
        {payment?.status === 'paid' ? (
          <Alert tone="success" title={t['pay.success']}>
            <p>{t['pay.successLead'](formatVnd(payment.amountVnd, intlLocale))}</p>
          </Alert>
        ) : payment?.status === 'failed' ? (
          <Alert tone="error" title={t['pay.failed']}>
            <p>{t['pay.failedLead']}</p>
          </Alert>
        ) : payment ? (
          <Alert tone="info" title={t['pay.pending']}>
            <p>{t['pay.pendingLead']}</p>
          </Alert>
        ) : null}
      </div>

      <h2>{t['pay.fees']}</h2>
      <ul className="fees" data-testid="fees">
        {s.fees.map((f) => (
          <li key={f.id} className="fee">
            <p className="fee__head">
              <strong>{formatVnd(f.amountVnd, intlLocale)}</strong>{' '}
              {f.status === 'paid' ? (
                <Tag tone="green">{t['pay.paid']}</Tag>
              ) : (
                <Tag tone="yellow">{t['pay.unpaid']}</Tag>
              )}
            </p>
            <FeeText text={f.description} />
          </li>
        ))}
      </ul>
      <SummaryList>
        <SummaryRow label={t['pay.due']} testId="payment-due">
          <strong>{formatVnd(s.dueVnd, intlLocale)}</strong>
        </SummaryRow>
        <SummaryRow label={t['mine.code']}>{d.code ?? t['mine.noCode']}</SummaryRow>
      </SummaryList>

      {s.dueVnd > 0 ? (
        <>
          <h2>{t['pay.online']}</h2>
          <p>{t['pay.onlineLead']}</p>
          {start.isError ? <ErrorAlert error={start.error} /> : null}
          <Button onClick={() => start.mutate()} disabled={start.isPending}>
            {start.isPending ? t['pay.starting'] : t['pay.start'](formatVnd(s.dueVnd, intlLocale))}
          </Button>

          {s.vietQr ? (
            <>
              <h2>{t['pay.qr']}</h2>
              <p>{t['pay.qrLead']}</p>
              <QrImage value={s.vietQr} label={t['pay.qrAlt'](formatVnd(s.dueVnd, intlLocale))} />
              <details className="details">
                <summary>{t['pay.qrText']}</summary>
                <div className="details__body">
                  <p className="qr-text" data-testid="vietqr-text">
                    {s.vietQr}
                  </p>
                  <Button
                    variant="secondary"
                    onClick={() => {
                      // No clipboard outside a secure context (plain http): say so, the text is above.
                      if (!navigator.clipboard) {
                        setCopied(false);
                        return;
                      }
                      navigator.clipboard.writeText(s.vietQr ?? '').then(
                        () => setCopied(true),
                        () => setCopied(false),
                      );
                    }}
                  >
                    {t['pay.copy']}
                  </Button>
                  <p role="status" className="small">
                    {copied === true ? t['pay.copied'] : copied === false ? t['pay.copyFailed'] : ''}
                  </p>
                </div>
              </details>
            </>
          ) : null}
        </>
      ) : (
        <p>{t['pay.nothingDue']}</p>
      )}

      {s.payments.length > 0 ? (
        <>
          <h2>{t['pay.history']}</h2>
          <ul className="list">
            {s.payments.map((p) => (
              <li key={p.id}>
                {dateTime(p.createdAt, intlLocale)}: {formatVnd(p.amountVnd, intlLocale)} —{' '}
                {p.status === 'paid'
                  ? t['pay.paid']
                  : p.status === 'failed'
                    ? t['pay.failedShort']
                    : t['pay.pendingShort']}
              </li>
            ))}
          </ul>
        </>
      ) : null}
    </>
  );
}
