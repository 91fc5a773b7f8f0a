/** The dependency rule catches an import of another module's internals, and the real tree obeys it. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { checkBoundaries } from '../../scripts/check-module-boundaries.ts';

describe('module boundaries', () => {
  it('flags imports of internals and platform → module imports; allows index.ts', () => {
    const src = mkdtempSync(path.join(tmpdir(), 'tinhso-bounds-'));
    try {
      const put = (p: string, text: string) => {
        mkdirSync(path.dirname(path.join(src, p)), { recursive: true });
        writeFileSync(path.join(src, p), text);
      };
      put('modules/a/index.ts', "export * from './a.service.ts';");
      put('modules/a/a.service.ts', 'export const a = 1;');
      put('modules/b/b.service.ts', "import { a } from '../a/a.service.ts';\nimport { x } from '../a/index.ts';");
      put('platform/db/db.ts', "import { a } from '../../modules/a/index.ts';");
      put('app.ts', "import { a } from './modules/a/index.ts';");
      const v = checkBoundaries(src);
      expect(v.map((x) => `${x.file}|${x.specifier}`).sort()).toEqual([
        'modules/b/b.service.ts|../a/a.service.ts',
        'platform/db/db.ts|../../modules/a/index.ts',
      ]);
    } finally {
      rmSync(src, { recursive: true, force: true });
    }
  });

  it('the server source obeys the rule', () => {
    expect(checkBoundaries(fileURLToPath(new URL('../src', import.meta.url)))).toEqual([]);
  });
});
