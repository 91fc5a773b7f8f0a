/**
 * Procedure search, in memory. The national index (2,642 codes) and the procedures are small,
 * read-mostly reference data; a trigram scan in PGlite took 230 ms a query and a GIN index does not
 * help the ranking, which needs every candidate scored. Here a query costs well under a
 * millisecond (bench/catalog.ts): each query word is matched against the vocabulary of the indexed
 * names (exact, prefix, or trigram-similar for typos), and the names holding the matched words are
 * scored by how many query words they contain, whether they contain them in order, and how much
 * else they say. Pure: the service rebuilds an index when the stored data changes.
 *
 * Folding: diacritics removed (platform/text), lower case, and the i/y spelling variants that
 * Vietnamese allows after a consonant ("kí"/"ký", "lí"/"lý") made one, so "dang ki" finds "đăng ký".
 */
import { foldDiacritics } from '../../platform/text/index.ts';

/** Words shorter than this match only exactly or as a prefix (trigrams of 1–2 letters mislead). */
const FUZZY_MIN_LENGTH = 3;
const FUZZY_THRESHOLD = 0.45;

export function searchTokens(text: string): string[] {
  return foldDiacritics(text)
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((t) => t !== '')
    .map((t) => (/^[bcdghklmnprstvx]+y$/.test(t) ? `${t.slice(0, -1)}i` : t));
}

function trigrams(word: string): Set<string> {
  const padded = `  ${word} `;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return out;
}

function similarity(a: Set<string>, b: Set<string>): number {
  let shared = 0;
  for (const g of a) if (b.has(g)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Entry<T> {
  item: T;
  tokens: string[];
}

export interface SearchHit<T> {
  item: T;
  /** 0 < score ≤ 1. */
  score: number;
}

export class SearchIndex<T> {
  readonly #entries: Entry<T>[];
  /** word → entries holding it (indices, ascending). */
  readonly #postings = new Map<string, number[]>();
  readonly #vocabulary: { word: string; grams: Set<string> }[] = [];

  constructor(items: readonly T[], textOf: (item: T) => string) {
    this.#entries = items.map((item) => ({ item, tokens: searchTokens(textOf(item)) }));
    this.#entries.forEach((e, i) => {
      for (const t of new Set(e.tokens)) {
        const list = this.#postings.get(t);
        if (list) list.push(i);
        else this.#postings.set(t, [i]);
      }
    });
    for (const word of this.#postings.keys()) this.#vocabulary.push({ word, grams: trigrams(word) });
  }

  get size(): number {
    return this.#entries.length;
  }

  /** Vocabulary words a query word may stand for, with how well each matches (1 = exact). */
  #expand(q: string, last: boolean): Map<string, number> {
    const out = new Map<string, number>();
    if (this.#postings.has(q)) out.set(q, 1);
    const grams = q.length >= FUZZY_MIN_LENGTH ? trigrams(q) : undefined;
    for (const v of this.#vocabulary) {
      if (v.word === q) continue;
      // The last word may be a prefix of the word being typed ("khai s" while typing "khai sinh").
      if (last && q.length >= 2 && v.word.startsWith(q)) out.set(v.word, Math.max(out.get(v.word) ?? 0, 0.7));
      else if (grams) {
        const s = similarity(grams, v.grams);
        if (s >= FUZZY_THRESHOLD) out.set(v.word, Math.max(out.get(v.word) ?? 0, 0.9 * s));
      }
    }
    return out;
  }

  /**
   * Entries matching the query, best first.
   */
  search(query: string, filter?: (item: T) => boolean): SearchHit<T>[] {
    const words = searchTokens(query);
    if (words.length === 0) return [];
    const perWord = words.map((w, i) => this.#expand(w, i === words.length - 1));
    // Rare words say more than common ones ("rượu" more than "giấy phép"): inverse document
    // frequency of the best-matching vocabulary word weighs each query word.
    const idf = perWord.map((expansions) => {
      let df = 0;
      for (const [word, weight] of expansions)
        if (weight === 1 || df === 0) df = Math.max(df, this.#postings.get(word)?.length ?? 0);
      return Math.log(1 + this.#entries.length / Math.max(1, df));
    });
    const idfSum = idf.reduce((a, b) => a + b, 0);
    const best = new Map<number, Float64Array>();
    perWord.forEach((expansions, wi) => {
      for (const [word, weight] of expansions) {
        for (const e of this.#postings.get(word) ?? []) {
          let row = best.get(e);
          if (!row) {
            row = new Float64Array(words.length);
            best.set(e, row);
          }
          if (weight > row[wi]!) row[wi] = weight;
        }
      }
    });
    // Every word must match (a typo still matches by trigrams), except that one word of four or
    // more may be missing from the name.
    const needed = words.length <= 3 ? words.length : words.length - 1;
    const hits: SearchHit<T>[] = [];
    for (const [index, row] of best) {
      let matched = 0;
      let sum = 0;
      for (let i = 0; i < row.length; i++) {
        if (row[i]! > 0) matched++;
        sum += row[i]! * idf[i]!;
      }
      if (matched < needed) continue;
      const entry = this.#entries[index]!;
      if (filter && !filter(entry.item)) continue;
      const coverage = sum / idfSum;
      const order = inOrderPairs(words, entry.tokens) / Math.max(1, words.length - 1);
      // Extra words dilute: "Đăng ký khai sinh" beats "Đăng ký khai sinh có yếu tố nước ngoài".
      const focus = Math.min(1, words.length / entry.tokens.length);
      const score = 0.6 * coverage + 0.25 * (words.length > 1 ? order : coverage) + 0.15 * focus;
      hits.push({ item: entry.item, score: Math.round(score * 10_000) / 10_000 });
    }
    return hits.sort((a, b) => b.score - a.score);
  }
}

/** How many adjacent query word pairs appear adjacent, in the same order, in the entry. */
function inOrderPairs(words: string[], tokens: string[]): number {
  if (words.length < 2) return 0;
  const pairs = new Set<string>();
  for (let i = 0; i + 1 < tokens.length; i++) pairs.add(`${tokens[i]} ${tokens[i + 1]}`);
  let n = 0;
  for (let i = 0; i + 1 < words.length; i++) {
    if (pairs.has(`${words[i]} ${words[i + 1]}`)) n++;
  }
  return n;
}
