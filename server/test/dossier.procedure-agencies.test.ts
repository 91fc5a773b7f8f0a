/**
 * `GET /api/v1/procedures/{code}/agencies`: the agencies where a procedure can be submitted today
 * are exactly those the submission would accept (a published definition in force, the agency's
 * own or scope-wide); every one answers the appointment endpoint, and a definition that is
 * withdrawn or not yet in force takes its agency off the list.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A, type DossierTestEnv, setUpDossierEnv } from './dossier.support.ts';
import { adminHeaders } from './support.ts';

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: [] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

const agenciesOf = async (code: string) => {
  const res = await e.t.app.inject({ method: 'GET', url: `/api/v1/procedures/${code}/agencies` });
  return { status: res.statusCode, body: res.json() };
};

describe('GET /api/v1/procedures/{code}/agencies', () => {
  it('a commune-scope procedure: every commune committee, sorted by name; each accepts it', async () => {
    const { status, body } = await agenciesOf('1.001193');
    expect(status).toBe(200);
    expect(body.items.map((a: { code: string }) => a.code)).toEqual([A.otherCommune, A.commune]);
    expect(body.items[0].name).toBe('Ủy ban nhân dân phường Cái Khế');
    for (const a of body.items) {
      const res = await e.t.app.inject({
        method: 'GET',
        url: `/api/v1/procedures/1.001193/appointment?agency=${a.code}`,
      });
      expect(res.statusCode).toBe(200);
    }
  });

  it("an agency's own definition: that agency only", async () => {
    const { status, body } = await agenciesOf('2.001610');
    expect(status).toBe(200);
    expect(body.items.map((a: { code: string }) => a.code)).toEqual([A.finance]);
    expect(body.total).toBe(1);
  });

  it('says which agencies ask for a level-2 electronic identity (the definition guards it)', async () => {
    const police = await agenciesOf('3.000333');
    expect(police.body.items).toEqual([expect.objectContaining({ code: A.justice, minIdentityLevel: 2 })]);
    const civil = await agenciesOf('1.001193');
    expect(civil.body.items.every((a: { minIdentityLevel: number }) => a.minIdentityLevel === 0)).toBe(true);
  });

  it('a procedure without a definition in force: an empty list; an unknown one: 404 in Vietnamese', async () => {
    const none = await agenciesOf('1.000689');
    expect(none.status).toBe(200);
    expect(none.body).toMatchObject({ items: [], total: 0 });
    const bad = await e.t.app.inject({ method: 'GET', url: '/api/v1/procedures/9.999999/agencies' });
    expect(bad.statusCode).toBe(404);
    expect(bad.headers['content-type']).toMatch(/^application\/problem\+json/);
    expect(bad.json().detail ?? bad.json().title).toMatch(/[ạảãáàâăđêôơư]/);
  });

  it('a definition withdrawn from force takes its agency off the list', async () => {
    const defs = await e.t.app.inject({
      method: 'GET',
      url: '/api/v1/process-definitions?procedureCode=2.001610',
      headers: adminHeaders,
    });
    const def = defs.json().items[0] as { id: string; version: number };
    const res = await e.t.app.inject({
      method: 'POST',
      url: `/api/v1/process-definitions/${def.id}/versions/${def.version}/status`,
      headers: adminHeaders,
      payload: { status: 'retired' },
    });
    expect(res.statusCode).toBe(200);
    expect((await agenciesOf('2.001610')).body.items).toEqual([]);
  });
});
