/**
 * The platform's one CSV reader (RFC 4180): quoted fields holding commas, doubled quotes and line
 * breaks; CRLF or LF line ends; an optional UTF-8 byte-order mark; a configurable delimiter (Excel
 * in a Vietnamese locale writes `;`). Records keep the physical line they start on, so problems can
 * be reported against the file.
 */
export interface CsvRecord {
  /** Physical line (1-based) where the record starts. */
  line: number;
  fields: string[];
}

export interface CsvOptions {
  delimiter?: ',' | ';' | '\t';
}

/** Records with their line numbers, and the number of physical lines of the text. */
export function readCsv(text: string, options: CsvOptions = {}): { records: CsvRecord[]; physicalLines: number } {
  const delimiter = options.delimiter ?? ',';
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = '';
  let quoted = false;
  let line = 1;
  let recordLine = 1;
  let fieldStarted = false;
  const src = text.startsWith('\ufeff') ? text.slice(1) : text;
  const endRecord = (): void => {
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ line: recordLine, fields });
    fields = [];
    field = '';
    fieldStarted = false;
  };
  for (let i = 0; i < src.length; i++) {
    const ch = src[i]!;
    if (quoted) {
      if (ch === '"') {
        if (src[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else {
        if (ch === '\n') line++;
        field += ch;
      }
      continue;
    }
    if (ch === '"' && !fieldStarted) {
      quoted = true;
      fieldStarted = true;
    } else if (ch === delimiter) {
      fields.push(field);
      field = '';
      fieldStarted = false;
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && src[i + 1] === '\n') i++;
      endRecord();
      line++;
      recordLine = line;
    } else {
      field += ch;
      fieldStarted = true;
    }
  }
  if (quoted) throw new SyntaxError(`CSV: unterminated quoted field starting on line ${recordLine}`);
  if (field !== '' || fields.length > 0) endRecord();
  const physicalLines = src === '' ? 0 : src.split(/\r?\n/).length - (src.endsWith('\n') ? 1 : 0);
  return { records, physicalLines };
}

/** Rows of fields (blank lines dropped). */
export function parseCsv(text: string, options: CsvOptions = {}): string[][] {
  return readCsv(text, options).records.map((r) => r.fields);
}

/** Rows as objects keyed by the (trimmed) header line. */
export function parseCsvRecords(text: string, options: CsvOptions = {}): Record<string, string>[] {
  const [header, ...rows] = parseCsv(text, options);
  if (!header) return [];
  return rows.map((r) => Object.fromEntries(header.map((h, j) => [h.trim(), r[j] ?? ''])));
}

/** Records as objects keyed by the header row, with line numbers; throws if a required column is missing. */
export function readCsvObjects(
  text: string,
  requiredColumns: readonly string[],
  options: CsvOptions = {},
): { line: number; values: Record<string, string>; fieldCount: number; headerCount: number }[] {
  const [header, ...rows] = readCsv(text, options).records;
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
