/**
 * The one file of a `multipart/form-data` upload (RFC 7578), streamed: the part's headers are
 * read, then its content is handed on chunk by chunk up to the closing boundary, so the file store
 * can hash, count and sniff it without it ever being held whole in memory. Other (non-file) fields
 * before the file are skipped; anything after it is ignored.
 *
 * No multipart library is a dependency of the server: the format needed here is small (one file
 * part, CRLF line ends, a boundary that never occurs in the content by construction).
 */
import { dossierErrors } from './dossier.errors.ts';

/** Part headers larger than this are not a browser's or a client library's. */
const MAX_HEADER_BYTES = 16 * 1024;
/** Text fields and preamble before the file part: a form sends a few short ones at most. */
const MAX_SKIPPED_BYTES = 64 * 1024;

export interface MultipartFile {
  fileName: string;
  /** What the sender declared; never trusted (the file store sniffs the content). */
  declaredType: string | null;
  /** The file's bytes; ends at the closing boundary, fails if the body ends before it. */
  content: AsyncIterable<Uint8Array>;
}

/** The boundary of a multipart/form-data content type, or an error (400) in Vietnamese. */
export function boundaryOf(contentType: string | undefined): string {
  const m = /^multipart\/form-data\s*;(?:.*;)?\s*boundary=(?:"([^"]{1,70})"|([^\s;]{1,70}))/i.exec(contentType ?? '');
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) throw dossierErrors.uploadInvalid('Yêu cầu phải gửi tệp dạng multipart/form-data (trường «file»).');
  return boundary;
}

/** The file name of a part's Content-Disposition (`filename*=UTF-8''…` preferred), or null for a plain field. */
export function fileNameOf(headers: string): string | null {
  const disposition = /^content-disposition:(.*)$/im.exec(headers)?.[1];
  if (disposition === undefined) return null;
  const extended = /filename\*\s*=\s*UTF-8''([^;\r\n]+)/i.exec(disposition)?.[1];
  if (extended !== undefined) {
    try {
      return decodeURIComponent(extended.trim());
    } catch {
      return null;
    }
  }
  const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\r\n]+))/i.exec(disposition);
  if (!plain) return null;
  return (plain[1] ?? plain[2] ?? '').replace(/\\(.)/g, '$1').trim();
}

/**
 * Reads up to the first part that carries a file and returns it, its content still streaming
 * from `body`. 400 (Vietnamese problem) when the body has no file part or is malformed.
 */
export async function readMultipartFile(
  body: AsyncIterable<Uint8Array> | NodeJS.ReadableStream,
  contentType: string | undefined,
): Promise<MultipartFile> {
  const boundary = boundaryOf(contentType);
  // Every delimiter is CRLF + "--" + boundary; a CRLF is put in front so the first one matches too.
  const delimiter = Buffer.from(`\r\n--${boundary}`);
  const iterator = (body as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  let buf: Buffer = Buffer.from('\r\n');
  let ended = false;
  const more = async (): Promise<boolean> => {
    if (ended) return false;
    const next = await iterator.next();
    if (next.done) {
      ended = true;
      return false;
    }
    buf = buf.length === 0 ? Buffer.from(next.value) : Buffer.concat([buf, next.value]);
    return true;
  };
  const invalid = (detail: string) => dossierErrors.uploadInvalid(detail);
  let skipped = 0;

  for (;;) {
    // To the next delimiter (skipping the preamble or a text field's value).
    let at = buf.indexOf(delimiter);
    while (at < 0) {
      skipped += Math.max(0, buf.length - delimiter.length);
      buf = buf.subarray(Math.max(0, buf.length - delimiter.length));
      if (skipped > MAX_SKIPPED_BYTES) throw invalid('Phần trước tệp trong yêu cầu quá lớn.');
      if (!(await more())) throw invalid('Yêu cầu không có tệp (trường «file»).');
      at = buf.indexOf(delimiter);
    }
    buf = buf.subarray(at + delimiter.length);
    while (buf.length < 2) if (!(await more())) throw invalid('Yêu cầu multipart không đầy đủ.');
    if (buf[0] === 0x2d && buf[1] === 0x2d) throw invalid('Yêu cầu không có tệp (trường «file»).');
    // Transport padding after the boundary is allowed (RFC 2046): skip to the line's end.
    let eol = buf.indexOf('\r\n');
    while (eol < 0) {
      if (buf.length > MAX_HEADER_BYTES || !(await more())) throw invalid('Yêu cầu multipart không đầy đủ.');
      eol = buf.indexOf('\r\n');
    }
    buf = buf.subarray(eol + 2);
    let end = buf.indexOf('\r\n\r\n');
    while (end < 0) {
      if (buf.length > MAX_HEADER_BYTES) throw invalid('Phần đầu của tệp trong yêu cầu quá lớn.');
      if (!(await more())) throw invalid('Yêu cầu multipart không đầy đủ.');
      end = buf.indexOf('\r\n\r\n');
    }
    const headers = buf.subarray(0, end).toString('utf8');
    buf = buf.subarray(end + 4);
    const fileName = fileNameOf(headers);
    if (fileName === null) {
      // A plain field: back to the top, which skips its value (the CRLF that ends the value
      // is the start of the next delimiter).
      continue;
    }
    const declaredType = /^content-type:\s*([^\s;]+)/im.exec(headers)?.[1]?.toLowerCase() ?? null;
    async function* content(): AsyncGenerator<Uint8Array> {
      for (;;) {
        const stop = buf.indexOf(delimiter);
        if (stop >= 0) {
          if (stop > 0) yield buf.subarray(0, stop);
          buf = Buffer.alloc(0);
          return;
        }
        // Everything but a tail that could be the start of the delimiter can go now.
        const safe = buf.length - (delimiter.length - 1);
        if (safe > 0) {
          const chunk = buf.subarray(0, safe);
          buf = buf.subarray(safe);
          yield chunk;
        }
        if (!(await more())) throw invalid('Tệp trong yêu cầu bị cắt cụt (thiếu ranh giới kết thúc).');
      }
    }
    return { fileName: fileName === '' ? 'ket-qua' : fileName, declaredType, content: content() };
  }
}
