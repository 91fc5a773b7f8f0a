/** Bad input answers 400 problem+json in Vietnamese and writes nothing; good input writes change + audit + event. */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adminHeaders, countRows, createTestApp, type TestApp } from './support.ts';

let t: TestApp;
beforeAll(async () => {
  t = await createTestApp();
});
afterAll(async () => {
  await t?.close();
});

const URL = '/api/v1/catalog/document-types';
const valid = {
  code: 'quyet-dinh-thu',
  name: 'Quyết định thử',
  abbreviation: 'QĐT',
  group: 'van_ban_hanh_chinh',
  legalBasis: 'Nghị định 30/2020/NĐ-CP',
  validFrom: '2026-01-01',
};

async function writes() {
  return {
    rows: await countRows(t.database, 'catalog.document_type'),
    audit: await countRows(t.database, 'platform.audit_log'),
    outbox: await countRows(t.database, 'platform.outbox'),
  };
}

function expectProblem(
  res: { statusCode: number; headers: Record<string, unknown>; json(): any },
  status: number,
  code: string,
) {
  expect(res.statusCode).toBe(status);
  expect(String(res.headers['content-type'])).toMatch(/^application\/problem\+json/);
  const body = res.json();
  expect(body.code).toBe(code);
  expect(body.status).toBe(status);
  expect(typeof body.title).toBe('string');
  expect(body.requestId).toBeTruthy();
  // Vietnamese text: at least one letter with a Vietnamese diacritic.
  expect(`${body.title} ${body.detail ?? ''}`).toMatch(/[àáảãạăâđèéẻẽẹêìíòóỏõọôơùúủũụưỳýỹ]/i);
  return body;
}

describe('bad input changes nothing', () => {
  it('malformed JSON → 400 MALFORMED_JSON', async () => {
    const before = await writes();
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...adminHeaders, 'content-type': 'application/json' },
      payload: '{"code": "x",',
    });
    expectProblem(res, 400, 'MALFORMED_JSON');
    expect(await writes()).toEqual(before);
  });

  it('wrong types → 400 VALIDATION_FAILED naming the field, no coercion of "5"', async () => {
    const before = await writes();
    const res = await t.app.inject({ method: 'POST', url: URL, headers: adminHeaders, payload: { ...valid, code: 5 } });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toContainEqual({ field: '/body/code', message: '«code» phải là chuỗi ký tự.' });
    expect(await writes()).toEqual(before);
  });

  it('unknown fields → 400, not silently dropped', async () => {
    const before = await writes();
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: adminHeaders,
      payload: { ...valid, isAdmin: true },
    });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    expect(body.errors).toContainEqual({ field: '/body/isAdmin', message: 'Trường «isAdmin» không được chấp nhận.' });
    expect(await writes()).toEqual(before);
  });

  it('missing fields and bad formats are all reported at once', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: adminHeaders,
      payload: { code: 'x', validFrom: '01/07/2025', group: 'khac' },
    });
    const body = expectProblem(res, 400, 'VALIDATION_FAILED');
    const fields = body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(
      expect.arrayContaining(['/body/name', '/body/legalBasis', '/body/validFrom', '/body/group']),
    );
  });

  it('empty JSON body, wrong media type and oversized body are refused with problem+json', async () => {
    const before = await writes();
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: URL,
        headers: { ...adminHeaders, 'content-type': 'application/json' },
        payload: '',
      }),
      400,
      'EMPTY_BODY',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: URL,
        headers: { ...adminHeaders, 'content-type': 'text/csv' },
        payload: 'a,b',
      }),
      415,
      'UNSUPPORTED_MEDIA_TYPE',
    );
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: URL,
        headers: { ...adminHeaders, 'content-type': 'application/json' },
        payload: JSON.stringify({ ...valid, name: 'x'.repeat(2 * 1024 * 1024) }),
      }),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    expect(await writes()).toEqual(before);
  });

  it('bad query and path parameters → 400', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: `${URL}?on=hom-nay` }), 400, 'VALIDATION_FAILED');
    expectProblem(await t.app.inject({ method: 'GET', url: `${URL}/not-a-uuid` }), 400, 'VALIDATION_FAILED');
  });

  it('no or wrong admin token → 401, nothing written', async () => {
    const before = await writes();
    expectProblem(await t.app.inject({ method: 'POST', url: URL, payload: valid }), 401, 'UNAUTHENTICATED');
    expectProblem(
      await t.app.inject({
        method: 'POST',
        url: URL,
        payload: valid,
        headers: { authorization: 'Bearer wrong-token' },
      }),
      401,
      'UNAUTHENTICATED',
    );
    expect(await writes()).toEqual(before);
  });

  it('a malformed percent-encoding in the path → 400 MALFORMED_URL problem+json, on API and page routes', async () => {
    // %E0 opens a three-byte UTF-8 sequence that never comes: the router cannot decode the path.
    for (const url of ['/api/v1/dossiers/%E0', `${URL}/%E0`, '/thu-tuc/%E0', '/tra-cuu/%E0%A4']) {
      const body = expectProblem(await t.app.inject({ method: 'GET', url }), 400, 'MALFORMED_URL');
      expect(body.instance, url).toBe(url);
    }
    // The request id the caller sent comes back, as on every other answer.
    const res = await t.app.inject({
      method: 'GET',
      url: '/api/v1/dossiers/%E0',
      headers: { 'x-request-id': 'abc-1' },
    });
    expect(res.json().requestId).toBe('abc-1');
    expect(res.headers['x-request-id']).toBe('abc-1');
  });

  it('unknown route and unknown record → 404 problem+json', async () => {
    expectProblem(await t.app.inject({ method: 'GET', url: '/api/v1/khong-co' }), 404, 'ROUTE_NOT_FOUND');
    expectProblem(
      await t.app.inject({ method: 'GET', url: `${URL}/01900000-0000-7000-8000-000000000000` }),
      404,
      'DOCUMENT_TYPE_NOT_FOUND',
    );
  });
});

describe('a valid change', () => {
  it('writes the row, one audit record and one event in one transaction; a conflict writes nothing', async () => {
    const before = await writes();
    const res = await t.app.inject({
      method: 'POST',
      url: URL,
      headers: { ...adminHeaders, 'x-request-id': 'req-abc-123' },
      payload: valid,
    });
    expect(res.statusCode).toBe(201);
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const created = res.json();
    expect(created).toMatchObject({ code: valid.code, abbreviation: 'QĐT', validTo: null });
    expect(await writes()).toEqual({ rows: before.rows + 1, audit: before.audit + 1, outbox: before.outbox + 1 });

    const history = await t.app.tinhso.audit.history('document_type', created.id);
    expect(history).toHaveLength(1);
    expect(history[0]).toMatchObject({ action: 'document_type.create', request_id: 'req-abc-123', module: 'catalog' });

    const again = await t.app.inject({ method: 'POST', url: URL, headers: adminHeaders, payload: valid });
    expectProblem(again, 409, 'DOCUMENT_TYPE_EXISTS');
    expect(await writes()).toEqual({ rows: before.rows + 1, audit: before.audit + 1, outbox: before.outbox + 1 });

    const got = await t.app.inject({ method: 'GET', url: `${URL}/${created.id}` });
    expect(got.json()).toEqual(created);
    const listed = await t.app.inject({ method: 'GET', url: `${URL}?on=2026-06-01` });
    expect(listed.json().items.map((d: { id: string }) => d.id)).toContain(created.id);
    const earlier = await t.app.inject({ method: 'GET', url: `${URL}?on=2025-12-31` });
    expect(earlier.json().items.map((d: { id: string }) => d.id)).not.toContain(created.id);
  });
});

describe('kernel endpoints', () => {
  it('healthz, readyz, metrics, openapi and docs answer', async () => {
    expect((await t.app.inject('/healthz')).json()).toMatchObject({ status: 'ok' });
    expect((await t.app.inject('/readyz')).json()).toMatchObject({ status: 'ready', database: t.database.kind });
    const metrics = await t.app.inject('/metrics');
    expect(metrics.body).toContain('tinhso_outbox_pending_events');
    expect(metrics.body).toContain('tinhso_http_request_duration_seconds');
    const openapi = (await t.app.inject('/openapi.json')).json();
    expect(openapi.openapi).toBe('3.1.0');
    expect(Object.keys(openapi.paths)).toContain('/api/v1/catalog/document-types');
    const docs = await t.app.inject('/docs/');
    expect(docs.statusCode).toBe(200);
    const home = await t.app.inject('/');
    expect(home.headers['x-content-type-options']).toBe('nosniff');
    expect(home.headers['content-security-policy']).toBeTruthy();
  });
});

describe('files', () => {
  it('the app carries the configured content-addressed store', async () => {
    const stored = await t.app.tinhso.files.put(new TextEncoder().encode('Giấy khai sinh'));
    expect(stored).toMatchObject({ size: Buffer.byteLength('Giấy khai sinh'), mime: 'text/plain' });
    expect(await t.app.tinhso.files.has(stored.sha256)).toBe(true);
  });
});
