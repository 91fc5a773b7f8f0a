/**
 * The portal's e-form checks (web/src/shared/eform/eform.ts) agree with the server's: for every
 * demo e-form, the demo data passes both and submits; and for each field, a wrong value (too
 * short, too long, off the pattern, not a real date, not an e-mail or phone number, out of range,
 * not one of the choices, or a required field left blank) is refused by the page exactly when the
 * server refuses it, at the same field — so the citizen is told at the field before sending, and
 * the page never blocks what the server would take. No browser: the page's functions run here.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  answersFrom,
  errorTarget,
  type FieldDef,
  formDataOf,
  groupsOf,
  validateGroup,
} from '../../../web/src/shared/eform/eform.ts';
import { viPortal } from '../../../web/src/shared/i18n/vi.portal.ts';
import { type Messages, vi } from '../../../web/src/shared/i18n/vi.ts';
import { demoFormData, demoProcessDefinitions, eforms } from '../../src/modules/dossier/index.ts';
import { A, DEMO_CODES, type DossierTestEnv, setUpDossierEnv } from '../dossier.support.ts';

const t = { ...vi, ...viPortal } as Messages;
const applicant = { name: 'Nguyễn Văn Dân', idNumber: '092090001111', phone: '0912345678' };

let e: DossierTestEnv;
beforeAll(async () => {
  e = await setUpDossierEnv({ officials: [] });
}, 180_000);
afterAll(async () => {
  await e?.t.close();
});

/** The receiving agency of a procedure's demo process in the test province. */
function agencyOf(procedureCode: string): string | null {
  const def = demoProcessDefinitions(DEMO_CODES).find((d) => d.procedureCode === procedureCode);
  if (!def) return null;
  return def.agencyCode === 'scope:commune' ? A.commune : def.agencyCode;
}

/** A value the field's rules refuse, as the person would type it; null when none applies. */
function wrongValue(f: FieldDef): string | null {
  const s = f.schema;
  if (f.kind === 'choice') return 'khong-co-lua-chon-nay';
  if (f.kind === 'date') return '2025-02-30';
  if (f.kind === 'email') return 'ten@';
  if (f.kind === 'tel') return '12345';
  if (f.kind === 'integer' || f.kind === 'number') {
    if (s.maximum !== undefined) return String(s.maximum + 1);
    if (s.minimum !== undefined) return String(s.minimum - 1);
    return null;
  }
  if (f.kind === 'text') {
    if (s.pattern) return 'x';
    if (s.minLength !== undefined && s.minLength > 1) return 'x';
    if (s.maxLength !== undefined) return 'x'.repeat(s.maxLength + 1);
  }
  return null;
}

async function serverErrors(procedureCode: string, formData: unknown): Promise<{ status: number; fields: string[] }> {
  const res = await e.c.dan!.post('/api/v1/dossiers', {
    procedureCode,
    agencyCode: agencyOf(procedureCode),
    applicant,
    formData,
  });
  const fields = ((res.json().errors ?? []) as { field: string }[]).flatMap((x) => {
    const target = errorTarget(x.field);
    return target && 'group' in target && target.field ? [`/${target.group}/${target.field}`] : [];
  });
  return { status: res.statusCode, fields };
}

describe('the portal and the server check e-forms alike', () => {
  const codes = eforms.procedureCodes().filter((c) => agencyOf(c) !== null);

  it('covers the demo e-forms', () => {
    expect(codes.length).toBeGreaterThanOrEqual(5);
  });

  for (const code of codes) {
    it(`${code}: the demo data passes both; each wrong value is refused by both, at its field`, async () => {
      const doc = (await e.c.dan!.get(`/api/v1/procedures/${code}/eform`)).json();
      const groups = groupsOf(doc.schema);
      expect(groups.length).toBeGreaterThan(0);
      const data = demoFormData(code, applicant, 3)!;
      const answers = answersFrom(groups, data);
      for (const g of groups) expect(validateGroup(t, g, answers), `${code} ${g.name}`).toEqual({});
      // What the page sends is what the server takes.
      const ok = await e.c.dan!.post('/api/v1/dossiers', {
        procedureCode: code,
        agencyCode: agencyOf(code),
        applicant,
        formData: formDataOf(groups, answers),
      });
      expect(ok.statusCode, ok.body).toBe(201);

      let checked = 0;
      for (const g of groups) {
        for (const f of g.fields) {
          const variants: (string | boolean)[] = [];
          const wrong = wrongValue(f);
          if (wrong !== null) variants.push(wrong);
          // A required field of a page in use, left blank.
          if (f.required && answers[g.name]?.[f.name] !== undefined) variants.push('');
          for (const v of variants) {
            const changed = { ...answers, [g.name]: { ...answers[g.name], [f.name]: v } };
            const page = Object.keys(validateGroup(t, g, changed)).includes(f.name);
            const server = await serverErrors(code, formDataOf(groups, changed));
            expect(
              server.status === 422 && server.fields.includes(f.path),
              `${code} ${f.path} = ${JSON.stringify(v)}`,
            ).toBe(page);
            expect(page, `${code} ${f.path} = ${JSON.stringify(v)} should be refused`).toBe(true);
            checked++;
          }
        }
      }
      expect(checked).toBeGreaterThan(0);
    }, 120_000);
  }
});
