/**
 * Mail to the applicant at each change that matters to them (dossier.notify.ts), through a real
 * SMTP server: received (with the appointment), supplement requested (with the reason), result
 * ready, returned, refused — and nothing for internal moves, for someone else, or twice for an
 * event the dispatcher delivers again.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { notificationText } from '../src/modules/dossier/dossier.notify.ts';
import { demoFormData } from '../src/modules/dossier/index.ts';
import { ManualClock } from '../src/platform/clock/index.ts';
import { A, DossierClient, expectStatus, multipart, seedDossierProvince } from './dossier.support.ts';
import { type Client, createOfficial, PASSWORD } from './fixtures/identity.ts';
import { type SmtpFixture, startSmtpServer } from './fixtures/smtp.ts';
import { createTestApp, type TestApp } from './support.ts';

let t: TestApp;
let smtp: SmtpFixture;
const clock = new ManualClock('2026-03-16T02:00:00Z'); // Monday 09:00 in Vietnam
const c: Record<string, Client> = {};
const ids: Record<string, string> = {};
const CITIZEN = { id: '092090003333', email: 'dan.thongbao@example.vn' };

async function registerThroughSmtp(citizenId: string, email: string): Promise<string> {
  const seen = smtp.messages.length;
  const res = await t.app.inject({
    method: 'POST',
    url: '/api/v1/auth/register',
    remoteAddress: `198.18.7.${Number(citizenId.slice(-2))}`,
    payload: { citizenId, name: 'Nguyễn Văn Dân', email, password: PASSWORD },
  });
  expectStatus(res, 202);
  const mail = await smtp.waitFor(email, { after: seen });
  const token = /\/hoan-tat-dang-ky#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
  const done = await t.app.inject({ method: 'POST', url: '/api/v1/auth/register/complete', payload: { token } });
  return expectStatus(done, 201).id as string;
}

async function signIn(username: string, ip: string): Promise<Client> {
  const client = new DossierClient(t.app, ip);
  expectStatus(await client.login(username, PASSWORD), 200);
  return client;
}

/** Delivers every committed event (workers are off in tests). */
async function deliver(): Promise<void> {
  while ((await t.app.tinhso.dispatcher.runOnce()) > 0) {}
}

beforeAll(async () => {
  smtp = await startSmtpServer();
  t = await createTestApp({
    clock,
    env: { SMTP_URL: smtp.url, MFA_REQUIRED_ROLES: 'province_admin', SESSION_IDLE_MINUTES: '1440' },
  });
  // The dossier tests' province: calendar, procedures, agencies and the demo process definitions.
  await seedDossierProvince(t.app);
  const officials = {
    'motcua.xa': [A.communeCentre, 'one_stop_officer'],
    'chuyenvien.xa': [A.commune, 'specialist'],
    'lanhdao.xa': [A.commune, 'leader'],
  } as const;
  let ip = 1;
  for (const [name, [agency, role]] of Object.entries(officials)) {
    ids[name] = await createOfficial(t.app, {
      username: name,
      agencyCode: agency,
      roles: [{ role, agencyCode: agency }],
      email: `${name}@coquan.example.vn`,
    });
    c[name] = await signIn(name, `10.9.0.${ip++}`);
  }
  ids['dan'] = await registerThroughSmtp(CITIZEN.id, CITIZEN.email);
  c['dan'] = await signIn(CITIZEN.id, `10.9.0.${ip++}`);
  await deliver();
}, 180_000);

afterAll(async () => {
  await t?.close();
  await smtp?.close();
});

const act = async (who: string, id: string, body: Record<string, unknown>) =>
  expectStatus(await c[who]!.post(`/api/v1/dossiers/${id}/actions`, body), 200);

async function submit(): Promise<{ id: string; code: string }> {
  const applicant = { name: 'Nguyễn Văn Dân', idNumber: CITIZEN.id, phone: '0912345678' };
  return expectStatus(
    await c['dan']!.post('/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: A.commune,
      applicant,
      formData: demoFormData('1.001193', applicant) ?? {},
    }),
    201,
  );
}

/** The mails to `to` that arrived after `seen`, once the events are delivered. */
async function mailsTo(to: string, seen: number) {
  await deliver();
  return smtp.messages.slice(seen).filter((m) => to === '' || m.to.includes(to));
}

const subjectOf = (raw: string) => {
  const m = /^Subject: (.*(?:\r\n[ \t].*)*)/m.exec(raw);
  // Encoded words (RFC 2047, UTF-8, B or Q) decoded for comparison.
  return (m?.[1] ?? '')
    .replace(/\r\n[ \t]/g, '')
    .replace(/=\?utf-8\?([BQ])\?([^?]*)\?=\s*/gi, (_, enc: string, s: string) =>
      enc.toUpperCase() === 'B'
        ? Buffer.from(s, 'base64').toString('utf8')
        : Buffer.from(
            s
              .replace(/_/g, ' ')
              .replace(/=([0-9A-F]{2})/gi, (_x, h: string) => String.fromCharCode(Number.parseInt(h, 16))),
            'latin1',
          ).toString('utf8'),
    );
};

describe('applicant notifications by e-mail', () => {
  it('mails received, supplement (with the reason), result ready and returned; nothing for internal steps', async () => {
    const d = await submit();
    let seen = smtp.messages.length;
    // Submitting online is the applicant's own act: no mail for it.
    expect(await mailsTo(CITIZEN.email, seen)).toHaveLength(0);

    await act('motcua.xa', d.id, { kind: 'accept', nextHandler: ids['chuyenvien.xa'] });
    let mails = await mailsTo(CITIZEN.email, seen);
    expect(mails).toHaveLength(1);
    expect(subjectOf(mails[0]!.raw)).toBe(`Hồ sơ ${d.code} đã được tiếp nhận`);
    expect(mails[0]!.text).toContain(`Hồ sơ ${d.code}`);
    expect(mails[0]!.text).toContain('Ngày hẹn trả kết quả:');
    expect(mails[0]!.text).toContain(`${t.app.tinhso.config.publicUrl}/ho-so-cua-toi/${d.id}`);

    seen = smtp.messages.length;
    const reason = 'Bản chụp Giấy chứng sinh bị mờ, đề nghị chụp lại.';
    await act('chuyenvien.xa', d.id, { kind: 'request_supplement', reason });
    mails = await mailsTo(CITIZEN.email, seen);
    expect(mails).toHaveLength(1);
    expect(subjectOf(mails[0]!.raw)).toBe(`Hồ sơ ${d.code} cần bổ sung`);
    expect(mails[0]!.text).toContain(`Lý do: ${reason}`);

    seen = smtp.messages.length;
    await act('dan', d.id, { kind: 'provide_supplement' });
    const upload = multipart(Buffer.from('%PDF-1.4\n%%EOF\n'), 'ket-qua.pdf');
    const stored = expectStatus(
      await c['chuyenvien.xa']!.request('POST', `/api/v1/dossiers/${d.id}/results`, upload.payload, {
        headers: { 'content-type': upload.contentType },
      }),
      201,
    );
    await act('chuyenvien.xa', d.id, { kind: 'attach_result', resultFileIds: [stored.fileId] });
    await act('chuyenvien.xa', d.id, { kind: 'forward', nextHandler: ids['lanhdao.xa'] });
    // Internal steps mail nobody.
    expect(await mailsTo('', seen)).toHaveLength(0);
    await act('lanhdao.xa', d.id, { kind: 'approve', nextHandler: ids['motcua.xa'] });
    const afterApprove = expectStatus(await c['dan']!.get(`/api/v1/dossiers/${d.id}`), 200);
    mails = await mailsTo(CITIZEN.email, seen);
    expect(afterApprove.status).toBe('result_ready');
    expect(mails.map((m) => subjectOf(m.raw))).toEqual([`Hồ sơ ${d.code} đã có kết quả`]);

    seen = smtp.messages.length;
    expect((await act('motcua.xa', d.id, { kind: 'return_result' })).status).toBe('returned');
    mails = await mailsTo(CITIZEN.email, seen);
    expect(mails.map((m) => subjectOf(m.raw))).toEqual([`Hồ sơ ${d.code} đã trả kết quả`]);
    // Officials get none of the applicant's notices.
    expect(smtp.messages.some((m) => m.to.some((x) => x.endsWith('@coquan.example.vn')))).toBe(false);
  });

  it('a refusal is mailed with its reason, to the applicant only', async () => {
    const d = await submit();
    const seen = smtp.messages.length;
    const reason = 'Thủ tục không thuộc thẩm quyền của phường.';
    await act('motcua.xa', d.id, { kind: 'refuse', reason });
    const mails = await mailsTo('', seen);
    expect(mails).toHaveLength(1);
    expect(mails[0]!.to).toEqual([CITIZEN.email]);
    expect(subjectOf(mails[0]!.raw)).toBe(`Hồ sơ ${d.code} không được giải quyết`);
    expect(mails[0]!.text).toContain(`Lý do: ${reason}`);
  });

  it('an event delivered again sends no second mail', async () => {
    const d = await submit();
    const seen = smtp.messages.length;
    await act('motcua.xa', d.id, { kind: 'accept', nextHandler: ids['chuyenvien.xa'] });
    expect(await mailsTo(CITIZEN.email, seen)).toHaveLength(1);
    // As after a crash between the consumer's commit and the outbox mark: the event is pending again.
    const again = await sql`
      update platform.outbox set delivered_at = null, claimed_by = null, claimed_until = null
      where type = 'dossier.received' and payload->>'dossierId' = ${d.id}`.execute(t.database.db);
    expect(Number(again.numAffectedRows)).toBe(1);
    expect(await mailsTo(CITIZEN.email, seen)).toHaveLength(1);
    const pending = await sql<{ n: number }>`
      select count(*)::int8 as n from platform.outbox where delivered_at is null`.execute(t.database.db);
    expect(Number(pending.rows[0]!.n)).toBe(0);
  });

  it('the notice text is plain Vietnamese with the code and link; result ready is not repeated on return', () => {
    const facts = {
      code: 'H99.31117-260316-0001',
      procedureName: 'Đăng ký khai sinh',
      link: 'https://dichvucong.example.vn/ho-so-cua-toi/abc',
      reason: null,
      appointmentAt: new Date('2026-03-19T10:00:00Z'),
      status: 'returned',
    };
    const received = notificationText('dossier.received', facts)!;
    expect(received.text).toContain('Ngày hẹn trả kết quả: 17:00 19/03/2026');
    expect(received.text).toContain(facts.link);
    expect(notificationText('dossier.completed', facts)).toBeNull();
    expect(notificationText('dossier.completed', { ...facts, status: 'result_ready' })!.subject).toBe(
      `Hồ sơ ${facts.code} đã có kết quả`,
    );
  });
});
