/**
 * After "Nộp hồ sơ": the dossier code (what the person quotes, and with four digits looks the
 * dossier up), the appointment expected if the desk receives it now, what happens next, the fee
 * to pay if any, and the receipt (Giấy tiếp nhận hồ sơ và hẹn trả kết quả, Mẫu 01 of Thông tư
 * 03/2025/TT-VPCP) as soon as the desk has received the dossier.
 */
import { useQuery } from '@tanstack/react-query';
import { formatDayLong, formatTime, formatVnd } from '../../shared/format.ts';
import { useI18n } from '../../shared/i18n/index.tsx';
import { ButtonLink, Link, PageTitle } from '../../shared/ui/index.ts';
import { type DossierView, formUrl, publicQueries } from '../dossier.api.ts';

export function DonePage({ dossier }: { dossier: DossierView }) {
  const { t, intlLocale } = useI18n();
  const agency = useQuery(publicQueries.agency(dossier.receivingAgency));
  const appointment = useQuery({
    ...publicQueries.appointment(dossier.procedureCode, dossier.receivingAgency),
    enabled: !dossier.appointmentAt,
  });
  const due = dossier.fees.filter((f) => f.status !== 'paid').reduce((a, f) => a + f.amountVnd, 0);
  const appointmentAt = dossier.appointmentAt ?? appointment.data?.dueAt ?? null;
  return (
    <>
      <div className="confirmation">
        <PageTitle title={t['done.title']}>{t['done.title']}</PageTitle>
        <p className="confirmation__body">
          {t['done.code']}
          <br />
          <strong className="confirmation__code" data-testid="dossier-code">
            {dossier.code}
          </strong>
        </p>
      </div>
      <p>
        {t['done.sentTo']} <strong lang="vi">{agency.data?.name ?? dossier.receivingAgency}</strong>.
      </p>

      <h2>{dossier.appointmentAt ? t['done.appointment'] : t['done.appointmentExpected']}</h2>
      {appointmentAt ? (
        <p>
          <strong className="appointment" data-testid="done-appointment">
            {formatDayLong(appointmentAt, intlLocale)}, {formatTime(appointmentAt, intlLocale)}
          </strong>
          <br />
          {dossier.appointmentAt ? null : <span className="muted">{t['done.appointmentHint']}</span>}
        </p>
      ) : (
        <p>{t['review.appointmentUnknown']}</p>
      )}

      {due > 0 ? (
        <>
          <h2>{t['done.pay']}</h2>
          <p>{t['done.payLead'](formatVnd(due, intlLocale))}</p>
          <ButtonLink to={`/ho-so-cua-toi/${dossier.id}/thanh-toan`}>{t['done.payButton']}</ButtonLink>
        </>
      ) : null}

      <h2>{t['done.receipt']}</h2>
      {dossier.receivedAt ? (
        <p>
          <a href={formUrl(dossier.id, 'receipt')} download data-testid="receipt-link">
            {t['done.receiptDownload']}
          </a>
        </p>
      ) : (
        <p>{t['done.receiptLater']}</p>
      )}

      <h2>{t['done.next']}</h2>
      <ol className="list list--number">
        <li>{t['done.next1']}</li>
        <li>{t['done.next2']}</li>
        <li>{t['done.next3'](dossier.code ?? '')}</li>
      </ol>
      <p>
        <Link to={`/ho-so-cua-toi/${dossier.id}`}>{t['done.follow']}</Link>
      </p>
      <p>
        <Link to="/ho-so-cua-toi">{t['done.all']}</Link>
      </p>
    </>
  );
}
