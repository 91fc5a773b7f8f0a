/**
 * A QR code encoder (ISO/IEC 18004:2015), small on purpose: byte mode, error correction level M
 * (survives a scratched screen or a glare), versions 1–10 (up to 213 bytes — a VietQR payload is
 * about 150). The server has a QR library but no route that draws a payment code, and a library
 * here would weigh more than this whole file; it is loaded only with the payment page.
 *
 * Steps (numbers are the standard's sections): data bits with mode and length (7.4), padding
 * (7.4.10), Reed–Solomon error correction per block over GF(256) (7.5), interleaving (7.6),
 * function patterns and the zig-zag placement (7.7), the mask with the lowest penalty (7.8),
 * format and version information (7.9, 7.10).
 */

/** Per version (index 1–10): error-correction codewords per block, and data codewords per block. */
const EC_M: readonly (readonly [number, readonly number[]])[] = [
  [0, []],
  [10, [16]],
  [16, [28]],
  [26, [44]],
  [18, [32, 32]],
  [24, [43, 43]],
  [16, [27, 27, 27, 27]],
  [18, [31, 31, 31, 31]],
  [22, [38, 38, 39, 39]],
  [22, [36, 36, 36, 37, 37]],
  [26, [43, 43, 43, 43, 44]],
];

const ALIGNMENT: readonly (readonly number[])[] = [
  [],
  [],
  [6, 18],
  [6, 22],
  [6, 26],
  [6, 30],
  [6, 34],
  [6, 22, 38],
  [6, 24, 42],
  [6, 26, 46],
  [6, 28, 50],
];

export const QR_MAX_VERSION = 10;

// --- GF(256) with the polynomial x^8 + x^4 + x^3 + x^2 + 1 (0x11d) ---------------------------
const EXP = new Uint8Array(512);
const LOG = new Uint8Array(256);
{
  let x = 1;
  for (let i = 0; i < 255; i++) {
    EXP[i] = x;
    LOG[x] = i;
    x <<= 1;
    if (x & 0x100) x ^= 0x11d;
  }
  for (let i = 255; i < 512; i++) EXP[i] = EXP[i - 255]!;
}

function gfMul(a: number, b: number): number {
  return a === 0 || b === 0 ? 0 : EXP[LOG[a]! + LOG[b]!]!;
}

/** The generator polynomial of degree n: (x − α^0)(x − α^1)…(x − α^(n−1)), highest term first. */
function generator(n: number): number[] {
  let g = [1];
  for (let i = 0; i < n; i++) {
    const next = new Array<number>(g.length + 1).fill(0);
    for (let j = 0; j < g.length; j++) {
      next[j] = next[j]! ^ g[j]!;
      next[j + 1] = next[j + 1]! ^ gfMul(g[j]!, EXP[i]!);
    }
    g = next;
  }
  return g;
}

/** The remainder of data·x^n divided by the generator: the n error-correction codewords. */
function reedSolomon(data: readonly number[], n: number): number[] {
  const g = generator(n);
  const rem = new Array<number>(n).fill(0);
  for (const d of data) {
    const factor = d ^ rem[0]!;
    rem.shift();
    rem.push(0);
    for (let i = 0; i < n; i++) rem[i] = rem[i]! ^ gfMul(g[i + 1]!, factor);
  }
  return rem;
}

// --- codewords -------------------------------------------------------------------------------
function dataCapacity(version: number): number {
  return EC_M[version]![1].reduce((a, b) => a + b, 0);
}

function codewords(bytes: Uint8Array, version: number): number[] {
  const bits: number[] = [];
  const put = (value: number, length: number) => {
    for (let i = length - 1; i >= 0; i--) bits.push((value >>> i) & 1);
  };
  put(0b0100, 4); // byte mode
  put(bytes.length, version <= 9 ? 8 : 16);
  for (const b of bytes) put(b, 8);
  const capacityBits = dataCapacity(version) * 8;
  put(0, Math.min(4, capacityBits - bits.length)); // terminator
  while (bits.length % 8 !== 0) bits.push(0);
  const data: number[] = [];
  for (let i = 0; i < bits.length; i += 8) data.push(bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0));
  for (let pad = 0xec; data.length < dataCapacity(version); pad ^= 0xec ^ 0x11) data.push(pad);
  // Split into blocks, compute each block's error correction, then interleave.
  const [ecLength, sizes] = EC_M[version]!;
  const blocks: number[][] = [];
  let at = 0;
  for (const size of sizes) {
    blocks.push(data.slice(at, at + size));
    at += size;
  }
  const ecBlocks = blocks.map((b) => reedSolomon(b, ecLength));
  const out: number[] = [];
  const longest = Math.max(...sizes);
  for (let i = 0; i < longest; i++) for (const b of blocks) if (i < b.length) out.push(b[i]!);
  for (let i = 0; i < ecLength; i++) for (const b of ecBlocks) out.push(b[i]!);
  return out;
}

// --- the matrix ------------------------------------------------------------------------------
class Matrix {
  readonly size: number;
  readonly dark: Uint8Array;
  /** Function patterns (finders, timing, alignment, format and version areas) are not masked. */
  readonly reserved: Uint8Array;

  constructor(size: number) {
    this.size = size;
    this.dark = new Uint8Array(size * size);
    this.reserved = new Uint8Array(size * size);
  }

  set(row: number, col: number, dark: boolean, reserve = true): void {
    const i = row * this.size + col;
    this.dark[i] = dark ? 1 : 0;
    if (reserve) this.reserved[i] = 1;
  }

  get(row: number, col: number): boolean {
    return this.dark[row * this.size + col] === 1;
  }
}

function finder(m: Matrix, row: number, col: number): void {
  for (let r = -1; r <= 7; r++) {
    for (let c = -1; c <= 7; c++) {
      const rr = row + r;
      const cc = col + c;
      if (rr < 0 || cc < 0 || rr >= m.size || cc >= m.size) continue;
      const ring = Math.max(Math.abs(r - 3), Math.abs(c - 3));
      m.set(rr, cc, ring !== 2 && ring !== 4);
    }
  }
}

function functionPatterns(m: Matrix, version: number): void {
  const n = m.size;
  finder(m, 0, 0);
  finder(m, 0, n - 7);
  finder(m, n - 7, 0);
  for (let i = 8; i < n - 8; i++) {
    m.set(6, i, i % 2 === 0);
    m.set(i, 6, i % 2 === 0);
  }
  const centres = ALIGNMENT[version]!;
  for (const r of centres) {
    for (const c of centres) {
      // Not over the finder patterns.
      if ((r === 6 && c === 6) || (r === 6 && c === n - 7) || (r === n - 7 && c === 6)) continue;
      for (let dr = -2; dr <= 2; dr++) {
        for (let dc = -2; dc <= 2; dc++) m.set(r + dr, c + dc, Math.max(Math.abs(dr), Math.abs(dc)) !== 1);
      }
    }
  }
  // Format areas reserved now, drawn per mask; the dark module beside the lower-left finder.
  formatBits(m, 0);
  if (version >= 7) versionBits(m, version);
}

/** BCH remainder of `value << degree(poly)` by `poly` (format: 0x537, version: 0x1f25). */
function bch(value: number, poly: number): number {
  const degree = 31 - Math.clz32(poly);
  let v = value << degree;
  while (31 - Math.clz32(v) >= degree) v ^= poly << (31 - Math.clz32(v) - degree);
  return v;
}

function formatBits(m: Matrix, mask: number): void {
  // Level M is 00; then the mask number; BCH(15,5); XOR 101010000010010.
  const data = (0b00 << 3) | mask;
  const bits = ((data << 10) | bch(data, 0x537)) ^ 0x5412;
  const bit = (i: number) => ((bits >>> i) & 1) === 1;
  const n = m.size;
  for (let i = 0; i <= 5; i++) m.set(i, 8, bit(i));
  m.set(7, 8, bit(6));
  m.set(8, 8, bit(7));
  m.set(8, 7, bit(8));
  for (let i = 9; i < 15; i++) m.set(8, 14 - i, bit(i));
  for (let i = 0; i < 8; i++) m.set(8, n - 1 - i, bit(i));
  for (let i = 8; i < 15; i++) m.set(n - 15 + i, 8, bit(i));
  m.set(n - 8, 8, true);
}

function versionBits(m: Matrix, version: number): void {
  const bits = (version << 12) | bch(version, 0x1f25);
  for (let i = 0; i < 18; i++) {
    const dark = ((bits >>> i) & 1) === 1;
    const a = m.size - 11 + (i % 3);
    const b = Math.floor(i / 3);
    m.set(b, a, dark);
    m.set(a, b, dark);
  }
}

function placeData(m: Matrix, data: readonly number[]): void {
  const n = m.size;
  let bitIndex = 0;
  const total = data.length * 8;
  // Two-column strips from the right, upwards then downwards, skipping the vertical timing column.
  for (let right = n - 1; right >= 1; right -= 2) {
    if (right === 6) right = 5;
    const upward = ((n - 1 - right) >> 1) % 2 === 0;
    for (let k = 0; k < n; k++) {
      const row = upward ? n - 1 - k : k;
      for (let c = 0; c < 2; c++) {
        const col = right - c;
        if (m.reserved[row * n + col]) continue;
        const dark = bitIndex < total && ((data[bitIndex >>> 3]! >>> (7 - (bitIndex & 7))) & 1) === 1;
        m.set(row, col, dark, false);
        bitIndex++;
      }
    }
  }
}

const MASKS: readonly ((r: number, c: number) => boolean)[] = [
  (r, c) => (r + c) % 2 === 0,
  (r) => r % 2 === 0,
  (_, c) => c % 3 === 0,
  (r, c) => (r + c) % 3 === 0,
  (r, c) => (Math.floor(r / 2) + Math.floor(c / 3)) % 2 === 0,
  (r, c) => ((r * c) % 2) + ((r * c) % 3) === 0,
  (r, c) => (((r * c) % 2) + ((r * c) % 3)) % 2 === 0,
  (r, c) => (((r + c) % 2) + ((r * c) % 3)) % 2 === 0,
];

function applyMask(m: Matrix, mask: number): void {
  const f = MASKS[mask]!;
  for (let r = 0; r < m.size; r++) {
    for (let c = 0; c < m.size; c++) {
      const i = r * m.size + c;
      if (!m.reserved[i] && f(r, c)) m.dark[i] = m.dark[i]! ^ 1;
    }
  }
}

/** The standard's penalty (7.8.3): runs, 2×2 blocks, finder-like patterns, dark/light balance. */
function penalty(m: Matrix): number {
  const n = m.size;
  let score = 0;
  const line = (get: (i: number) => boolean) => {
    let run = 1;
    for (let i = 1; i <= n; i++) {
      if (i < n && get(i) === get(i - 1)) run++;
      else {
        if (run >= 5) score += 3 + (run - 5);
        run = 1;
      }
    }
    // 1:1:3:1:1 dark-light pattern with four light modules on one side.
    for (let i = 0; i + 11 <= n; i++) {
      const p = [1, 0, 1, 1, 1, 0, 1];
      const fits = (start: number) => p.every((v, k) => get(start + k) === (v === 1));
      const light = (start: number) => [0, 1, 2, 3].every((k) => !get(start + k));
      if ((fits(i) && light(i + 7)) || (light(i) && fits(i + 4))) score += 40;
    }
  };
  for (let r = 0; r < n; r++) line((c) => m.get(r, c));
  for (let c = 0; c < n; c++) line((r) => m.get(r, c));
  for (let r = 0; r < n - 1; r++) {
    for (let c = 0; c < n - 1; c++) {
      const d = m.get(r, c);
      if (m.get(r, c + 1) === d && m.get(r + 1, c) === d && m.get(r + 1, c + 1) === d) score += 3;
    }
  }
  let dark = 0;
  for (const v of m.dark) dark += v;
  score += Math.floor(Math.abs((dark * 20) / (n * n) - 10)) * 10;
  return score;
}

export interface QrCode {
  version: number;
  size: number;
  mask: number;
  /** Dark modules, row by row (size × size), quiet zone not included. */
  modules: boolean[][];
}

/**
 * Encodes `text` (UTF-8, byte mode, level M) in the smallest version that holds it.
 * `forceMask` is for tests (comparing with another encoder); otherwise the lowest penalty wins.
 */
export function encodeQr(text: string, forceMask?: number): QrCode {
  const bytes = new TextEncoder().encode(text);
  let version = 1;
  while (version <= QR_MAX_VERSION && 4 + (version <= 9 ? 8 : 16) + bytes.length * 8 > dataCapacity(version) * 8) {
    version++;
  }
  if (version > QR_MAX_VERSION) throw new RangeError(`QR: ${bytes.length} bytes do not fit in version 10-M`);
  const data = codewords(bytes, version);
  const size = 17 + 4 * version;
  let best: { m: Matrix; mask: number; score: number } | null = null;
  for (let mask = 0; mask < 8; mask++) {
    if (forceMask !== undefined && mask !== forceMask) continue;
    const m = new Matrix(size);
    functionPatterns(m, version);
    placeData(m, data);
    applyMask(m, mask);
    formatBits(m, mask);
    const score = forceMask === undefined ? penalty(m) : 0;
    if (!best || score < best.score) best = { m, mask, score };
  }
  const m = best!.m;
  return {
    version,
    size,
    mask: best!.mask,
    modules: Array.from({ length: size }, (_, r) => Array.from({ length: size }, (_, c) => m.get(r, c))),
  };
}

/** An SVG path drawing the dark modules, one unit per module, offset by the quiet zone. */
export function qrPath(code: QrCode, quiet = 4): string {
  const parts: string[] = [];
  code.modules.forEach((row, r) => {
    row.forEach((dark, c) => {
      if (dark) parts.push(`M${c + quiet} ${r + quiet}h1v1h-1z`);
    });
  });
  return parts.join('');
}
