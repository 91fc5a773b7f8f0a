import { describe, expect, it } from 'vitest';
import { demoProcessDefinitions } from '../domain/index.ts';
import { demoFormData } from './eform.demo-data.ts';
import { DEMO_EFORMS, eforms } from './eform.registry.ts';
import { validateFormData } from './eform.validate.ts';

const agencies = {
  commune: 'scope:commune',
  communePolice: 'scope:commune',
  provincePolice: 'P',
  provinceCentre: 'C',
  constructionDept: 'X',
  financeDept: 'F',
};

describe('demo e-forms', () => {
  it('every demo procedure has an e-form in force, and complete demo data for it', () => {
    for (const def of demoProcessDefinitions(agencies)) {
      const form = eforms.formFor(def.procedureCode, '2026-03-16');
      expect(form, def.procedureCode).not.toBeNull();
      // The seed numbers its dossiers up to a few hundred per procedure.
      for (let n = 0; n < 1000; n++) {
        const data = demoFormData(def.procedureCode, { name: 'Lê Thị Mai', idNumber: '092090002222' }, n);
        expect(validateFormData(form!.schema, data, { mode: 'full', today: '2026-03-16' }), def.procedureCode).toEqual(
          [],
        );
      }
    }
  });

  it('labels are unique within each e-form, so a message alone says which field is meant', () => {
    for (const form of DEMO_EFORMS) {
      const titles = Object.values(form.schema.properties).flatMap((g) =>
        Object.values(g.properties).map((f) => f.title),
      );
      const repeated = titles.filter((t, i) => titles.indexOf(t) !== i);
      expect(repeated, form.procedureCode).toEqual([]);
    }
  });

  it('every e-form cites the act its paper form comes from', () => {
    for (const form of DEMO_EFORMS) expect(form.source).toMatch(/(Thông tư|Nghị định|Mẫu|Luật)/);
  });

  it('no demo data for a procedure without an e-form', () => {
    expect(demoFormData('9.999999', { name: 'Lê Thị Mai' })).toBeUndefined();
  });
});
