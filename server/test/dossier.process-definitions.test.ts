/**
 * Drafts of process definitions through the HTTP API (issue 7, "Administration"): the dry-run
 * validation writes nothing and draws the diagram; a draft is edited in place only while it is a
 * draft and only from the revision the editor loaded (a concurrent edit answers 409); a draft is
 * deleted only if no dossier follows it; every change writes its audit row and its event; callers
 * without the right are refused; bad input answers Vietnamese problem+json and changes nothing.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ProcessDefinition } from '../src/modules/dossier/index.ts';
import { A, applicant, type DossierTestEnv, expectStatus, setUpDossierEnv, signIn } from './dossier.support.ts';
import type { Client } from './fixtures/identity.ts';
import { createOfficial } from './fixtures/identity.ts';
import { countRows } from './support.ts';

const PROCEDURE = '1.013236';
const ID = `demo-${PROCEDURE}-${A.centre}-v1`;
const BASE = `/api/v1/process-definitions/${ID}/versions`;

let env: DossierTestEnv;
let admin: Client;
let centreAdmin: Client;
let otherAdmin: Client;
let v1: ProcessDefinition;

beforeAll(async () => {
  env = await setUpDossierEnv({
    officials: ['motcua.tinh', 'chuyenvien.sxd'],
    env: { MFA_REQUIRED_ROLES: 'none' },
  });
  await createOfficial(env.t.app, {
    username: 'quantri.tinh',
    agencyCode: A.office,
    roles: [{ role: 'province_admin', agencyCode: null }],
  });
  await createOfficial(env.t.app, {
    username: 'quantri.trungtam',
    agencyCode: A.centre,
    roles: [{ role: 'agency_admin', agencyCode: A.centre }],
  });
  await createOfficial(env.t.app, {
    username: 'quantri.xa',
    agencyCode: A.otherCommune,
    roles: [{ role: 'agency_admin', agencyCode: A.otherCommune }],
  });
  admin = await signIn(env.t, 'quantri.tinh');
  centreAdmin = await signIn(env.t, 'quantri.trungtam');
  otherAdmin = await signIn(env.t, 'quantri.xa');
  v1 = expectStatus(await admin.get(`${BASE}/1`), 200);
}, 240_000);

afterAll(async () => {
  await env?.t.close();
});

const writes = async () => ({
  definitions: await countRows(env.t.database, 'dossier.process_definition'),
  audit: await countRows(env.t.database, 'platform.audit_log'),
  outbox: await countRows(env.t.database, 'platform.outbox'),
});

function copy(version: number, change: (d: ProcessDefinition) => void = () => {}): ProcessDefinition {
  const d = structuredClone(v1);
  d.version = version;
  d.status = 'draft';
  d.effectiveTo = null;
  change(d);
  return d;
}

async function updatedAtOf(version: number): Promise<string> {
  const list = expectStatus(await admin.get(`/api/v1/process-definitions?procedureCode=${PROCEDURE}`), 200) as {
    items: { id: string; version: number; updatedAt: string }[];
  };
  return list.items.find((i) => i.id === ID && i.version === version)!.updatedAt;
}

async function saveDraft(version: number, change?: (d: ProcessDefinition) => void): Promise<string> {
  expectStatus(await admin.post('/api/v1/process-definitions', copy(version, change)), 201);
  return updatedAtOf(version);
}

async function auditActions(entityId: string): Promise<string[]> {
  const r = await sql<{ action: string }>`
    select action from platform.audit_log where entity_id = ${entityId} order by at, seq`.execute(env.t.database.db);
  return r.rows.map((x) => x.action);
}

async function eventTypes(): Promise<string[]> {
  const r = await sql<{ type: string }>`select type from platform.outbox order by seq`.execute(env.t.database.db);
  return r.rows.map((x) => x.type);
}

describe('dry-run validation', () => {
  it('answers problems, the share total and the diagram, and writes nothing', async () => {
    const before = await writes();
    // A step removed while another step's actions still point to it: reported, and drawn, not dropped.
    const broken = copy(9, (d) => {
      d.steps = d.steps.filter((s) => s.id !== 'consult');
    });
    const res = await admin.post('/api/v1/process-definitions/validate?diagram=svg', broken);
    const body = expectStatus(res, 200) as {
      ok: boolean;
      problems: { code: string; path: string; message: string }[];
      svg: string;
      shareTotal: number;
    };
    expect(body.ok).toBe(false);
    const unknown = body.problems.find((p) => p.code === 'UNKNOWN_TARGET_STEP')!;
    expect(unknown.path).toBe('/steps/1/actions/0/to');
    expect(unknown.message).toBe('Bước đích «consult» không có trong danh sách bước.');
    expect(body.svg.startsWith('<svg')).toBe(true);
    expect(body.svg).toContain('Không có bước «consult»');
    // The agency's name from the catalogue, not its code.
    expect(body.svg).toContain('Sở Xây dựng');
    expect(body.shareTotal).toBe(v1.steps.reduce((s, x) => s + x.share, 0) - 12);

    const valid = expectStatus(await admin.post('/api/v1/process-definitions/validate', copy(9)), 200);
    expect(valid).toEqual({ ok: true, problems: [], shareTotal: 20 });
    expect(await writes()).toEqual(before);
  });

  it('reports an agency the catalogue does not have, and a save with it is refused', async () => {
    const before = await writes();
    const wrong = copy(9, (d) => {
      d.steps[1]!.agency = { kind: 'fixed', code: '000.99.99.H99' };
    });
    const body = expectStatus(await admin.post('/api/v1/process-definitions/validate', wrong), 200);
    expect(body.problems).toEqual([
      {
        code: 'UNKNOWN_AGENCY',
        path: '/steps/1/agency',
        message:
          'Cơ quan «000.99.99.H99» của bước «Sở Xây dựng thẩm định hồ sơ, kiểm tra thực địa» không có trong danh mục cơ quan.',
      },
    ]);
    const saved = await admin.post('/api/v1/process-definitions', wrong);
    expect(saved.statusCode).toBe(422);
    expect(saved.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(saved.json().errors).toEqual([
      { field: '/body/steps/1/agency', message: expect.stringContaining('không có trong danh mục cơ quan') },
    ]);
    expect(await writes()).toEqual(before);
  });

  it('a shape error comes back without a diagram; a bad query is a Vietnamese 400', async () => {
    const body = expectStatus(
      await admin.post('/api/v1/process-definitions/validate?diagram=svg', { ...copy(9), steps: 'none' }),
      200,
    );
    expect(body.ok).toBe(false);
    expect(body.svg).toBeUndefined();
    expect(body.problems[0]).toMatchObject({ code: 'SCHEMA', path: '/steps' });
    const bad = await admin.post('/api/v1/process-definitions/validate?diagram=png', copy(9));
    expect(bad.statusCode).toBe(400);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().title).toMatch(/[àáạảãâầấậẩẫăằắặẳẵèéẹẻẽêềếệểễìíịỉĩòóọỏõôồốộổỗơờớợởỡùúụủũưừứựửữỳýỵỷỹđ]/i);
  });
});

describe('editing a draft in place', () => {
  it('replaces the draft, writes its audit row and event, and moves updatedAt on', async () => {
    const first = await saveDraft(2);
    const edited = copy(2, (d) => {
      d.steps[3]!.name = 'Tổng hợp ý kiến (bản nháp đã sửa)';
    });
    const res = expectStatus(
      await admin.request('PUT', `${BASE}/2`, { definition: edited, expectedUpdatedAt: first }),
      200,
    );
    expect(res).toMatchObject({ id: ID, version: 2, status: 'draft' });
    expect(res.updatedAt).not.toBe(first);
    expect(res.updatedAt).toBe(await updatedAtOf(2));
    const stored = expectStatus(await admin.get(`${BASE}/2`), 200) as ProcessDefinition;
    expect(stored.steps[3]!.name).toBe('Tổng hợp ý kiến (bản nháp đã sửa)');
    expect(await auditActions(`${ID}@2`)).toEqual(['process_definition.saved', 'process_definition.draft_updated']);
    expect((await eventTypes()).at(-1)).toBe('process_definition.draft_updated');

    // The editor that loaded the first revision is told somebody changed it; nothing changes.
    const before = await writes();
    const stale = await admin.request('PUT', `${BASE}/2`, {
      definition: copy(2, (d) => {
        d.steps[3]!.name = 'Một sửa đổi cũ';
      }),
      expectedUpdatedAt: first,
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'PROCESS_DEFINITION_CHANGED', title: 'Bản nháp vừa được thay đổi' });
    expect(((await admin.get(`${BASE}/2`)).json() as ProcessDefinition).steps[3]!.name).toBe(
      'Tổng hợp ý kiến (bản nháp đã sửa)',
    );
    expect(await writes()).toEqual(before);
  });

  it('two editors saving the same revision at once: one wins, the other gets 409', async () => {
    const revision = await saveDraft(3);
    const [a, b] = await Promise.all([
      admin.request('PUT', `${BASE}/3`, {
        definition: copy(3, (d) => {
          d.steps[1]!.name = 'Sửa của người thứ nhất';
        }),
        expectedUpdatedAt: revision,
      }),
      centreAdmin.request('PUT', `${BASE}/3`, {
        definition: copy(3, (d) => {
          d.steps[1]!.name = 'Sửa của người thứ hai';
        }),
        expectedUpdatedAt: revision,
      }),
    ]);
    expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    const winner = a.statusCode === 200 ? 'Sửa của người thứ nhất' : 'Sửa của người thứ hai';
    expect(((await admin.get(`${BASE}/3`)).json() as ProcessDefinition).steps[1]!.name).toBe(winner);
    expect((await auditActions(`${ID}@3`)).filter((x) => x === 'process_definition.draft_updated')).toHaveLength(1);
  });

  it('an invalid edit is refused in Vietnamese with the problems against the fields, and changes nothing', async () => {
    const revision = await updatedAtOf(2);
    const before = await writes();
    const res = await admin.request('PUT', `${BASE}/2`, {
      definition: copy(2, (d) => {
        d.steps[1]!.share = 0;
        d.version = 7;
      }),
      expectedUpdatedAt: revision,
    });
    expect(res.statusCode).toBe(422);
    expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = res.json() as { code: string; title: string; errors: { field: string; message: string }[] };
    expect(problem).toMatchObject({ code: 'PROCESS_DEFINITION_INVALID', title: 'Quy trình không hợp lệ' });
    expect(problem.errors).toContainEqual({
      field: '/body/version',
      message: expect.stringContaining('Số phiên bản của bản nháp không được thay đổi'),
    });
    expect(problem.errors).toContainEqual({
      field: '/body/steps/1/share',
      message: expect.stringContaining('phải là số dương'),
    });
    // Without the revision the editor loaded: the body's shape is refused before anything else.
    const missing = await admin.request('PUT', `${BASE}/2`, { definition: copy(2) });
    expect(missing.statusCode).toBe(400);
    expect(missing.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(await writes()).toEqual(before);
    expect(await updatedAtOf(2)).toBe(revision);
  });

  it('a published version is never edited nor deleted', async () => {
    const revision = await updatedAtOf(1);
    const before = await writes();
    const put = await admin.request('PUT', `${BASE}/1`, { definition: { ...v1 }, expectedUpdatedAt: revision });
    expect(put.statusCode).toBe(409);
    expect(put.json()).toMatchObject({ code: 'PROCESS_DEFINITION_NOT_DRAFT' });
    const del = await admin.request('DELETE', `${BASE}/1`);
    expect(del.statusCode).toBe(409);
    expect(del.json().detail).toMatch(/chỉ bản nháp được sửa hoặc xoá/);
    expect(await writes()).toEqual(before);
  });
});

describe('deleting a draft', () => {
  it('deletes a draft with its audit row and event; then it is gone', async () => {
    const revision = await saveDraft(4);
    const stale = await admin.request(
      'DELETE',
      `${BASE}/4?expectedUpdatedAt=${encodeURIComponent('2020-01-01T00:00:00.000Z')}`,
    );
    expect(stale.statusCode).toBe(409);
    expect(stale.json()).toMatchObject({ code: 'PROCESS_DEFINITION_CHANGED' });
    expectStatus(
      await centreAdmin.request('DELETE', `${BASE}/4?expectedUpdatedAt=${encodeURIComponent(revision)}`),
      204,
    );
    expect((await admin.get(`${BASE}/4`)).statusCode).toBe(404);
    expect(await auditActions(`${ID}@4`)).toEqual(['process_definition.saved', 'process_definition.draft_deleted']);
    expect((await eventTypes()).at(-1)).toBe('process_definition.draft_deleted');
    expect((await admin.request('DELETE', `${BASE}/4`)).statusCode).toBe(404);
  });

  it('never deletes a version a dossier follows', async () => {
    await saveDraft(5);
    const received = expectStatus(
      await env.c['motcua.tinh']!.post('/api/v1/dossiers', {
        procedureCode: PROCEDURE,
        agencyCode: A.centre,
        applicant,
        receive: true,
      }),
      201,
    ) as { id: string };
    // A draft cannot be followed through the API; the guard is proved by pointing a dossier at it.
    await sql`update dossier.dossier set process_version = 5 where id = ${received.id}`.execute(env.t.database.db);
    const before = await writes();
    const res = await admin.request('DELETE', `${BASE}/5`);
    expect(res.statusCode).toBe(409);
    expect(res.json()).toMatchObject({ code: 'PROCESS_DEFINITION_IN_USE' });
    expect(res.json().detail).toBe(`Có 1 hồ sơ theo quy trình «${ID}» phiên bản 5; không xoá được.`);
    expect(await writes()).toEqual(before);
    await sql`update dossier.dossier set process_version = 1 where id = ${received.id}`.execute(env.t.database.db);
  });
});

describe('who may', () => {
  it('refuses the anonymous (401), officials who are not administrators (403), another agency’s administrator (404)', async () => {
    const revision = await saveDraft(6);
    const before = await writes();
    const anonymous = await env.t.app.inject({
      method: 'POST',
      url: '/api/v1/process-definitions/validate',
      payload: copy(9),
    });
    expect(anonymous.statusCode).toBe(401);
    const specialist = env.c['chuyenvien.sxd']!;
    for (const res of [
      await specialist.post('/api/v1/process-definitions/validate', copy(9)),
      await specialist.request('PUT', `${BASE}/6`, { definition: copy(6), expectedUpdatedAt: revision }),
      await specialist.request('DELETE', `${BASE}/6`),
    ]) {
      expect(res.statusCode).toBe(403);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
    }
    // An agency administrator of a commune does not see the centre's process: 404, not 403.
    const put = await otherAdmin.request('PUT', `${BASE}/6`, { definition: copy(6), expectedUpdatedAt: revision });
    expect(put.statusCode).toBe(404);
    expect((await otherAdmin.request('DELETE', `${BASE}/6`)).statusCode).toBe(404);
    expect(await writes()).toEqual(before);
    expect(await updatedAtOf(6)).toBe(revision);
  });
});
