/**
 * Outgoing mail of the identity module (password reset, registration, notices). Through SMTP
 * with nodemailer when SMTP_URL is set; otherwise (never in production, config refuses it) the
 * message, link included, is written to the log at info level so a developer can follow it, and
 * the last messages are kept in memory for development tools and tests (`unsentMail` in index.ts).
 */
import nodemailer from 'nodemailer';
import type { Logger } from 'pino';

export interface MailMessage {
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(message: MailMessage): Promise<void>;
  close(): void;
  /** Without SMTP: the last messages that were only logged, oldest first. */
  readonly unsent?: readonly MailMessage[];
}

/** How many logged messages the in-memory list keeps. */
const UNSENT_KEPT = 100;

export function createMailer(mail: { smtpUrl: string | undefined; from: string }, logger: Logger): Mailer {
  if (!mail.smtpUrl) {
    const unsent: MailMessage[] = [];
    return {
      unsent,
      async send(message) {
        unsent.push({ ...message });
        if (unsent.length > UNSENT_KEPT) unsent.splice(0, unsent.length - UNSENT_KEPT);
        logger.info({ mail: message }, 'thư chưa gửi (chưa cấu hình SMTP_URL) — nội dung ghi vào nhật ký');
      },
      close() {},
    };
  }
  const transport = nodemailer.createTransport(mail.smtpUrl);
  return {
    async send(message) {
      await transport.sendMail({ from: mail.from, to: message.to, subject: message.subject, text: message.text });
    },
    close() {
      transport.close();
    },
  };
}
