/**
 * JSON export and import of process definitions, so an agency can move a process between systems
 * or keep it under version control. The export has a stable key order (the order of the schema,
 * then any other key alphabetically) and two-space indentation: exporting the same definition
 * twice gives the same bytes, and a diff shows only real changes.
 */
import type { ProcessDefinition } from './process.schemas.ts';
import { type Problem, validateProcessDefinition } from './process.validate.ts';

const KEY_ORDER = [
  // definition
  'id',
  'procedureCode',
  'name',
  'agencyCode',
  'version',
  'effectiveFrom',
  'effectiveTo',
  'status',
  'totalTime',
  'cutoff',
  'startStep',
  'steps',
  // step / action / guard / agency / time
  'kind',
  'code',
  'role',
  'agency',
  'share',
  'dossierStatus',
  'actions',
  'to',
  'label',
  'guards',
  'requires',
  'required',
  'min',
  'unit',
  'amount',
];
const RANK = new Map(KEY_ORDER.map((k, i) => [k, i]));

function compareKeys(a: string, b: string): number {
  const ra = RANK.get(a) ?? Number.MAX_SAFE_INTEGER;
  const rb = RANK.get(b) ?? Number.MAX_SAFE_INTEGER;
  return ra !== rb ? ra - rb : a < b ? -1 : a > b ? 1 : 0;
}

function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort(compareKeys)) {
      const v = (value as Record<string, unknown>)[key];
      if (v !== undefined) out[key] = canonical(v);
    }
    return out;
  }
  return value;
}

/** The definition as canonical JSON text (ends with a newline). */
export function exportProcessDefinition(def: ProcessDefinition): string {
  return `${JSON.stringify(canonical(def), null, 2)}\n`;
}

/** Parses and validates exported JSON; the same problems as validateProcessDefinition, or a syntax problem. */
export function importProcessDefinition(
  text: string,
): { ok: true; definition: ProcessDefinition } | { ok: false; problems: Problem[] } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    return {
      ok: false,
      problems: [{ code: 'SCHEMA', path: '', message: `Tệp không phải JSON hợp lệ: ${(e as Error).message}` }],
    };
  }
  const result = validateProcessDefinition(parsed);
  return result.ok ? { ok: true, definition: canonical(result.definition) as ProcessDefinition } : result;
}
