/**
 * E-forms and drafts through the HTTP API (contract "E-forms and drafts"): the public e-form of a
 * procedure; a submission whose form data breaks the e-form is refused with field-located
 * Vietnamese messages and stores nothing; drafts are saved with a partial validation, each save
 * with its audit row and event; the `submit` action validates the draft fully.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkEFormSchema } from '../src/modules/dossier/eforms/index.ts';
import { demoFormData, demoProcessDefinitions } from '../src/modules/dossier/index.ts';
import { A, applicant, DEMO_CODES, type DossierTestEnv, expectStatus, setUpDossierEnv } from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';
import { countRows } from './support.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: ['motcua.xa'] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

type FormData = Record<string, Record<string, unknown>>;
const complete = (n = 0): FormData => structuredClone(demoFormData('1.001193', applicant, n)!);
const submitBirth = (c: Client, extra: Record<string, unknown>) =>
  c.post('/api/v1/dossiers', { procedureCode: '1.001193', agencyCode: A.commune, applicant, ...extra });
const patchForm = (c: Client, id: string, body: Record<string, unknown>) =>
  c.request('PATCH', `/api/v1/dossiers/${id}/form-data`, body);
const act = (c: Client, id: string, body: Record<string, unknown>) => c.post(`/api/v1/dossiers/${id}/actions`, body);

/** Rows that any write of a submission would add. */
async function writes() {
  const db = e.t.database;
  return {
    dossiers: await countRows(db, 'dossier.dossier'),
    history: await countRows(db, 'dossier.history'),
    audit: await countRows(db, 'platform.audit_log'),
    outbox: await countRows(db, 'platform.outbox'),
    codes: await countRows(db, 'dossier.code_sequence'),
  };
}

describe('GET /api/v1/procedures/{code}/eform', () => {
  it('is public and answers the birth registration form, groups in display order, fields labelled', async () => {
    const res = await e.t.app.inject({ method: 'GET', url: '/api/v1/procedures/1.001193/eform' });
    const body = expectStatus(res, 200);
    expect(body).toMatchObject({ procedureCode: '1.001193', version: 1, title: 'Tờ khai đăng ký khai sinh' });
    expect(Object.keys(body)).toEqual(['procedureCode', 'version', 'title', 'schema']);
    expect(checkEFormSchema(body.schema)).toMatchObject({ ok: true });
    expect(Object.keys(body.schema.properties)).toEqual(['requester', 'child', 'mother', 'father', 'copies']);
    expect(body.schema.required).toEqual(['requester', 'child', 'mother']);
    const child = body.schema.properties.child;
    expect(child.title).toBe('Người được khai sinh');
    expect(Object.keys(child.properties).slice(0, 2)).toEqual(['fullName', 'dateOfBirth']);
    expect(child.properties.fullName.title).toBe('Họ, chữ đệm và tên của trẻ');
    expect(child.properties.dateOfBirth).toMatchObject({ type: 'string', format: 'date' });
    expect(child.properties.sex.oneOf).toEqual([
      { const: 'nam', title: 'Nam' },
      { const: 'nu', title: 'Nữ' },
    ]);
    expect(body.schema.properties.requester.properties.fullName['x-prefill']).toBe('account.fullName');
  });

  it('every demo procedure has one', async () => {
    for (const def of demoProcessDefinitions(DEMO_CODES)) {
      const res = await e.t.app.inject({ method: 'GET', url: `/api/v1/procedures/${def.procedureCode}/eform` });
      expect(res.statusCode, def.procedureCode).toBe(200);
      expect(res.json().procedureCode).toBe(def.procedureCode);
    }
  });

  it('404 problem for a procedure without an e-form; 400 for a malformed code', async () => {
    const res = await e.t.app.inject({ method: 'GET', url: '/api/v1/procedures/1.001266/eform' });
    expect(res.statusCode).toBe(404);
    expect(res.headers['content-type']).toMatch(/application\/problem\+json/);
    expect(res.json()).toMatchObject({ code: 'EFORM_NOT_FOUND', status: 404 });
    expect(res.json().detail).toContain('1.001266');
    const bad = await e.t.app.inject({ method: 'GET', url: '/api/v1/procedures/khai-sinh/eform' });
    expect(bad.statusCode).toBe(400);
  });
});

describe('submission validates the form data fully', () => {
  it('bad form data: 422 with a message per field naming its label, and nothing stored', async () => {
    const before = await writes();
    const data = complete();
    delete data['child']!['fullName'];
    data['child']!['dateOfBirth'] = '2026-02-30';
    data['mother']!['yearOfBirth'] = 2027;
    data['requester']!['idNumber'] = '1234';
    data['child']!['nickname'] = 'Bin';
    const res = await submitBirth(e.c.dan!, { formData: data });
    expect(res.statusCode).toBe(422);
    const problem = res.json();
    expect(problem.code).toBe('DOSSIER_FORM_INVALID');
    expect(problem.errors).toEqual([
      {
        field: '/formData/requester/idNumber',
        message: 'Số định danh cá nhân của người yêu cầu: phải gồm đúng 12 chữ số.',
      },
      { field: '/formData/child/fullName', message: 'Họ, chữ đệm và tên của trẻ: bắt buộc nhập.' },
      { field: '/formData/child/dateOfBirth', message: 'Ngày sinh: phải là ngày hợp lệ dạng YYYY-MM-DD.' },
      {
        field: '/formData/child/nickname',
        message: 'Phần «Người được khai sinh» của tờ khai không có mục «nickname».',
      },
      { field: '/formData/mother/yearOfBirth', message: 'Năm sinh của người mẹ: không được sau năm nay.' },
    ]);
    expect(await writes()).toEqual(before);
  });

  it('a date of birth after today is refused', async () => {
    const data = complete();
    data['child']!['dateOfBirth'] = '2026-03-17'; // the test clock is Monday 16/3/2026
    const res = await submitBirth(e.c.dan!, { formData: data });
    expect(res.statusCode).toBe(422);
    expect(res.json().errors).toEqual([
      { field: '/formData/child/dateOfBirth', message: 'Ngày sinh: không được sau ngày hôm nay.' },
    ]);
  });

  it('an empty form at the counter is refused too, with every required field; applicant errors come with them', async () => {
    const before = await writes();
    const res = await e.c['motcua.xa']!.post('/api/v1/dossiers', {
      procedureCode: '1.001193',
      agencyCode: A.commune,
      applicant: { name: 'X' },
      formData: {},
      receive: true,
    });
    expect(res.statusCode).toBe(422);
    const fields = res.json().errors.map((x: { field: string }) => x.field);
    expect(fields).toContain('/body/applicant/name');
    expect(fields).toContain('/formData/requester/fullName');
    expect(fields).toContain('/formData/child/placeOfBirth');
    expect(fields).toContain('/formData/mother/residence');
    expect(fields.filter((f: string) => f.startsWith('/formData/father'))).toEqual([]);
    expect(await writes()).toEqual(before);
  });

  it('complete form data: 201, stored as sent', async () => {
    const data = complete(5);
    const d = expectStatus(await submitBirth(e.c.dan!, { formData: data }), 201);
    expect(d.status).toBe('submitted');
    expect(d.code).toMatch(/^H99\.31117-\d{6}-\d{4}$/);
    expect(d.formData).toEqual(data);
  });
});

describe('drafts', () => {
  it('a draft accepts part of the form, but not a malformed field', async () => {
    const d = expectStatus(
      await submitBirth(e.c.dan!, { submit: false, formData: { child: { fullName: 'Nguyễn Gia Bảo' } } }),
      201,
    );
    expect(d.status).toBe('draft');
    const before = await writes();
    const bad = await submitBirth(e.c.dan!, { submit: false, formData: { child: { sex: 'trai' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: '/formData/child/sex', message: 'Giới tính: phải chọn một trong các giá trị: Nam, Nữ.' },
    ]);
    expect(await writes()).toEqual(before);
  });

  it('save partial data, refuse incomplete submission, complete it, submit', async () => {
    const draft = expectStatus(
      await submitBirth(e.c.dan!, { submit: false, formData: { child: { fullName: 'Nguyễn Gia Bảo' } } }),
      201,
    );
    // Save page two: still incomplete, accepted as a draft.
    const partial = { child: { fullName: 'Nguyễn Gia Bảo', dateOfBirth: '2026-03-01', sex: 'nam' } };
    const auditBefore = await countRows(e.t.database, 'platform.audit_log');
    const saved = expectStatus(
      await patchForm(e.c.dan!, draft.id, { formData: partial, expectedVersion: draft.version }),
      200,
    );
    expect(saved.status).toBe('draft');
    expect(saved.formData).toEqual(partial);
    expect(saved.version).toBe(draft.version + 1);
    expect(await countRows(e.t.database, 'platform.audit_log')).toBe(auditBefore + 1);

    // The audit row and the event of the save; the audit row names fields, not their values.
    const audit = await sql<{ action: string; data: any; module: string }>`
      select action, data, module from platform.audit_log
      where entity_type = 'dossier' and entity_id = ${draft.id} and action = 'dossier.draft_updated'`.execute(
      e.t.database.db,
    );
    expect(audit.rows).toHaveLength(1);
    expect(audit.rows[0]!.module).toBe('dossier');
    expect(audit.rows[0]!.data).toEqual({
      version: draft.version + 1,
      fields: ['/child/fullName', '/child/dateOfBirth', '/child/sex'],
    });
    expect(JSON.stringify(audit.rows[0]!.data)).not.toContain('Gia Bảo');
    const events = await sql<{ payload: any }>`
      select payload from platform.outbox where type = 'dossier.draft_updated'`.execute(e.t.database.db);
    expect(events.rows.map((r) => r.payload)).toContainEqual({
      dossierId: draft.id,
      procedureCode: '1.001193',
      version: draft.version + 1,
    });

    // A save that breaks the form changes nothing.
    const bad = await patchForm(e.c.dan!, draft.id, { formData: { child: { dateOfBirth: '01/03/2026' } } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().errors).toEqual([
      { field: '/formData/child/dateOfBirth', message: 'Ngày sinh: phải là ngày hợp lệ dạng YYYY-MM-DD.' },
    ]);
    // A stale version is refused.
    const stale = await patchForm(e.c.dan!, draft.id, { formData: partial, expectedVersion: draft.version });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().code).toBe('DOSSIER_CHANGED');
    const unchanged = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${draft.id}`), 200);
    expect(unchanged.formData).toEqual(partial);
    expect(unchanged.version).toBe(saved.version);

    // Submitting the incomplete draft: 422 with the missing fields, still a draft, no number taken.
    const codesBefore = await writes();
    const refused = await act(e.c.dan!, draft.id, { kind: 'submit' });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().code).toBe('DOSSIER_FORM_INVALID');
    const missing = refused.json().errors.map((x: { field: string }) => x.field);
    expect(missing).toContain('/formData/requester/fullName');
    expect(missing).toContain('/formData/child/placeOfBirth');
    expect(missing).not.toContain('/formData/child/fullName');
    expect(refused.json().errors).toContainEqual({
      field: '/formData/mother/yearOfBirth',
      message: 'Năm sinh của người mẹ: bắt buộc nhập.',
    });
    expect(await writes()).toEqual(codesBefore);
    const still = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${draft.id}`), 200);
    expect(still.status).toBe('draft');
    expect(still.code).toBeNull();

    // Complete it and submit.
    const full = complete(2);
    expectStatus(await patchForm(e.c.dan!, draft.id, { formData: full }), 200);
    const submitted = expectStatus(await act(e.c.dan!, draft.id, { kind: 'submit' }), 200);
    expect(submitted.status).toBe('submitted');
    expect(submitted.code).toMatch(/^H99\.31117-/);
    expect(submitted.formData).toEqual(full);

    // Once submitted, the form is no longer a draft's.
    const late = await patchForm(e.c.dan!, draft.id, { formData: full });
    expect(late.statusCode).toBe(409);
    expect(late.json().code).toBe('DOSSIER_NOT_DRAFT');
  });

  it('only the applicant may save: another citizen gets 404, the receiving desk 403', async () => {
    const draft = expectStatus(await submitBirth(e.c.dan!, { submit: false, formData: {} }), 201);
    const body = { formData: { child: { fullName: 'Trần Minh Anh' } } };
    const other = await patchForm(e.c.khac!, draft.id, body);
    expect(other.statusCode).toBe(404);
    const desk = await patchForm(e.c['motcua.xa']!, draft.id, body);
    expect(desk.statusCode).toBe(403);
    const anonymous = await e.t.app.inject({
      method: 'PATCH',
      url: `/api/v1/dossiers/${draft.id}/form-data`,
      payload: body,
    });
    expect(anonymous.statusCode).toBe(401);
    const after = expectStatus(await e.c.dan!.get(`/api/v1/dossiers/${draft.id}`), 200);
    expect(after.formData).toEqual({});
    expect(after.version).toBe(draft.version);
  });

  it('unknown dossier: 404; a body without formData: 400', async () => {
    const missing = await patchForm(e.c.dan!, '01900000-0000-7000-8000-000000000000', { formData: {} });
    expect(missing.statusCode).toBe(404);
    const draft = expectStatus(await submitBirth(e.c.dan!, { submit: false, formData: {} }), 201);
    const noForm = await patchForm(e.c.dan!, draft.id, { expectedVersion: draft.version });
    expect(noForm.statusCode).toBe(400);
  });
});
