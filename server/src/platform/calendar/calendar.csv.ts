/**
 * Minimal RFC 4180 CSV reader for the calendar data files (quoted fields, doubled quotes,
 * CRLF or LF). Returns records with their 1-based line numbers so problems can be reported
 * against the file.
 */
export type CsvRecord = { readonly line: number; readonly fields: readonly string[] };

export function readCsv(text: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let i = 0;
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const endRecord = () => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
  };
  while (i < source.length) {
    const ch = source[i]!;
    if (quoted) {
      if (ch === '"') {
        if (source[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      i++;
      continue;
    }
    if (ch === '"' && field === '') {
      quoted = true;
    } else if (ch === ',') {
      fields.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && source[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
    }
    i++;
  }
  if (quoted) throw new SyntaxError(`CSV: unterminated quoted field starting on line ${recordLine}`);
  if (field !== '' || fields.length > 0) endRecord();
  return records;
}

/** Records as objects keyed by the header row; throws if a required column is missing. */
export function readCsvObjects(
  text: string,
  requiredColumns: readonly string[],
): { line: number; values: Record<string, string>; fieldCount: number; headerCount: number }[] {
  const [header, ...rows] = readCsv(text);
  if (!header) throw new SyntaxError('CSV: empty file');
  const names = header.fields.map((f) => f.trim());
  const missing = requiredColumns.filter((c) => !names.includes(c));
  if (missing.length > 0) throw new SyntaxError(`CSV: missing column(s) ${missing.join(', ')}`);
  return rows.map((r) => {
    const values: Record<string, string> = {};
    names.forEach((name, i) => {
      values[name] = (r.fields[i] ?? '').trim();
    });
    return { line: r.line, values, fieldCount: r.fields.length, headerCount: names.length };
  });
}
