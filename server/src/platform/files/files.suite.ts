/**
 * The behaviour every BlobStore backend must show, run by files.local.test.ts and files.s3.test.ts
 * against real storage (a temp directory; an s3rver process speaking the S3 protocol).
 */
import { createHash, randomBytes } from 'node:crypto';
import { readdir } from 'node:fs/promises';
import path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { finished } from 'node:stream/promises';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError, formatBytes } from '../errors/index.ts';
import { type BlobStore, SNIFF_BYTES } from './files.store.ts';

export interface StoreFixture {
  store: BlobStore;
  /** The `dir` the store was created with; its `.tmp/` must be empty after every put. */
  dir: string;
  /** How many blobs the backend holds (files under the shards, or objects under the prefix). */
  countStored(): Promise<number>;
  cleanup(): Promise<void>;
}

export const SUITE_MAX_BYTES = 256 * 1024;

/** A real 1×1 PNG. */
export const PNG_BYTES = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==',
  'base64',
);

/** A minimal but well-formed PDF: header, one empty page, xref, trailer. */
export const PDF_BYTES = Buffer.from(
  [
    '%PDF-1.4',
    '%\u00e2\u00e3\u00cf\u00d3',
    '1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj',
    '2 0 obj << /Type /Pages /Kids [3 0 R] /Count 1 >> endobj',
    '3 0 obj << /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >> endobj',
    'trailer << /Root 1 0 R >>',
    '%%EOF',
    '',
  ].join('\n'),
  'latin1',
);

export function sha256Of(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export async function tempEntries(dir: string): Promise<string[]> {
  return readdir(path.join(dir, '.tmp')).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
}

export async function expectAppError(promise: Promise<unknown>, code: string, status: number): Promise<AppError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `expected ${code}`).toBeInstanceOf(AppError);
  const appError = error as AppError;
  expect({ code: appError.code, status: appError.status }).toEqual({ code, status });
  return appError;
}

/** Splits bytes into chunks of the given size, as a network stream would deliver them. */
async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let offset = 0; offset < bytes.byteLength; offset += size) yield bytes.subarray(offset, offset + size);
}

export function describeBlobStore(name: string, setup: (maxBytes: number) => Promise<StoreFixture>): void {
  describe(`BlobStore contract: ${name}`, () => {
    let fixture: StoreFixture;
    let store: BlobStore;

    beforeEach(async () => {
      fixture = await setup(SUITE_MAX_BYTES);
      store = fixture.store;
    });

    afterEach(async () => {
      await store.close?.();
      await fixture.cleanup();
    });

    it('round-trips content streamed in chunks', async () => {
      const content = randomBytes(200_000);
      const stored = await store.put(chunked(content, 7_919));
      expect(stored).toEqual({ sha256: sha256Of(content), size: content.byteLength, mime: 'application/octet-stream' });
      expect(await buffer(await store.get(stored.sha256))).toEqual(content);
      expect(await store.stat(stored.sha256)).toEqual({ size: content.byteLength });
      expect(await store.has(stored.sha256)).toBe(true);
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });

    it('accepts a Uint8Array and a Node stream, and ids in upper case', async () => {
      const content = Buffer.from('Đăng ký khai sinh — Ủy ban nhân dân tỉnh\n', 'utf8');
      const fromBytes = await store.put(new Uint8Array(content));
      const fromStream = await store.put(Readable.from([content.subarray(0, 5), content.subarray(5)]));
      expect(fromStream).toEqual(fromBytes);
      expect((await buffer(await store.get(fromBytes.sha256.toUpperCase()))).toString('utf8')).toBe(
        content.toString('utf8'),
      );
    });

    it('stores identical content once', async () => {
      const content = randomBytes(50_000);
      const first = await store.put(content);
      const second = await store.put(chunked(content, 1_000));
      const third = await store.put(Readable.from([content]));
      expect(second).toEqual(first);
      expect(third).toEqual(first);
      expect(await fixture.countStored()).toBe(1);
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });

    it('accepts a blob of exactly the limit', async () => {
      const content = randomBytes(SUITE_MAX_BYTES);
      const stored = await store.put(chunked(content, 65_536));
      expect(stored.size).toBe(SUITE_MAX_BYTES);
    });

    it('aborts a stream as soon as it exceeds the limit, keeping nothing', async () => {
      const chunkSize = 16 * 1024;
      let produced = 0;
      let closed = false;
      async function* endless(): AsyncGenerator<Uint8Array> {
        try {
          // Far more than the limit; the store must stop pulling long before the end.
          for (let i = 0; i < 10_000; i++) {
            produced++;
            yield randomBytes(chunkSize);
          }
        } finally {
          closed = true;
        }
      }
      const error = await expectAppError(store.put(endless()), 'FILE_TOO_LARGE', 413);
      expect(error.detail).toContain(formatBytes(SUITE_MAX_BYTES));
      expect(error.title).toBe('Tệp quá lớn');
      expect(produced).toBe(SUITE_MAX_BYTES / chunkSize + 1);
      expect(closed).toBe(true);
      expect(await tempEntries(fixture.dir)).toEqual([]);
      expect(await fixture.countStored()).toBe(0);
    });

    it('applies a lower per-call limit and leaves a Node stream source to its owner', async () => {
      // Like an HTTP request body still arriving: not ended when the limit is crossed.
      const source = new PassThrough();
      source.write(randomBytes(3_000));
      source.write(randomBytes(3_000));
      const error = await expectAppError(store.put(source, { maxBytes: 4_096 }), 'FILE_TOO_LARGE', 413);
      expect(error.detail).toContain('4 KB');
      // The HTTP layer may still want to answer 413 on this connection: the store neither destroys
      // the stream nor keeps a hold on it, so its owner can still drain it.
      expect(source.destroyed).toBe(false);
      let drained = 0;
      source.on('data', (chunk: Buffer) => {
        drained += chunk.byteLength;
      });
      source.end(randomBytes(1_000));
      await finished(source);
      expect(drained).toBeGreaterThanOrEqual(1_000);
      // A per-call limit never raises the store's limit.
      await expectAppError(
        store.put(randomBytes(SUITE_MAX_BYTES + 1), { maxBytes: SUITE_MAX_BYTES * 4 }),
        'FILE_TOO_LARGE',
        413,
      );
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });

    it('refuses an empty file', async () => {
      const error = await expectAppError(store.put(new Uint8Array(0)), 'FILE_EMPTY', 400);
      expect(error.title).toBe('Tệp rỗng');
      await expectAppError(store.put(chunked(new Uint8Array(0), 1)), 'FILE_EMPTY', 400);
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });

    it('sniffs the type from the bytes, not from any declaration', async () => {
      expect((await store.put(PNG_BYTES)).mime).toBe('image/png');
      expect((await store.put(PDF_BYTES)).mime).toBe('application/pdf');
      expect((await store.put(Buffer.from('Họ và tên: Nguyễn Văn A\n'))).mime).toBe('text/plain');
      expect((await store.put(Buffer.from([0x48, 0x69, 0x00, 0x21]))).mime).toBe('application/octet-stream');
      expect((await store.put(Buffer.from([0x48, 0xff, 0xfe, 0x21]))).mime).toBe('application/octet-stream');
    });

    it('judges text on every byte, across chunk boundaries and beyond the sniffed head', async () => {
      // "Đ" is two bytes in UTF-8; split between chunks it is still text.
      const word = Buffer.from('Đồng Nai', 'utf8');
      expect((await store.put(chunked(word, 1))).mime).toBe('text/plain');
      const longText = Buffer.from('Thủ tục hành chính. '.repeat(Math.ceil((SNIFF_BYTES * 2) / 20)), 'utf8');
      expect((await store.put(chunked(longText, 4096))).mime).toBe('text/plain');
      const nulAfterHead = Buffer.concat([longText, Buffer.from([0])]);
      expect((await store.put(chunked(nulAfterHead, 4096))).mime).toBe('application/octet-stream');
      // A multi-byte sequence cut off by the end of the file is not valid UTF-8.
      expect((await store.put(word.subarray(0, 1))).mime).toBe('application/octet-stream');
    });

    it('refuses a type that is not allowed and stores nothing', async () => {
      const error = await expectAppError(
        store.put(PNG_BYTES, { allowedMimes: ['application/pdf'] }),
        'FILE_TYPE_NOT_ALLOWED',
        415,
      );
      expect(error.detail).toContain('image/png');
      expect(await store.has(sha256Of(PNG_BYTES))).toBe(false);
      expect(await fixture.countStored()).toBe(0);
      expect(await tempEntries(fixture.dir)).toEqual([]);

      await expectAppError(
        store.put(Buffer.from('chỉ là văn bản'), { allowedMimes: ['image/*', 'application/pdf'] }),
        'FILE_TYPE_NOT_ALLOWED',
        415,
      );
      expect((await store.put(PNG_BYTES, { allowedMimes: ['image/*'] })).mime).toBe('image/png');
      expect((await store.put(PDF_BYTES, { allowedMimes: ['image/png', 'application/pdf'] })).mime).toBe(
        'application/pdf',
      );
    });

    it('stops reading a refused type once the head has been sniffed', async () => {
      let produced = 0;
      async function* pngThenMore(): AsyncGenerator<Uint8Array> {
        produced++;
        yield PNG_BYTES;
        for (let i = 0; i < 100; i++) {
          produced++;
          yield randomBytes(SNIFF_BYTES / 8);
        }
      }
      await expectAppError(
        store.put(pngThenMore(), { allowedMimes: ['application/pdf'] }),
        'FILE_TYPE_NOT_ALLOWED',
        415,
      );
      expect(produced).toBeLessThanOrEqual(10);
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });

    it('rejects ids that are not a SHA-256', async () => {
      for (const bad of [
        '../../etc/passwd',
        'abc',
        `${'a'.repeat(63)}/`,
        `${'g'.repeat(64)}`,
        `../${'a'.repeat(61)}`,
      ]) {
        await expectAppError(store.get(bad), 'INVALID_FILE_ID', 400);
        await expectAppError(store.has(bad), 'INVALID_FILE_ID', 400);
        await expectAppError(store.stat(bad), 'INVALID_FILE_ID', 400);
      }
    });

    it('answers 404 for a blob that is not there', async () => {
      const missing = sha256Of(randomBytes(16));
      const error = await expectAppError(store.get(missing), 'FILE_NOT_FOUND', 404);
      expect(error.title).toBe('Không tìm thấy tệp');
      expect(await store.stat(missing)).toBeNull();
      expect(await store.has(missing)).toBe(false);
    });

    it('passes on a failing source and keeps nothing', async () => {
      async function* broken(): AsyncGenerator<Uint8Array> {
        yield randomBytes(10_000);
        throw new Error('connection reset');
      }
      await expect(store.put(broken())).rejects.toThrow('connection reset');
      expect(await tempEntries(fixture.dir)).toEqual([]);
      expect(await fixture.countStored()).toBe(0);
    });

    it('keeps concurrent puts of the same content consistent', async () => {
      const content = randomBytes(100_000);
      const results = await Promise.all(Array.from({ length: 5 }, () => store.put(chunked(content, 9_000))));
      for (const result of results) expect(result.sha256).toBe(sha256Of(content));
      expect(await buffer(await store.get(sha256Of(content)))).toEqual(content);
      expect(await fixture.countStored()).toBe(1);
      expect(await tempEntries(fixture.dir)).toEqual([]);
    });
  });
}
