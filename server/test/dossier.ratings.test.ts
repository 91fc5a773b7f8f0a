/**
 * Ratings over HTTP (issue 5: "the applicant rates the service after return"): the applicant rates
 * a returned dossier once (a second rating, also a concurrent one, is 409); before the result is
 * returned the answer is 409 in Vietnamese; whoever may not see the dossier gets the dossier's own
 * 404, an official who sees it reads the rating but cannot give one; a bad score or comment is
 * refused and stores nothing; the rating, its audit row and the `dossier.rated` event are written
 * together.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, applicant, type DossierTestEnv, expectStatus, resultFileId, setUpDossierEnv } from './dossier.support.ts';
import { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: ['motcua.xa', 'chuyenvien.xa', 'lanhdao.xa', 'outsider', 'lanhdao.syt'] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const scan = Buffer.from('%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n');
const rate = (c: Client, id: string, body: unknown) => c.post(`/api/v1/dossiers/${id}/rating`, body);
const ratingOf = (c: Client, id: string) => c.get(`/api/v1/dossiers/${id}/rating`);

async function step(c: Client, id: string, body: Record<string, unknown>) {
  return expectStatus(await c.post(`/api/v1/dossiers/${id}/actions`, body), 200);
}

/** A birth registration submitted online by `who` and received at the commune's desk. */
async function received(who: 'dan' | 'khac' = 'dan') {
  const d = expectStatus(
    await e.c[who]!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
  const up = await e.c[who]!.request(
    'PUT',
    `/api/v1/dossiers/${d.id}/components/0?fileName=giay-chung-sinh.pdf`,
    scan,
    {
      headers: { 'content-type': 'application/pdf' },
    },
  );
  expect(up.statusCode).toBe(201);
  return step(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] });
}

/** Review, signature and hand-back of a received birth registration. */
async function returned(id: string) {
  await step(e.c['chuyenvien.xa']!, id, {
    kind: 'attach_result',
    resultFileIds: [await resultFileId(e.c['chuyenvien.xa']!, id)],
  });
  await step(e.c['chuyenvien.xa']!, id, { kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] });
  await step(e.c['lanhdao.xa']!, id, { kind: 'approve', nextHandler: e.ids['motcua.xa'] });
  return step(e.c['motcua.xa']!, id, { kind: 'return_result' });
}

async function audits(id: string) {
  const r = await sql<{ data: any; actor: any }>`
    select data, actor from platform.audit_log
    where action = 'dossier.rated' and entity_type = 'dossier' and entity_id = ${id}`.execute(e.t.database.db);
  return r.rows;
}
async function events(id: string) {
  const r = await sql<{ payload: any }>`
    select payload from platform.outbox where type = 'dossier.rated' and payload->>'dossierId' = ${id}`.execute(
    e.t.database.db,
  );
  return r.rows;
}
async function stored(id: string) {
  const r = await sql<{ n: number }>`select count(*)::int8 as n from dossier.rating where dossier_id = ${id}`.execute(
    e.t.database.db,
  );
  return r.rows[0]!.n;
}

describe('rating a dossier', () => {
  let d: any;
  beforeAll(async () => {
    await e.at('2026-03-16 09:00');
    d = await received();
  });

  it('before the result is returned: 409 with the reason in Vietnamese, nothing stored', async () => {
    expect(d.status).toBe('in_progress');
    const res = await rate(e.c.dan!, d.id, { score: 5 });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('DOSSIER_RATING_NOT_RETURNED');
    expect(body.title).toBe('Chưa thể đánh giá');
    expect(body.detail).toContain('sau khi đã nhận kết quả');
    expect(body.detail).toContain(d.statusLabel);
    expect(await stored(d.id)).toBe(0);
    // Still nothing at «result ready»: the result is not in the applicant's hands yet.
    await step(e.c['chuyenvien.xa']!, d.id, {
      kind: 'attach_result',
      resultFileIds: [await resultFileId(e.c['chuyenvien.xa']!, d.id)],
    });
    await step(e.c['chuyenvien.xa']!, d.id, { kind: 'forward', to: 'sign', nextHandler: e.ids['lanhdao.xa'] });
    const ready = await step(e.c['lanhdao.xa']!, d.id, { kind: 'approve', nextHandler: e.ids['motcua.xa'] });
    expect(ready.status).toBe('result_ready');
    expect((await rate(e.c.dan!, d.id, { score: 5 })).statusCode).toBe(409);
    expect((await ratingOf(e.c.dan!, d.id)).json().code).toBe('DOSSIER_RATING_NOT_FOUND');
    expect(await audits(d.id)).toEqual([]);
    expect(await events(d.id)).toEqual([]);
  });

  it('after return the applicant rates once: 201 with the Vietnamese label, then 409', async () => {
    await e.at('2026-03-16 10:00');
    d = await step(e.c['motcua.xa']!, d.id, { kind: 'return_result' });
    expect(d.status).toBe('returned');
    await e.at('2026-03-16 10:15');
    const res = await rate(e.c.dan!, d.id, { score: 4, comment: '  Cán bộ hướng dẫn tận tình, đúng hẹn.  ' });
    const body = expectStatus(res, 201);
    expect(body).toEqual({
      score: 4,
      scoreLabel: 'Hài lòng',
      comment: 'Cán bộ hướng dẫn tận tình, đúng hẹn.',
      ratedAt: e.clock.now().toISOString(),
    });
    expect(expectStatus(await ratingOf(e.c.dan!, d.id), 200)).toEqual(body);

    const again = await rate(e.c.dan!, d.id, { score: 1 });
    expect(again.statusCode).toBe(409);
    expect(again.json().code).toBe('DOSSIER_RATING_EXISTS');
    expect(again.json().title).toBe('Hồ sơ đã được đánh giá');
    expect(expectStatus(await ratingOf(e.c.dan!, d.id), 200).score).toBe(4);
    expect(await stored(d.id)).toBe(1);
  });

  it('the rating, one audit row and one dossier.rated event are written together', async () => {
    const a = await audits(d.id);
    expect(a).toHaveLength(1);
    expect(a[0]!.data).toEqual({ code: d.code, score: 4, hasComment: true });
    expect(a[0]!.actor.id).toBe(e.ids.dan);
    // The comment stays in the rating row only.
    expect(JSON.stringify(a[0]!.data)).not.toContain('tận tình');
    const ev = await events(d.id);
    expect(ev).toHaveLength(1);
    expect(ev[0]!.payload).toMatchObject({
      dossierId: d.id,
      code: d.code,
      agencyCode: A.commune,
      procedureCode: '1.001193',
      score: 4,
    });
    expect(JSON.stringify(ev[0]!.payload)).not.toContain('tận tình');
    // The refused second rating left no audit row and no event.
    expect(await audits(d.id)).toHaveLength(1);
    expect(await events(d.id)).toHaveLength(1);
  });

  it('whoever may not see the dossier gets its 404; an official who sees it reads but cannot rate', async () => {
    for (const who of ['khac', 'outsider', 'lanhdao.syt']) {
      for (const res of [await rate(e.c[who]!, d.id, { score: 1 }), await ratingOf(e.c[who]!, d.id)]) {
        expect(res.statusCode, who).toBe(404);
        expect(res.json().code).toBe('DOSSIER_NOT_FOUND');
        expect(res.json().title).toBe('Không tìm thấy hồ sơ');
      }
    }
    for (const id of ['01900000-0000-7000-8000-000000000000', 'khong-phai-ma']) {
      expect((await rate(e.c.dan!, id, { score: 3 })).statusCode).toBe(404);
      expect((await ratingOf(e.c.dan!, id)).statusCode).toBe(404);
    }
    const anonymous = new Client(e.t.app);
    expect((await rate(anonymous, d.id, { score: 5 })).statusCode).toBe(401);
    expect((await ratingOf(anonymous, d.id)).statusCode).toBe(401);

    // The desk that returned the result sees the applicant's rating, and cannot rate in their place.
    expect(expectStatus(await ratingOf(e.c['motcua.xa']!, d.id), 200).score).toBe(4);
    expect(expectStatus(await ratingOf(e.c['lanhdao.xa']!, d.id), 200).scoreLabel).toBe('Hài lòng');
    const desk = await rate(e.c['motcua.xa']!, d.id, { score: 5 });
    expect(desk.statusCode).toBe(403);
    expect(desk.json().code).toBe('DOSSIER_RATING_FORBIDDEN');
    expect(await stored(d.id)).toBe(1);
  });
});

describe('invalid ratings', () => {
  let d: any;
  beforeAll(async () => {
    await e.at('2026-03-17 09:00');
    d = await returned((await received()).id);
    expect(d.status).toBe('returned');
  });

  it('a score outside 1–5, not an integer, missing, or an over-long comment is refused and stores nothing', async () => {
    const bad: unknown[] = [
      { score: 0 },
      { score: 6 },
      { score: 3.5 },
      { score: -1 },
      { score: null },
      {},
      { comment: 'Tốt' },
      { score: 5, comment: 'x'.repeat(1001) },
      { score: 5, comment: 42 },
      { score: 5, extra: true },
    ];
    for (const body of bad) {
      const res = await rate(e.c.dan!, d.id, body);
      expect([400, 422], JSON.stringify(body)).toContain(res.statusCode);
      expect(res.headers['content-type']).toContain('application/problem+json');
      // Field-level messages in Vietnamese.
      expect(JSON.stringify(res.json())).toMatch(/[ăâđêôơưạảấầẩẫậắằẳẵặẹẻẽếềểễệỉịọỏốồổỗộớờởỡợụủứừửữựỳỵỷỹ]/i);
    }
    expect(await stored(d.id)).toBe(0);
    expect(await audits(d.id)).toEqual([]);
    expect(await events(d.id)).toEqual([]);
    expect((await ratingOf(e.c.dan!, d.id)).statusCode).toBe(404);
  });

  it('a blank comment is no comment; every score carries its label', async () => {
    const res = expectStatus(await rate(e.c.dan!, d.id, { score: 1, comment: '   ' }), 201);
    expect(res.comment).toBeNull();
    expect(res.scoreLabel).toBe('Rất không hài lòng');
    expect((await audits(d.id))[0]!.data.hasComment).toBe(false);
  });

  it('two ratings sent at once: one is stored, the other gets 409', async () => {
    const other = await returned((await received('khac')).id);
    const [x, y] = await Promise.all([
      rate(e.c.khac!, other.id, { score: 5 }),
      rate(e.c.khac!, other.id, { score: 2 }),
    ]);
    expect([x.statusCode, y.statusCode].sort()).toEqual([201, 409]);
    const winner = (x.statusCode === 201 ? x : y).json();
    expect(expectStatus(await ratingOf(e.c.khac!, other.id), 200).score).toBe(winner.score);
    expect(await stored(other.id)).toBe(1);
    expect(await audits(other.id)).toHaveLength(1);
    expect(await events(other.id)).toHaveLength(1);
  });

  it('a dossier received at the counter has no applicant account: nobody rates it online', async () => {
    const counter = expectStatus(
      await e.c['motcua.xa']!.post('/api/v1/dossiers', {
        procedureCode: '1.001193',
        agencyCode: A.commune,
        applicant,
      }),
      201,
    );
    expect(counter.applicantAccount).toBeNull();
    await step(e.c['motcua.xa']!, counter.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] });
    const done = await returned(counter.id);
    expect(done.status).toBe('returned');
    expect((await rate(e.c['motcua.xa']!, counter.id, { score: 5 })).statusCode).toBe(403);
    expect((await rate(e.c.dan!, counter.id, { score: 5 })).statusCode).toBe(404);
    expect(await stored(counter.id)).toBe(0);
  });
});
