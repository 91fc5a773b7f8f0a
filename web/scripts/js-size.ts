/**
 * JavaScript sent on the first load of the portal: the entry and every chunk index.html loads or
 * preloads, then each lazy chunk on its own, with raw, gzip (level 9, as the .gz files) and
 * brotli sizes. `npm run build && npm run size` in web/ (records go in web/README.md).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = fileURLToPath(new URL('../dist', import.meta.url));
const html = readFileSync(path.join(dist, 'index.html'), 'utf8');
const initial = [...html.matchAll(/(?:src|href)="\/(assets\/[^"]+\.js)"/g)].map((m) => m[1]!);

function sizes(file: string): { raw: number; gzip: number; brotli: number } {
  const data = readFileSync(path.join(dist, file));
  return {
    raw: data.length,
    gzip: gzipSync(data, { level: 9 }).length,
    brotli: brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
const total = { raw: 0, gzip: 0, brotli: 0 };
console.log('First load (index.html scripts and modulepreloads):');
for (const file of initial) {
  const s = sizes(file);
  total.raw += s.raw;
  total.gzip += s.gzip;
  total.brotli += s.brotli;
  console.log(
    `  ${file.padEnd(44)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} gzip ${kb(s.brotli).padStart(9)} br`,
  );
}
console.log(
  `  ${'TOTAL'.padEnd(44)} ${kb(total.raw).padStart(9)} ${kb(total.gzip).padStart(9)} gzip ${kb(total.brotli).padStart(9)} br`,
);
console.log('Loaded on demand:');
for (const name of readdirSync(path.join(dist, 'assets'))) {
  const file = `assets/${name}`;
  if (!name.endsWith('.js') || initial.includes(file)) continue;
  const s = sizes(file);
  console.log(
    `  ${file.padEnd(44)} ${kb(s.raw).padStart(9)} ${kb(s.gzip).padStart(9)} gzip ${kb(s.brotli).padStart(9)} br`,
  );
}
