import { foldDiacritics } from '../../../platform/text/index.ts';

/**
 * Normalised forms of Vietnamese unit names, for matching and for search.
 *
 * Sources disagree on spelling that is not a difference in name: Unicode composition (NFC vs
 * NFD), case ("xã Bắc Sơn"), stray spaces ("Xã Trung Giã "), typographic apostrophes
 * ("Ea H’Leo") and, above all, tone-mark placement: in an open "oa/oe/uy" syllable one
 * convention marks the first vowel ("Hòa", "Thủy", used by the pre-2025 list and the mapping),
 * the other the second ("Hoà", "Thuỷ", about 200 names of the 2026 list); "Qúy" for "Quý" is a
 * plain misplacement. A name key re-places every tone mark by one rule, so all spellings meet.
 */

// Combining marks after NFD. Tone marks can move; shape marks belong to their letter.
const TONE_MARKS = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);
const CIRCUMFLEX = '\u0302';
const BREVE = '\u0306';
const HORN = '\u031B';
const VOWELS = new Set(['a', 'e', 'i', 'o', 'u', 'y']);

/**
 * Letters (after NFD and lower-casing) that can form a Vietnamese syllable, with any combining
 * marks; marks that are not Vietnamese make canonicalSyllable leave the token alone.
 */
const SYLLABLE_TOKEN = /(?:[a-zđ]|\p{Mn})+/gu;
const COMBINING_MARK = /^\p{Mn}$/u;

interface Letter {
  base: string;
  shape: string;
  tone: string;
}

function shapeAllowed(base: string, shape: string): boolean {
  if (shape === '') return true;
  if (shape === CIRCUMFLEX) return base === 'a' || base === 'e' || base === 'o';
  if (shape === BREVE) return base === 'a';
  if (shape === HORN) return base === 'o' || base === 'u';
  return false;
}

/**
 * Re-places the tone mark of one syllable (NFD, lower case). Anything that is not a plain
 * Vietnamese syllable (two vowel groups, unknown marks, a mark on a consonant) is returned
 * unchanged, so the function never invents a spelling and stays idempotent.
 */
function canonicalSyllable(token: string): string {
  const letters: Letter[] = [];
  for (const ch of token) {
    if (!COMBINING_MARK.test(ch)) {
      letters.push({ base: ch, shape: '', tone: '' });
      continue;
    }
    const last = letters.at(-1);
    if (last === undefined) return token;
    if (TONE_MARKS.has(ch)) {
      if (last.tone !== '') return token;
      last.tone = ch;
    } else if (ch === CIRCUMFLEX || ch === BREVE || ch === HORN) {
      if (last.shape !== '') return token;
      last.shape = ch;
    } else {
      return token;
    }
  }

  let tone = '';
  for (const l of letters) {
    if (l.tone === '') continue;
    if (tone !== '' || !VOWELS.has(l.base)) return token;
    tone = l.tone;
  }
  for (const l of letters) if (!shapeAllowed(l.base, l.shape)) return token;
  if (tone === '') return token;

  // The vowel group: exactly one run of vowels, otherwise this is not one syllable.
  let start = letters.findIndex((l) => VOWELS.has(l.base));
  if (start < 0) return token;
  let end = start;
  while (end < letters.length && VOWELS.has(letters[end]!.base)) end++;
  for (let i = end; i < letters.length; i++) if (VOWELS.has(letters[i]!.base)) return token;

  // "qu" and "gi" + vowel: the u / i belongs to the initial consonant ("quý", "giữ").
  const initial = letters
    .slice(0, start)
    .map((l) => l.base)
    .join('');
  const first = letters[start]!;
  if (end - start > 1 && first.shape === '') {
    if ((initial === 'q' && first.base === 'u') || (initial === 'g' && first.base === 'i')) start++;
  }

  const size = end - start;
  const hasFinal = end < letters.length;
  let at = -1;
  // A vowel with a shape mark carries the tone (ươ → ơ, iê → ê, uâ → â).
  for (let i = start; i < end; i++) if (letters[i]!.shape !== '') at = i;
  if (at < 0) {
    if (size === 1) at = start;
    else if (hasFinal) at = end - 1;
    else if (size === 3) at = start + 1;
    // Open two-vowel group: the first vowel (mùa, kìa, and Hòa, Khỏe, Thủy for oa/oe/uy, the
    // spelling most sources here use; "Hoà", "Khoẻ", "Thuỷ" meet it).
    else if (size === 2) at = start;
    else {
      return token;
    }
  }

  let out = '';
  for (let i = 0; i < letters.length; i++) {
    const l = letters[i]!;
    out += l.base + l.shape + (i === at ? tone : '');
  }
  return out;
}

/**
 * The matching key of a Vietnamese name: NFC, lower case, single spaces, straight apostrophes,
 * one canonical tone-mark placement. "Xã Hoà  Phú" and "xã hòa phú" give "xã hòa phú";
 * "Quý" and "Qúy" too. Case folding is `toLowerCase`, which is exact for Vietnamese letters.
 */
export function normalizeVietnameseName(s: string): string {
  const decomposed = s
    .normalize('NFC')
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u2018\u2019\u02bc`´]/g, "'")
    .replace(/\s+/gu, ' ')
    .trim();
  return decomposed.replace(SYLLABLE_TOKEN, canonicalSyllable).normalize('NFC');
}

/**
 * The search key: the name key without any diacritic and with đ → d, so "dang ky khai sinh"
 * finds "Đăng ký khai sinh" (ARCHITECTURE: search ignores diacritics). Characters that have no
 * ASCII base are kept, so distinct non-Vietnamese names stay distinct.
 */
export function asciiFoldVietnameseName(s: string): string {
  // A stray mark next to a space would leave the space at an edge or doubled.
  return foldDiacritics(normalizeVietnameseName(s)).replace(/\s+/gu, ' ').trim();
}

/** Source text cleaned for storage (not for matching): NFC, single spaces, trimmed. */
export function cleanSourceText(s: string): string {
  return s.normalize('NFC').replace(/\s+/gu, ' ').trim();
}
