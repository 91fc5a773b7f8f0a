/**
 * The server's validation problems of an application or an identity provider (a JSON pointer
 * under /body and a Vietnamese message: the body schema's own checks, and sso.uris.ts's rules for
 * redirect addresses) turned into one message per input of the form, so each is shown against
 * the field it is about. A list field typed one value per line says which line is wrong.
 */
export interface FieldProblem {
  field: string;
  message: string;
}

/** "/body/redirectUris/2" → { key: "redirectUris", line: 3 }; "/body/name" → { key: "name" }. */
export function problemKey(field: string): { key: string; line?: number } {
  const m = /^(?:\/body)?\/([A-Za-z0-9_]+)(?:\/(\d+))?/.exec(field);
  if (!m) return { key: '' };
  return m[2] === undefined ? { key: m[1]! } : { key: m[1]!, line: Number(m[2]) + 1 };
}

/**
 * One message per form input (keyed by the body's property), in the order the server gave them;
 * problems about no known input are returned under '' so the page can still show them.
 */
export function problemsByField(problems: FieldProblem[], known: readonly string[]): Record<string, string> {
  const out: Record<string, string[]> = {};
  for (const p of problems) {
    const { key, line } = problemKey(p.field);
    const target = known.includes(key) ? key : '';
    // Shown at the input, the server's «redirectUris» prefix (the body's property name) says nothing.
    const message = target === '' ? p.message : p.message.replace(/^«[A-Za-z]+»\s*/, '');
    const text = line === undefined ? message : `Dòng ${line}: ${message}`;
    const list = out[target] ?? [];
    list.push(text);
    out[target] = list;
  }
  return Object.fromEntries(Object.entries(out).map(([k, v]) => [k, [...new Set(v)].join(' ')]));
}
