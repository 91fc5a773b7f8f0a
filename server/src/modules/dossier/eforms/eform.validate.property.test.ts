/**
 * Properties of the validator (fast-check), over random well-formed e-forms and over the demo
 * e-forms: data generated from a schema is accepted (fully, and any part of it as a draft); a
 * required field removed or blanked is reported exactly once, at its pointer, naming its label;
 * a value of the wrong type or an unknown property is reported at its pointer in both modes.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { checkEFormSchema } from './eform.check.ts';
import { DEMO_EFORMS } from './eform.registry.ts';
import type { EFormField, EFormGroup, EFormSchema } from './eform.types.ts';
import { validateFormData } from './eform.validate.ts';

const TODAY = '2026-03-16';
type Data = Record<string, Record<string, unknown>>;

// --- random e-forms ----------------------------------------------------------------------------

const name = fc.stringMatching(/^[a-z][A-Za-z0-9]{0,8}$/);
const label = fc.constantFrom(
  'Họ và tên',
  'Ngày sinh',
  'Số điện thoại',
  'Nơi cư trú',
  'Số tầng',
  'Ghi chú',
  'Cam đoan',
);

const stringField: fc.Arbitrary<EFormField> = fc.oneof(
  fc
    .record({ min: fc.integer({ min: 0, max: 5 }), extra: fc.integer({ min: 0, max: 30 }), title: label })
    .map(({ min, extra, title }) => ({ type: 'string' as const, title, minLength: min, maxLength: min + extra + 1 })),
  label.map((title) => ({ type: 'string' as const, title, format: 'date' as const, 'x-notAfterToday': true })),
  label.map((title) => ({ type: 'string' as const, title, format: 'date' as const })),
  label.map((title) => ({ type: 'string' as const, title, format: 'email' as const })),
  label.map((title) => ({ type: 'string' as const, title, format: 'tel' as const })),
  label.map((title) => ({
    type: 'string' as const,
    title,
    pattern: '^[0-9]{12}$',
    'x-patternMessage': 'gồm 12 chữ số',
  })),
  fc
    .record({ title: label, consts: fc.uniqueArray(name, { minLength: 1, maxLength: 5 }) })
    .map(({ title, consts }) => ({
      type: 'string' as const,
      title,
      oneOf: consts.map((c) => ({ const: c, title: c })),
    })),
);
const numberField: fc.Arbitrary<EFormField> = fc
  .record({
    type: fc.constantFrom('integer' as const, 'number' as const),
    title: label,
    min: fc.integer({ min: -1000, max: 1000 }),
    span: fc.integer({ min: 0, max: 5000 }),
  })
  .map(({ type, title, min, span }) => ({ type, title, minimum: min, maximum: min + span }));
const yearField: fc.Arbitrary<EFormField> = label.map((title) => ({
  type: 'integer' as const,
  title,
  minimum: 1900,
  'x-notAfterToday': true,
}));
const booleanField: fc.Arbitrary<EFormField> = label.map((title) => ({ type: 'boolean' as const, title }));
const field = fc.oneof(stringField, numberField, yearField, booleanField);

const group: fc.Arbitrary<EFormGroup> = fc.dictionary(name, field, { minKeys: 1, maxKeys: 6 }).chain((properties) =>
  fc.subarray(Object.keys(properties)).map((required) => ({
    type: 'object' as const,
    title: 'Phần',
    properties,
    ...(required.length > 0 ? { required } : {}),
  })),
);

const schemaArb: fc.Arbitrary<EFormSchema> = fc
  .dictionary(name, group, { minKeys: 1, maxKeys: 4 })
  .chain((properties) =>
    fc.subarray(Object.keys(properties)).map((required) => ({
      type: 'object' as const,
      properties,
      ...(required.length > 0 ? { required } : {}),
    })),
  );

// --- valid values generated from a field --------------------------------------------------------

/** Letters including precomposed Vietnamese ones and one outside the BMP (length counts code points). */
const letter = fc.constantFrom(...'aăâbcdđeêghiklmnoôơpqrstuưvxyẠỆỮ𝒜');

function validValue(f: EFormField): fc.Arbitrary<unknown> {
  if (f.oneOf) return fc.constantFrom(...f.oneOf.map((c) => c.const));
  switch (f.type) {
    case 'boolean':
      return fc.boolean();
    case 'integer':
      return fc.integer({ min: f.minimum ?? -1e6, max: f['x-notAfterToday'] ? 2026 : (f.maximum ?? 1e6) });
    case 'number':
      return fc.double({ min: f.minimum ?? -1e6, max: f.maximum ?? 1e6, noNaN: true, noDefaultInfinity: true });
    case 'string':
      break;
  }
  if (f.format === 'date') {
    const last = f['x-notAfterToday'] ? new Date(`${TODAY}T00:00:00Z`) : new Date('2100-12-31T00:00:00Z');
    return fc
      .date({ min: new Date('1900-01-01T00:00:00Z'), max: last, noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10));
  }
  if (f.format === 'email') return fc.tuple(name, name).map(([a, b]) => `${a}@${b}.vn`);
  if (f.format === 'tel') return fc.stringMatching(/^0[0-9]{9,10}$/);
  if (f.pattern) return fc.stringMatching(new RegExp(f.pattern, 'u'));
  const min = Math.max(f.minLength ?? 0, 1);
  const max = Math.max(f.maxLength ?? 40, min);
  return fc.array(letter, { minLength: min, maxLength: max }).map((cs) => cs.join(''));
}

/** Valid data: required groups and fields present, optional ones sometimes. */
function dataOf(schema: EFormSchema): fc.Arbitrary<Data> {
  const groups = Object.entries(schema.properties).map(([g, grp]) => {
    const fields = Object.entries(grp.properties).map(([k, f]) => {
      const v = validValue(f);
      return (grp.required ?? []).includes(k)
        ? v.map((x) => [k, x] as const)
        : fc.option(v, { nil: undefined }).map((x) => [k, x] as const);
    });
    const groupValue = fc
      .tuple(...fields)
      .map((pairs) => Object.fromEntries(pairs.filter(([, x]) => x !== undefined)) as Record<string, unknown>);
    return (schema.required ?? []).includes(g)
      ? groupValue.map((x) => [g, x] as const)
      : fc.option(groupValue, { nil: undefined }).map((x) => [g, x] as const);
  });
  return fc.tuple(...groups).map((pairs) => Object.fromEntries(pairs.filter(([, x]) => x !== undefined)) as Data);
}

/** A schema with valid data for it. */
const schemaWithData = schemaArb.chain((schema) => dataOf(schema).map((data) => ({ schema, data })));

const full = (s: EFormSchema, d: unknown) => validateFormData(s, d, { mode: 'full', today: TODAY });
const partial = (s: EFormSchema, d: unknown) => validateFormData(s, d, { mode: 'partial', today: TODAY });

/** Required fields present in the data: those whose removal must be reported. */
function requiredPresent(schema: EFormSchema, data: Data): [string, string][] {
  return Object.entries(schema.properties).flatMap(([g, grp]) =>
    data[g] === undefined
      ? []
      : (grp.required ?? []).filter((k) => k in data[g]!).map((k) => [g, k] as [string, string]),
  );
}

function wrongTypeFor(f: EFormField): unknown {
  return f.type === 'string' ? 12 : f.type === 'boolean' ? 'có' : 'mười';
}

describe('validator properties over random e-forms', () => {
  it('the generated e-forms are well-formed', () => {
    fc.assert(fc.property(schemaArb, (s) => checkEFormSchema(s).ok));
  });

  it('valid data generated from the schema is accepted in full mode', () => {
    fc.assert(
      fc.property(schemaWithData, ({ schema, data }) => {
        expect(full(schema, data)).toEqual([]);
      }),
    );
  });

  it('any part of valid data is accepted as a draft', () => {
    fc.assert(
      fc.property(
        schemaWithData.chain(({ schema, data }) =>
          fc
            .tuple(...Object.entries(data).map(([g, v]) => fc.subarray(Object.keys(v)).map((ks) => [g, ks] as const)))
            .map((kept) => ({
              schema,
              draft: Object.fromEntries(
                kept.map(([g, ks]) => [g, Object.fromEntries(ks.map((k) => [k, data[g]![k]]))]),
              ),
            })),
        ),
        ({ schema, draft }) => {
          expect(partial(schema, draft)).toEqual([]);
        },
      ),
    );
  });

  it('a required field removed or blanked is reported once, at its pointer, naming its label; a draft does not mind', () => {
    fc.assert(
      fc.property(
        schemaWithData
          .filter(({ schema, data }) => requiredPresent(schema, data).length > 0)
          .chain(({ schema, data }) =>
            fc
              .record({
                which: fc.constantFrom(...requiredPresent(schema, data)),
                blank: fc.constantFrom(undefined, '', '  '),
              })
              .map((m) => ({ schema, data, ...m })),
          ),
        ({ schema, data, which: [g, k], blank }) => {
          const mutated = structuredClone(data);
          if (blank === undefined) delete mutated[g]![k];
          else mutated[g]![k] = blank;
          const errors = full(schema, mutated);
          const f = schema.properties[g]!.properties[k]!;
          const verb = f.oneOf !== undefined || f.type === 'boolean' ? 'chọn' : 'nhập';
          expect(errors).toEqual([{ field: `/formData/${g}/${k}`, message: `${f.title}: bắt buộc ${verb}.` }]);
          // A blank string is "not filled in" whatever the field's type (a wizard sends cleared inputs as "").
          expect(partial(schema, mutated)).toEqual([]);
        },
      ),
    );
  });

  it('a value of the wrong type is reported at its pointer in both modes', () => {
    fc.assert(
      fc.property(
        schemaWithData
          .filter(({ data }) => Object.values(data).some((v) => Object.keys(v).length > 0))
          .chain(({ schema, data }) =>
            fc
              .constantFrom(...Object.entries(data).flatMap(([g, v]) => Object.keys(v).map((k) => [g, k] as const)))
              .map((which) => ({ schema, data, which })),
          ),
        ({ schema, data, which: [g, k] }) => {
          const f = schema.properties[g]!.properties[k]!;
          const mutated = structuredClone(data);
          mutated[g]![k] = wrongTypeFor(f);
          for (const errors of [full(schema, mutated), partial(schema, mutated)]) {
            expect(errors).toHaveLength(1);
            expect(errors[0]!.field).toBe(`/formData/${g}/${k}`);
            expect(errors[0]!.message.startsWith(`${f.title}: `)).toBe(true);
          }
        },
      ),
    );
  });

  it('an unknown field is refused at its pointer in both modes', () => {
    fc.assert(
      fc.property(
        schemaWithData.filter(({ data }) => Object.keys(data).length > 0),
        fc.stringMatching(/^[A-Z][a-z]{2,6}$/),
        ({ schema, data }, extra) => {
          const g = Object.keys(data)[0]!;
          const mutated = structuredClone(data);
          mutated[g]![extra] = 'x';
          for (const errors of [full(schema, mutated), partial(schema, mutated)]) {
            expect(errors.map((e) => e.field)).toEqual([`/formData/${g}/${extra}`]);
          }
        },
      ),
    );
  });
});

describe('validator properties over the demo e-forms', () => {
  for (const form of DEMO_EFORMS) {
    it(`${form.procedureCode} ${form.title}: generated data is accepted; a removed required field is reported`, () => {
      fc.assert(
        fc.property(dataOf(form.schema), (data) => {
          expect(full(form.schema, data)).toEqual([]);
          for (const [g, k] of requiredPresent(form.schema, data)) {
            const mutated = structuredClone(data);
            delete mutated[g]![k];
            const errors = full(form.schema, mutated);
            expect(errors).toHaveLength(1);
            expect(errors[0]!.field).toBe(`/formData/${g}/${k}`);
            expect(errors[0]!.message.startsWith(form.schema.properties[g]!.properties[k]!.title)).toBe(true);
          }
        }),
        { numRuns: 50 },
      );
    });
  }
});
