/**
 * How a stored file (a dossier component, a result document) is sent: downloaded by default, or
 * shown in the page (`?inline=1`, the office's in-page preview) — only for the types a browser
 * renders safely by itself: PDF and raster images. Anything else (and a stored HTML or SVG would
 * be one, were it ever let in) is always an attachment, so no stored file can run script in the
 * app's origin.
 *
 * An inline answer may be framed by the app's own pages (`frame-ancestors 'self'`; every other
 * response keeps `frame-ancestors 'none'`, platform/http/http.server.ts) and carries its own
 * locked-down policy: no script, nothing loaded from elsewhere.
 */
import type { FastifyReply } from 'fastify';

export const INLINE_MIMES: ReadonlySet<string> = new Set(['application/pdf', 'image/jpeg', 'image/png', 'image/tiff']);

/** The policy of a file shown in a frame: the browser's PDF viewer needs `object-src 'self'`, nothing else is allowed. */
export const INLINE_CSP =
  "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; object-src 'self'; frame-ancestors 'self'; base-uri 'none'; form-action 'none'";

export function sendStoredFile(
  reply: FastifyReply,
  file: { mime: string; fileName: string; size: number | string },
  inline: boolean,
): void {
  const asInline = inline && INLINE_MIMES.has(file.mime);
  reply.type(file.mime);
  reply.header('content-length', String(file.size));
  reply.header(
    'content-disposition',
    `${asInline ? 'inline' : 'attachment'}; filename*=UTF-8''${encodeURIComponent(file.fileName)}`,
  );
  // Personal data: kept by nobody in between, and only privately by the browser.
  reply.header('cache-control', 'private, no-store');
  if (asInline) {
    reply.header('content-security-policy', INLINE_CSP);
    reply.header('x-frame-options', 'SAMEORIGIN');
  }
}
