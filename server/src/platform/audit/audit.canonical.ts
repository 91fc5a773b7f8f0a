/**
 * Canonical JSON for hashing: object keys sorted by code point, no insignificant whitespace,
 * dates as ISO-8601 UTC strings, undefined properties omitted (as jsonb omits them).
 * The same value read back from jsonb (which reorders keys) encodes to the same bytes.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new Error('Không mã hoá được số không hữu hạn trong nhật ký kiểm toán');
      return JSON.stringify(value);
    case 'bigint':
      return value.toString();
    case 'object': {
      if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
      const obj = value as Record<string, unknown>;
      const keys = Object.keys(obj)
        .filter((k) => obj[k] !== undefined)
        .sort();
      return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(obj[k])}`).join(',')}}`;
    }
    default:
      throw new Error(`Không mã hoá được kiểu ${typeof value} trong nhật ký kiểm toán`);
  }
}
