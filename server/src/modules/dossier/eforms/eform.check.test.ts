import { describe, expect, it } from 'vitest';
import { checkEFormSchema } from './eform.check.ts';
import { DEMO_EFORMS, eformRegistry } from './eform.registry.ts';

const ok = () => ({
  $schema: 'https://json-schema.org/draft/2020-12/schema',
  type: 'object',
  properties: {
    person: {
      type: 'object',
      title: 'Người yêu cầu',
      properties: {
        fullName: { type: 'string', title: 'Họ và tên', minLength: 2, maxLength: 100, 'x-prefill': 'account.fullName' },
        age: { type: 'integer', title: 'Tuổi', minimum: 0, maximum: 150 },
        sex: { type: 'string', title: 'Giới tính', oneOf: [{ const: 'nam', title: 'Nam' }] },
      },
      required: ['fullName'],
    },
  },
  required: ['person'],
});

type Loose = Record<string, any>;
const paths = (input: unknown) => {
  const r = checkEFormSchema(input);
  return r.ok ? [] : r.problems.map((p) => p.path);
};
const mutate = (f: (s: Loose) => void) => {
  const s = ok() as Loose;
  f(s);
  return s;
};
const field = (s: Loose, name: string) => s['properties']['person']['properties'][name];

describe('checkEFormSchema', () => {
  it('accepts a well-formed e-form and every registered demo e-form', () => {
    expect(checkEFormSchema(ok())).toMatchObject({ ok: true });
    for (const v of DEMO_EFORMS) expect(checkEFormSchema(v.schema), v.procedureCode).toMatchObject({ ok: true });
  });

  it.each<[string, (s: Loose) => void, string]>([
    ['not an object at the top', (s) => (s['type'] = 'array'), '/type'],
    ['an unknown top keyword', (s) => (s['additionalProperties'] = true), '/additionalProperties'],
    ['another $schema', (s) => (s['$schema'] = 'http://json-schema.org/draft-07/schema#'), '/$schema'],
    ['no groups', (s) => (s['properties'] = {}), '/properties'],
    ['a required group that does not exist', (s) => (s['required'] = ['nobody']), '/required/0'],
    ['a group without a title', (s) => delete s['properties']['person']['title'], '/properties/person/title'],
    [
      'a group name unsafe in a pointer',
      (s) => (s['properties']['a/b'] = s['properties']['person']),
      '/properties/a/b',
    ],
    [
      'a field of an unsupported type',
      (s) => (field(s, 'age').type = 'array'),
      '/properties/person/properties/age/type',
    ],
    ['a field without a label', (s) => delete field(s, 'age').title, '/properties/person/properties/age/title'],
    [
      'a misspelt keyword',
      (s) => (field(s, 'fullName').maxLenght = 3),
      '/properties/person/properties/fullName/maxLenght',
    ],
    [
      'a string keyword on a number',
      (s) => (field(s, 'age').maxLength = 3),
      '/properties/person/properties/age/maxLength',
    ],
    [
      'a number keyword on a string',
      (s) => (field(s, 'fullName').minimum = 3),
      '/properties/person/properties/fullName/minimum',
    ],
    [
      'an unknown format',
      (s) => (field(s, 'fullName').format = 'uri'),
      '/properties/person/properties/fullName/format',
    ],
    [
      'minLength above maxLength',
      (s) => (field(s, 'fullName').minLength = 200),
      '/properties/person/properties/fullName/minLength',
    ],
    [
      'a field that can hold nothing',
      (s) => (field(s, 'fullName').maxLength = 0),
      '/properties/person/properties/fullName/maxLength',
    ],
    ['minimum above maximum', (s) => (field(s, 'age').minimum = 200), '/properties/person/properties/age/minimum'],
    [
      'a pattern that does not compile',
      (s) => (field(s, 'fullName').pattern = '(['),
      '/properties/person/properties/fullName/pattern',
    ],
    [
      'a pattern message without a pattern',
      (s) => (field(s, 'fullName')['x-patternMessage'] = 'sai'),
      '/properties/person/properties/fullName/x-patternMessage',
    ],
    [
      'an unknown prefill',
      (s) => (field(s, 'fullName')['x-prefill'] = 'account.salary'),
      '/properties/person/properties/fullName/x-prefill',
    ],
    [
      'not-after-today on a plain string',
      (s) => (field(s, 'fullName')['x-notAfterToday'] = true),
      '/properties/person/properties/fullName/x-notAfterToday',
    ],
    [
      'a choice of the wrong type',
      (s) => (field(s, 'sex').oneOf = [{ const: 1, title: 'Nam' }]),
      '/properties/person/properties/sex/oneOf/0/const',
    ],
    [
      'a choice without a label',
      (s) => (field(s, 'sex').oneOf = [{ const: 'nam' }]),
      '/properties/person/properties/sex/oneOf/0/title',
    ],
    [
      'a duplicated choice',
      (s) => field(s, 'sex').oneOf.push({ const: 'nam', title: 'Nam nữa' }),
      '/properties/person/properties/sex/oneOf/1/const',
    ],
    ['an empty choice list', (s) => (field(s, 'sex').oneOf = []), '/properties/person/properties/sex/oneOf'],
    [
      'a required field that does not exist',
      (s) => (s['properties']['person']['required'] = ['x']),
      '/properties/person/required/0',
    ],
    [
      'a required field twice',
      (s) => (s['properties']['person']['required'] = ['fullName', 'fullName']),
      '/properties/person/required/1',
    ],
  ])('refuses %s', (_what, change, path) => {
    expect(paths(mutate(change))).toContain(path);
  });

  it('refuses values that are not schemas at all', () => {
    expect(paths(null)).toEqual(['']);
    expect(paths('{}')).toEqual(['']);
  });
});

describe('eformRegistry', () => {
  const v1 = DEMO_EFORMS[0]!;
  it('picks the version in force on a day, latest first', () => {
    const v2 = { ...v1, version: 2, effectiveFrom: '2026-06-01' };
    const reg = eformRegistry([v1, v2]);
    expect(reg.formFor(v1.procedureCode, '2025-06-30')).toBeNull();
    expect(reg.formFor(v1.procedureCode, '2026-05-31')?.version).toBe(1);
    expect(reg.formFor(v1.procedureCode, '2026-06-01')?.version).toBe(2);
    expect(reg.version(v1.procedureCode, 1)?.version).toBe(1);
    expect(reg.formFor('9.999999', '2026-06-01')).toBeNull();
    expect(reg.formDataErrors('9.999999', { anything: 1 }, 'full', '2026-06-01')).toEqual([]);
  });

  it('refuses a malformed e-form and a duplicated version when it loads', () => {
    const broken = { ...v1, schema: { ...v1.schema, type: 'array' } } as unknown as typeof v1;
    expect(() => eformRegistry([broken])).toThrow(/malformed/);
    expect(() => eformRegistry([v1, v1])).toThrow(/twice/);
  });
});
