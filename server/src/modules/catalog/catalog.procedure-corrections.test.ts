import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { applyCorrections, isCorrectableField } from './catalog.procedure-corrections.ts';
import { parseProcedureJson } from './procedure-import/index.ts';

const dir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../../reference-data/procedures');
const birth = parseProcedureJson(readFileSync(path.join(dir, '1.001193.json'), 'utf8'));

describe('applyCorrections', () => {
  it('sets values behind Field wrappers and plain properties, clearing only the corrected flags', () => {
    const out = applyCorrections(birth, birth.flags, [
      { field: 'channels[0].processingTimes[0]', value: { amount: 1, unit: 'working_day' } },
      { field: 'dossier[0].components[1].requirement', value: 'conditional' },
      { field: 'receivingAddress', value: '  Bộ phận   Một cửa  ' },
    ]);
    if ('errors' in out) throw new Error(JSON.stringify(out.errors));
    expect(out.record.channels.value![0]!.processingTimes[0]!.value).toEqual({ amount: 1, unit: 'working_day' });
    expect(out.record.channels.value![0]!.processingTimes[0]!.raw).toBe('1');
    expect(out.record.dossier.value![0]!.components[1]!.requirement.value).toBe('conditional');
    expect(out.record.receivingAddress.value).toBe('Bộ phận Một cửa');
    expect(out.cleared.map((f) => f.field).sort()).toEqual([
      'channels[0].processingTimes[0]',
      'dossier[0].components[1].requirement',
      'receivingAddress',
    ]);
    expect(out.flags).toHaveLength(birth.flags.length - 3);
    expect(out.record.flags).toEqual(out.flags);
    // The input is not modified.
    expect(birth.receivingAddress.value).toBeNull();
  });

  it('flags an amount due whose kind is unknown, as the importer does', () => {
    const out = applyCorrections(birth, birth.flags, [{ field: 'channels[1].fees[0].amountVnd', value: 5000 }]);
    if ('errors' in out) throw new Error('unexpected');
    expect(out.flags.find((f) => f.field === 'channels[1].fees[0].kind')).toMatchObject({ code: 'needs_review' });
  });

  it('refuses unknown paths, identity fields, duplicates and bad values, all at once', () => {
    const out = applyCorrections(birth, birth.flags, [
      { field: 'name', value: 'x' },
      { field: 'channels[7].fees[0].amountVnd', value: 1 },
      { field: 'conditions', value: [] },
      { field: 'conditions', value: [] },
      { field: 'onlineService', value: { scheme: 'current', scope: 'half' } },
      { field: 'legalBasis[0].number', value: 'Nghị định số 123' },
      { field: 'dossier[0].components[0].quantity', value: { originals: 0, copies: 0 } },
    ]);
    expect('errors' in out && out.errors.map((e) => e.field)).toEqual([
      '/body/corrections/0/field',
      '/body/corrections/1/field',
      '/body/corrections/3/field',
      '/body/corrections/4/value',
      '/body/corrections/5/value',
      '/body/corrections/6/value',
    ]);
  });

  it('knows which flagged fields it can correct', () => {
    expect(isCorrectableField('channels[2].fees[0].kind')).toBe(true);
    expect(isCorrectableField('legalBasis[3].issuedDate')).toBe(true);
    expect(isCorrectableField('dossier[1]')).toBe(false);
    expect(isCorrectableField('nationalCode')).toBe(false);
  });
});
