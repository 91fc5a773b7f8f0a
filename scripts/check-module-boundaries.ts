/**
 * The dependency rule (ARCHITECTURE.md, "Modules own their data"): code outside a module or a
 * platform component may import it only through its index.ts; platform code never imports modules.
 * Exits 1 listing every violation.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export interface Violation {
  file: string;
  specifier: string;
  reason: string;
}

function walk(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = path.join(dir, name);
    if (statSync(p).isDirectory()) walk(p, out);
    else if (p.endsWith('.ts')) out.push(p);
  }
  return out;
}

const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g;

/** The unit a file belongs to: "modules/<name>" or "platform/<name>", or null for app/cli files. */
function unitOf(srcDir: string, file: string): string | null {
  const rel = path.relative(srcDir, file).split(path.sep);
  if ((rel[0] === 'modules' || rel[0] === 'platform') && rel.length > 2) return `${rel[0]}/${rel[1]}`;
  return null;
}

export function checkBoundaries(srcDir: string): Violation[] {
  const violations: Violation[] = [];
  for (const file of walk(srcDir)) {
    const from = unitOf(srcDir, file);
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(IMPORT)) {
      const spec = m[1] ?? m[2]!;
      if (!spec.startsWith('.')) continue;
      const target = path.resolve(path.dirname(file), spec);
      const to = unitOf(srcDir, target);
      if (to === null || to === from) continue;
      const rel = path.relative(srcDir, file);
      if (from?.startsWith('platform/') && to.startsWith('modules/')) {
        violations.push({ file: rel, specifier: spec, reason: 'nền tảng (platform) không được phụ thuộc vào mô-đun' });
      } else if (path.relative(path.join(srcDir, to), target) !== 'index.ts') {
        violations.push({ file: rel, specifier: spec, reason: `chỉ được nhập ${to} qua ${to}/index.ts` });
      }
    }
  }
  return violations;
}

if (import.meta.main) {
  const srcDir = process.argv[2] ?? fileURLToPath(new URL('../server/src', import.meta.url));
  const violations = checkBoundaries(srcDir);
  for (const v of violations) process.stderr.write(`${v.file}: «${v.specifier}» — ${v.reason}\n`);
  if (violations.length > 0) {
    process.stderr.write(`Vi phạm ranh giới mô-đun: ${violations.length}\n`);
    process.exit(1);
  }
  process.stdout.write('Ranh giới mô-đun: không có vi phạm\n');
}
