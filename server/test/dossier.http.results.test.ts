/**
 * Result documents, draft deletion, list sorting and the applicant's view of the history, through
 * HTTP (app.inject) on both databases:
 * - a result is uploaded by the handling official only (multipart, SHA-256, size and type limits,
 *   nothing stored when refused), shown in the dossier, downloadable by officials who see the
 *   dossier and by the applicant only once the result is returned; `attach_result` accepts only
 *   files uploaded for that very dossier;
 * - the applicant deletes an own unsubmitted draft; anything else is refused and nothing changes;
 * - GET /dossiers?sort=submittedAt|createdAt lists newest first;
 * - the applicant's history names agencies, roles and steps, never an official's name or id.
 */
import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileNameOf, readMultipartFile } from '../src/modules/dossier/dossier.results.multipart.ts';
import {
  A,
  applicant,
  type DossierTestEnv,
  expectStatus,
  multipart,
  RESULT_PDF,
  resultFileId,
  setUpDossierEnv,
  uploadResult,
} from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv();
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);
const db = () => e.t.database.db;
const count = async (table: string, dossierId: string) =>
  (
    await sql<{
      n: number;
    }>`select count(*)::int as n from ${sql.table(table)} where dossier_id = ${dossierId}`.execute(db())
  ).rows[0]!.n;

/** A birth registration submitted online by `who`, received and handed to chuyenvien.xa. */
async function receivedBirthDossier(who = 'dan') {
  const d = expectStatus(
    await e.c[who]!.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant }),
    201,
  );
  expectStatus(await act(e.c['motcua.xa']!, d.id, { kind: 'accept', nextHandler: e.ids['chuyenvien.xa'] }), 200);
  return d as { id: string; code: string };
}

/** Drives a received birth dossier to its return: attach (with `fileIds`), forward, sign, return. */
async function finish(id: string, fileIds: string[]) {
  expectStatus(await act(e.c['chuyenvien.xa']!, id, { kind: 'attach_result', resultFileIds: fileIds }), 200);
  for (let guard = 0; guard < 10; guard++) {
    const who = ['chuyenvien.xa', 'lanhdao.xa', 'motcua.xa'];
    let acted = false;
    for (const name of who) {
      const seen = await e.c[name]!.get(`/api/v1/dossiers/${id}`);
      if (seen.statusCode === 404) continue; // no longer with this official
      const d = expectStatus(seen, 200);
      if (d.status === 'returned') return d;
      const kinds = (d.availableActions as { kind: string; to: string | null }[]).map((a) => a.kind);
      const pick = ['return_result', 'approve', 'forward'].find((k) => kinds.includes(k));
      if (!pick) continue;
      const body: Record<string, unknown> = { kind: pick };
      if (pick === 'forward') {
        body['to'] = (d.availableActions as { kind: string; to: string }[]).find((a) => a.kind === 'forward')!.to;
        body['nextHandler'] = e.ids['lanhdao.xa'];
      }
      expectStatus(await act(e.c[name]!, id, body), 200);
      acted = true;
      break;
    }
    if (!acted) throw new Error(`stuck: ${id}`);
  }
  throw new Error(`not returned: ${id}`);
}

describe('multipart reading', () => {
  async function read(body: Buffer, contentType: string, chunk = 7) {
    async function* source() {
      for (let i = 0; i < body.length; i += chunk) yield body.subarray(i, i + chunk);
    }
    const f = await readMultipartFile(source(), contentType);
    const parts: Buffer[] = [];
    for await (const c of f.content) parts.push(Buffer.from(c));
    return { ...f, bytes: Buffer.concat(parts) };
  }

  it('finds the file part after text fields, in chunks of any size, byte for byte', async () => {
    const file = Buffer.concat([RESULT_PDF, Buffer.from('\r\n--not-the-boundary\r\n'), Buffer.alloc(3000, 0xff)]);
    const m = multipart(file, 'Quyết định.pdf', { fields: { note: 'bản ký số', empty: '' } });
    for (const chunk of [1, 7, 64, 100_000]) {
      const f = await read(m.payload, m.contentType, chunk);
      expect(f.fileName).toBe('Quyết định.pdf');
      expect(f.declaredType).toBe('application/pdf');
      expect(f.bytes.equals(file), `chunk ${chunk}`).toBe(true);
    }
  });

  it('an empty file, a quoted boundary and filename*= are read', async () => {
    const m = multipart(Buffer.alloc(0), 'x.pdf', { boundary: 'abc' });
    const f = await read(m.payload, 'multipart/form-data; boundary="abc"');
    expect(f.bytes.length).toBe(0);
    expect(
      fileNameOf(`Content-Disposition: form-data; name="file"; filename*=UTF-8''K%E1%BA%BFt%20qu%E1%BA%A3.pdf`),
    ).toBe('Kết quả.pdf');
  });

  it('no boundary, no file part, or a cut-off body → 400 in Vietnamese', async () => {
    const m = multipart(RESULT_PDF, 'x.pdf');
    await expect(read(m.payload, 'application/pdf')).rejects.toMatchObject({ status: 400 });
    const fieldsOnly = Buffer.from('--b\r\ncontent-disposition: form-data; name="a"\r\n\r\n1\r\n--b--\r\n');
    await expect(read(fieldsOnly, 'multipart/form-data; boundary=b')).rejects.toMatchObject({
      status: 400,
      detail: expect.stringContaining('không có tệp'),
    });
    const cut = m.payload.subarray(0, m.payload.length - 20);
    await expect(read(cut, m.contentType)).rejects.toMatchObject({ status: 400 });
  });
});

describe('result documents', () => {
  let id: string;
  let fileId: string;
  beforeAll(async () => {
    id = (await receivedBirthDossier()).id;
  });

  it('the handling official uploads a result: 201 with its id, SHA-256, size; one audit row and event', async () => {
    const audits = async () =>
      (
        await sql<{ n: number }>`
          select count(*)::int as n from platform.audit_log
          where entity_id = ${id} and action = 'dossier.result_uploaded'`.execute(db())
      ).rows[0]!.n;
    const before = await audits();
    const r = expectStatus(await uploadResult(e.c['chuyenvien.xa']!, id, RESULT_PDF, 'Giấy khai sinh.pdf'), 201);
    expect(r).toMatchObject({
      fileName: 'Giấy khai sinh.pdf',
      size: RESULT_PDF.length,
      sha256: createHash('sha256').update(RESULT_PDF).digest('hex'),
      mime: 'application/pdf',
    });
    expect(r.fileId).toMatch(/^[0-9a-f-]{36}$/);
    fileId = r.fileId;
    expect(await audits()).toBe(before + 1);
    const events = await sql<{ n: number }>`
      select count(*)::int as n from platform.outbox where type = 'dossier.result_uploaded' and payload->>'fileId' = ${fileId}`.execute(
      db(),
    );
    expect(events.rows[0]!.n).toBe(1);
    // The official sees it in the dossier, not yet attached.
    const d = expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${id}`), 200);
    expect(d.resultFiles).toEqual([
      {
        id: fileId,
        fileName: 'Giấy khai sinh.pdf',
        size: RESULT_PDF.length,
        sha256: r.sha256,
        mime: 'application/pdf',
        uploadedAt: expect.any(String),
        attached: false,
      },
    ]);
  });

  it('wrong callers: 404 for whoever cannot see the dossier, 403 for those who see it but do not handle it; nothing stored', async () => {
    const before = await count('dossier.result_file', id);
    for (const who of ['outsider', 'khac', 'chuyenvien.syt', 'lanhdao.syt', 'motcua.tinh']) {
      const res = await uploadResult(e.c[who]!, id);
      expect(res.statusCode, who).toBe(404);
      expect(res.json().code, who).toBe('DOSSIER_NOT_FOUND');
      const get = await e.c[who]!.get(`/api/v1/dossiers/${id}/results/${fileId}`);
      expect(get.statusCode, who).toBe(404);
    }
    // The applicant and the receiving desk see the dossier but are not handling it.
    for (const who of ['dan', 'motcua.xa']) {
      const res = await uploadResult(e.c[who]!, id);
      expect(res.statusCode, who).toBe(403);
      expect(res.json().code, who).toBe('DOSSIER_RESULT_UPLOAD_FORBIDDEN');
    }
    expect(await count('dossier.result_file', id)).toBe(before);
  });

  it('a refused type, an oversized file or a body without a file stores nothing (415 / 413 / 400)', async () => {
    const before = await count('dossier.result_file', id);
    const exe = Buffer.concat([Buffer.from('MZ'), Buffer.alloc(200)]);
    const wrong = await uploadResult(e.c['chuyenvien.xa']!, id, exe, 'virus.pdf');
    expect(wrong.statusCode).toBe(415);
    const big = Buffer.concat([RESULT_PDF, Buffer.alloc(20 * 1024 * 1024 + 1)]);
    const tooBig = await uploadResult(e.c['chuyenvien.xa']!, id, big, 'lon.pdf');
    expect(tooBig.statusCode).toBe(413);
    const empty = await e.t.app.inject({
      method: 'POST',
      url: `/api/v1/dossiers/${id}/results`,
      headers: e.c['chuyenvien.xa']!.headers({ 'content-type': 'multipart/form-data; boundary=b' }),
      payload: '--b\r\ncontent-disposition: form-data; name="note"\r\n\r\nx\r\n--b--\r\n',
    });
    expect(empty.statusCode).toBe(400);
    expect(empty.json().code).toBe('DOSSIER_UPLOAD_INVALID');
    expect(await count('dossier.result_file', id)).toBe(before);
  });

  it('attach_result refuses a made-up id and a file uploaded for another dossier (400, nothing changed)', async () => {
    const other = (await receivedBirthDossier()).id;
    const foreign = await resultFileId(e.c['chuyenvien.xa']!, other);
    const before = expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${id}`), 200);
    for (const ids of [[foreign], ['ket-qua-1'], [fileId, foreign]]) {
      const res = await act(e.c['chuyenvien.xa']!, id, { kind: 'attach_result', resultFileIds: ids });
      expect(res.statusCode, ids.join()).toBe(400);
      expect(res.json().code).toBe('DOSSIER_RESULT_FILE_UNKNOWN');
      expect(res.json().detail).toContain('không được tải lên cho hồ sơ này');
    }
    const after = expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${id}`), 200);
    expect(after.version).toBe(before.version);
    expect(after.resultFileIds).toEqual([]);
    // Nor can the foreign file be downloaded through this dossier.
    expect((await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${id}/results/${foreign}`)).statusCode).toBe(404);
  });

  it('the applicant gets the result only once it is returned; officials who see the dossier at any time', async () => {
    // Before the return: not listed for the applicant, and not downloadable.
    const early = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${id}`), 200);
    expect(early.resultFiles).toEqual([]);
    expect((await e.c.dan!.get(`/api/v1/dossiers/${id}/results/${fileId}`)).statusCode).toBe(404);
    for (const who of ['chuyenvien.xa', 'lanhdao.xa', 'motcua.xa']) {
      const res = await e.c[who]!.get(`/api/v1/dossiers/${id}/results/${fileId}`);
      expect(res.statusCode, who).toBe(200);
      expect(res.rawPayload.equals(RESULT_PDF), who).toBe(true);
    }
    // An uploaded but never attached file stays the officials' own.
    const draftResult = await resultFileId(e.c['chuyenvien.xa']!, id, 'ban-nhap.pdf');
    const done = await finish(id, [fileId]);
    expect(done.status).toBe('returned');
    const d = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${id}`), 200);
    expect(d.resultFileIds).toEqual([fileId]);
    expect(d.resultFiles).toEqual([
      expect.objectContaining({ id: fileId, fileName: 'Giấy khai sinh.pdf', size: RESULT_PDF.length, attached: true }),
    ]);
    const got = await e.c.dan!.get(`/api/v1/dossiers/${id}/results/${fileId}`);
    expect(got.statusCode).toBe(200);
    expect(got.headers['content-type']).toBe('application/pdf');
    expect(got.headers['content-disposition']).toContain(encodeURIComponent('Giấy khai sinh.pdf'));
    expect(got.headers['digest']).toBe(`sha-256=${createHash('sha256').update(RESULT_PDF).digest('base64')}`);
    expect(got.rawPayload.equals(RESULT_PDF)).toBe(true);
    expect((await e.c.dan!.get(`/api/v1/dossiers/${id}/results/${draftResult}`)).statusCode).toBe(404);
    // Once returned, no more uploads.
    expect((await uploadResult(e.c['lanhdao.xa']!, id)).statusCode).toBe(403);
  });

  it('the routes are in the OpenAPI document', async () => {
    const doc = expectStatus(await e.t.app.inject({ method: 'GET', url: '/openapi.json' }), 200);
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(['/api/v1/dossiers/{id}/results', '/api/v1/dossiers/{id}/results/{fileId}']),
    );
    expect(doc.paths['/api/v1/dossiers/{id}'].delete).toBeDefined();
  });
});

describe('drafts: the applicant deletes an own unsubmitted draft', () => {
  async function draft(who = 'dan', key?: string) {
    return expectStatus(
      await e.c[who]!.request(
        'POST',
        '/api/v1/dossiers',
        { procedureCode: '1.001193', agencyCode: A.commune, applicant, submit: false, formData: {} },
        key ? { headers: { 'idempotency-key': key } } : {},
      ),
      201,
    ) as { id: string; status: string };
  }

  it('deletes the draft, its components and fees and the key that created it; keeps the audit row', async () => {
    const d = await draft('dan', 'nhap-se-xoa');
    expect(d.status).toBe('draft');
    expectStatus(
      await e.c.dan!.request('PUT', `/api/v1/dossiers/${d.id}/components/0?fileName=a.pdf`, RESULT_PDF, {
        headers: { 'content-type': 'application/pdf' },
      }),
      201,
    );
    const res = await e.c.dan!.request('DELETE', `/api/v1/dossiers/${d.id}`);
    expect(res.statusCode, res.body).toBe(204);
    expect((await e.c.dan!.get(`/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
    for (const table of ['dossier.component', 'dossier.fee', 'dossier.idempotency']) {
      expect(await count(table, d.id), table).toBe(0);
    }
    const audit = await sql<{ n: number }>`
      select count(*)::int as n from platform.audit_log where entity_id = ${d.id} and action = 'dossier.draft_deleted'`.execute(
      db(),
    );
    expect(audit.rows[0]!.n).toBe(1);
    // The same key now creates a new draft instead of replaying the deleted one.
    const again = await draft('dan', 'nhap-se-xoa');
    expect(again.id).not.toBe(d.id);
    expect((await e.c.dan!.request('DELETE', `/api/v1/dossiers/${d.id}`)).statusCode).toBe(404);
  });

  it('anyone else gets 404, a submitted dossier 409; nothing changes', async () => {
    const d = await draft('dan');
    for (const who of ['khac', 'motcua.xa', 'chuyenvien.xa', 'lanhdao.xa', 'outsider']) {
      const res = await e.c[who]!.request('DELETE', `/api/v1/dossiers/${d.id}`);
      expect(res.statusCode, who).toBe(404);
      expect(res.json().code).toBe('DOSSIER_NOT_FOUND');
    }
    const submitted = (await receivedBirthDossier()).id;
    const res = await e.c.dan!.request('DELETE', `/api/v1/dossiers/${submitted}`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'DOSSIER_NOT_DRAFT', detail: expect.stringContaining('hồ sơ nháp') });
    expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${d.id}`), 200);
    expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${submitted}`), 200);
  });
});

describe('list sorting', () => {
  it('sort=createdAt and sort=submittedAt list newest first (drafts last by submission)', async () => {
    await e.at('2026-03-17 09:00');
    const first = (await receivedBirthDossier('khac')).id;
    await e.at('2026-03-17 10:00');
    const draftId = expectStatus(
      await e.c.khac!.post('/api/v1/dossiers', {
        procedureCode: '1.001193',
        agencyCode: A.commune,
        applicant,
        submit: false,
        formData: {},
      }),
      201,
    ).id;
    await e.at('2026-03-17 11:00');
    const last = (await receivedBirthDossier('khac')).id;
    const ids = async (sort: string) =>
      expectStatus(await e.c.khac!.get(`/api/v1/dossiers?sort=${sort}&limit=200`), 200).items.map(
        (x: { id: string }) => x.id,
      );
    expect(await ids('createdAt')).toEqual([last, draftId, first]);
    expect(await ids('submittedAt')).toEqual([last, first, draftId]);
    const bad = await e.c.khac!.get('/api/v1/dossiers?sort=name');
    expect(bad.statusCode).toBe(400);
  });
});

describe("the applicant's history shows agencies and roles, not officials", () => {
  it('officials see names and ids; the applicant sees agency, role and step only', async () => {
    const d = await receivedBirthDossier();
    const official = expectStatus(await e.c['chuyenvien.xa']!.get(`/api/v1/dossiers/${d.id}/history`), 200);
    const accept = official.items.find((h: { action: string }) => h.action === 'accept');
    expect(accept.actorId).toBe(e.ids['motcua.xa']);
    expect(accept.actorName).toEqual(expect.any(String));
    expect(accept.assigneeId).toBe(e.ids['chuyenvien.xa']);

    const mine = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${d.id}/history`), 200);
    expect(mine.items.map((h: { action: string }) => h.action)).toEqual(
      official.items.map((h: { action: string }) => h.action),
    );
    const text = JSON.stringify(mine);
    for (const name of ['motcua.xa', 'chuyenvien.xa']) {
      expect(text).not.toContain(e.ids[name]!);
    }
    for (const h of official.items) if (h.actorName) expect(text).not.toContain(h.actorName);
    for (const h of mine.items) {
      expect(h).not.toHaveProperty('actorId');
      expect(h).not.toHaveProperty('actorName');
      expect(h).not.toHaveProperty('assigneeId');
    }
    expect(mine.items[0].actor).toEqual({ kind: 'applicant', label: 'Người nộp hồ sơ' });
    const mineAccept = mine.items.find((h: { action: string }) => h.action === 'accept');
    expect(mineAccept.actor).toEqual({
      kind: 'agency',
      agencyCode: A.commune,
      agencyName: 'Ủy ban nhân dân phường Ninh Kiều',
      role: 'one_stop_officer',
      roleLabel: 'Cán bộ một cửa',
      stepName: 'Tiếp nhận, kiểm tra hồ sơ',
      label: 'Cán bộ một cửa · Ủy ban nhân dân phường Ninh Kiều',
    });
  });
});
