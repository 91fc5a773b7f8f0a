/**
 * E-mail to the applicant at each change of their dossier that asks something of them or tells
 * them an outcome: received (with the appointment date), supplement requested (with the reason),
 * refused or stopped (with the reason), result ready, result returned. Nghị định 61/2018/NĐ-CP
 * art. 19 and 22 (as amended by Nghị định 107/2021/NĐ-CP) require the applicant to be told of
 * each of these through the portal or by message; internal moves (forward, transfer, approve)
 * are not mailed.
 *
 * The mail is sent from the dossier events, through the platform's dispatcher: it runs in the
 * consumer's transaction that also records (consumer, event id), so a redelivered event sends
 * no second mail; a failed send rolls the receipt back and the event is retried later. Only an
 * applicant account's verified e-mail is used: an address typed into a form is not proof that
 * its owner wants (or should get) mail about someone's dossier.
 */

import type { FastifyInstance } from 'fastify';
import { sql, type Transaction } from 'kysely';
import type { DomainEvent } from '../../platform/events/index.ts';
import type { ModuleContext } from '../../platform/kernel/index.ts';
import { createMailer, type Mailer, type MailMessage, verifiedEmailOf } from '../identity/index.ts';
import type { DossierRow } from './dossier.repository.ts';

/** Looks up an account's verified e-mail in the caller's transaction (null when none). */
export type VerifiedEmailOf = (tx: Transaction<any>, accountId: string) => Promise<string | null>;

export const NOTIFY_CONSUMER = 'dossier.notify-applicant';

/** The events that are mailed, by their type in the outbox. */
export const NOTIFIED_EVENTS = [
  'dossier.received',
  'dossier.supplement_requested',
  'dossier.refused',
  'dossier.stopped',
  'dossier.completed',
  'dossier.returned',
] as const;
export type NotifiedEvent = (typeof NOTIFIED_EVENTS)[number];

export interface NotificationFacts {
  code: string;
  procedureName: string;
  link: string;
  /** The reason typed by the official (supplement, refusal, stop), when the event has one. */
  reason: string | null;
  appointmentAt: Date | null;
  /** The dossier's status now: a result-ready mail is skipped once the result was returned. */
  status: string;
}

const vnDateTime = new Intl.DateTimeFormat('vi-VN', {
  timeZone: 'Asia/Ho_Chi_Minh',
  hour: '2-digit',
  minute: '2-digit',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

/**
 * The subject and body of one notice (pure: tested on its own), or null when this event needs no
 * mail (result ready announced in the same action that returned it).
 */
export function notificationText(type: NotifiedEvent, f: NotificationFacts): { subject: string; text: string } | null {
  const head = `Hồ sơ ${f.code} — ${f.procedureName}`;
  const reason = f.reason ? `Lý do: ${f.reason}\n\n` : '';
  const follow = `Xem chi tiết và theo dõi hồ sơ: ${f.link}\n`;
  const footer = '\n--\nThư tự động từ Cổng Dịch vụ công. Vui lòng không trả lời thư này.\n';
  let subject: string;
  let body: string;
  switch (type) {
    case 'dossier.received':
      subject = `Hồ sơ ${f.code} đã được tiếp nhận`;
      body =
        `${head}\n\nHồ sơ của bạn đã được tiếp nhận.\n` +
        (f.appointmentAt ? `Ngày hẹn trả kết quả: ${vnDateTime.format(f.appointmentAt)}.\n` : '') +
        '\n';
      break;
    case 'dossier.supplement_requested':
      subject = `Hồ sơ ${f.code} cần bổ sung`;
      body =
        `${head}\n\nCơ quan giải quyết đề nghị bạn bổ sung, hoàn thiện hồ sơ.\n${reason}` +
        'Thời gian giải quyết tạm dừng cho đến khi bạn gửi bổ sung. Bạn có thể tải tài liệu bổ sung lên ngay trên Cổng.\n\n';
      break;
    case 'dossier.refused':
      subject = `Hồ sơ ${f.code} không được giải quyết`;
      body = `${head}\n\nCơ quan có thẩm quyền từ chối giải quyết hồ sơ của bạn.\n${reason}`;
      break;
    case 'dossier.stopped':
      subject = `Hồ sơ ${f.code} đã dừng giải quyết`;
      body = `${head}\n\nViệc giải quyết hồ sơ của bạn đã dừng.\n${reason}`;
      break;
    case 'dossier.completed':
      if (f.status !== 'result_ready') return null; // returned in the same action: that mail says it
      subject = `Hồ sơ ${f.code} đã có kết quả`;
      body = `${head}\n\nHồ sơ của bạn đã giải quyết xong và có kết quả. Bạn sẽ nhận kết quả theo hình thức đã chọn.\n\n`;
      break;
    case 'dossier.returned':
      subject = `Hồ sơ ${f.code} đã trả kết quả`;
      body =
        `${head}\n\nKết quả giải quyết hồ sơ của bạn đã được trả.\n` +
        'Bạn có thể tải kết quả (nếu trả trực tuyến) và đánh giá mức độ hài lòng tại Cổng.\n\n';
      break;
  }
  return { subject, text: `${body}${follow}${footer}` };
}

const REASON_ACTION: Partial<Record<NotifiedEvent, string>> = {
  'dossier.supplement_requested': 'request_supplement',
  'dossier.refused': 'refuse',
  'dossier.stopped': 'stop',
};

/**
 * Subscribes the notices (the identity module must be set up: the e-mail is its data). The mailer
 * is built from the same SMTP configuration as the identity module's.
 */
export function registerApplicantNotifications(
  ctx: ModuleContext,
  app: FastifyInstance,
  options: { mailer?: Mailer; verifiedEmailOf?: VerifiedEmailOf } = {},
): void {
  const deps = {
    mailer: options.mailer ?? createMailer(ctx.config.mail, ctx.logger),
    verifiedEmailOf: options.verifiedEmailOf ?? verifiedEmailOf,
  };
  app.addHook('onClose', async () => deps.mailer.close());
  async function onEvent(event: DomainEvent, tx: Transaction<any>): Promise<void> {
    const type = event.type as NotifiedEvent;
    if (!NOTIFIED_EVENTS.includes(type)) return;
    const dossierId = event.payload['dossierId'];
    if (typeof dossierId !== 'string') return;
    // Read in the consumer's transaction: on PGlite it holds the only connection.
    const r = await sql<
      Pick<DossierRow, 'id' | 'code' | 'procedure_name' | 'applicant_account' | 'status' | 'appointment_at'>
    >`
      select id, code, procedure_name, applicant_account, status, appointment_at
      from dossier.dossier where id = ${dossierId}`.execute(tx);
    const d = r.rows[0];
    if (!d?.applicant_account) return; // received at the counter for someone without an account
    const to = await deps.verifiedEmailOf(tx, d.applicant_account);
    if (!to) return;
    let reason: string | null = null;
    const action = REASON_ACTION[type];
    if (action) {
      // The entry the event came from: the latest of its kind at or before the event.
      const h = await sql<{ reason: string | null }>`
        select entry->>'reason' as reason from dossier.history
        where dossier_id = ${d.id} and action = ${action} and at <= ${event.occurredAt}
        order by seq desc limit 1`.execute(tx);
      reason = h.rows[0]?.reason ?? null;
    }
    const code = d.code ?? (typeof event.payload['code'] === 'string' ? event.payload['code'] : d.id);
    const content = notificationText(type, {
      code,
      procedureName: d.procedure_name,
      link: `${ctx.config.publicUrl}/ho-so-cua-toi/${d.id}`,
      reason,
      appointmentAt: d.appointment_at ? new Date(d.appointment_at) : null,
      status: type === 'dossier.completed' ? String(event.payload['status'] ?? d.status) : d.status,
    });
    if (!content) return;
    const message: MailMessage = { to, ...content };
    // Last: a send that fails rolls back the receipt, and the dispatcher retries the event.
    await deps.mailer.send(message);
  }
  // One subscription per mailed type: the other dossier events take no receipt row for this.
  for (const type of NOTIFIED_EVENTS) {
    ctx.subscribe({ consumer: `${NOTIFY_CONSUMER}:${type}`, pattern: `dossier.${type}`, handler: onEvent });
  }
}
