/**
 * The blob store contract and the logic both backends share: receiving a stream into a temp
 * file while hashing, counting and sniffing it, so that nothing is ever held whole in memory
 * and nothing reaches the store before it has passed every check.
 */
import { createHash, randomUUID } from 'node:crypto';
import { mkdir, open, readdir, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileTypeFromBuffer } from 'file-type';
import { fileErrors } from './files.errors.ts';

export interface StoredBlob {
  /** Lowercase hex SHA-256 of the content: the blob's identity. */
  sha256: string;
  size: number;
  /** Media type sniffed from the content; whatever the sender declared is never trusted. */
  mime: string;
}

export type BlobSource = AsyncIterable<Uint8Array> | NodeJS.ReadableStream | Uint8Array;

export interface PutOptions {
  /** Lowers the store's limit for this call; it can never raise it. */
  maxBytes?: number;
  /** Exact types (`application/pdf`) or whole families (`image/*`). Absent = any type. */
  allowedMimes?: readonly string[];
}

export interface BlobStore {
  /**
   * Stores the content and returns its identity. Storing the same content again is harmless.
   * On failure a Node stream source is neither destroyed nor drained (the caller owns it, e.g. an
   * HTTP request that should still get its 413 answer); other async iterables are closed.
   */
  put(source: BlobSource, options?: PutOptions): Promise<StoredBlob>;
  /** Throws FILE_NOT_FOUND (404) when absent, INVALID_FILE_ID (400) for anything but a SHA-256. */
  get(sha256: string): Promise<NodeJS.ReadableStream>;
  stat(sha256: string): Promise<{ size: number } | null>;
  has(sha256: string): Promise<boolean>;
  close?(): Promise<void>;
}

export const TEXT_MIME = 'text/plain';
export const BINARY_MIME = 'application/octet-stream';

/**
 * How much of the head file-type sees. Its own default is 4100 bytes, but Office files written
 * by LibreOffice put `[Content_Types].xml` last and may store a thumbnail first, so a .docx is
 * reported as plain zip at 4100 bytes and recognised at 64 KiB (measured with file-type 22.3).
 */
export const SNIFF_BYTES = 64 * 1024;

/** Temp files older than this are leftovers of a crash, not uploads in progress. */
const STALE_TEMP_MS = 24 * 60 * 60 * 1000;

const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Validates a blob id before it goes anywhere near a path or an object key. */
export function parseBlobId(id: unknown): string {
  if (typeof id !== 'string' || id.length !== 64) throw fileErrors.invalidId();
  const sha256 = id.toLowerCase();
  if (!SHA256_PATTERN.test(sha256)) throw fileErrors.invalidId();
  return sha256;
}

export function isMimeAllowed(mime: string, allowed: readonly string[]): boolean {
  const type = mime.toLowerCase();
  const family = `${type.split('/')[0]}/*`;
  return allowed.some((entry) => {
    const wanted = entry.trim().toLowerCase();
    return wanted === type || wanted === family;
  });
}

/**
 * Decides the media type from the content. file-type looks at the head; when it recognises
 * nothing, the blob is text only if every byte of it, not just the head, is NUL-free UTF-8,
 * so the decision for text waits for the end while a binary verdict comes as early as possible.
 */
class MimeSniffer {
  readonly #allowed: readonly string[] | undefined;
  readonly #head = new Uint8Array(SNIFF_BYTES);
  #headLength = 0;
  #sniffed = false;
  #mime: string | undefined;
  #maybeText = true;
  readonly #decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(allowed: readonly string[] | undefined) {
    this.#allowed = allowed;
  }

  /** Throws FILE_TYPE_NOT_ALLOWED as soon as the type is known, so a refused upload stops early. */
  async push(chunk: Uint8Array): Promise<void> {
    if (this.#mime === undefined && this.#maybeText) this.#maybeText = this.#isText(chunk);
    if (this.#sniffed) return;
    const take = Math.min(chunk.byteLength, SNIFF_BYTES - this.#headLength);
    this.#head.set(chunk.subarray(0, take), this.#headLength);
    this.#headLength += take;
    if (this.#headLength === SNIFF_BYTES) await this.#sniff();
  }

  async finish(): Promise<string> {
    if (!this.#sniffed) await this.#sniff();
    if (this.#mime === undefined) {
      // A multi-byte sequence cut off by the end of the file makes it binary.
      if (this.#maybeText) this.#maybeText = this.#isText(undefined);
      this.#decide(this.#maybeText ? TEXT_MIME : BINARY_MIME);
    }
    return this.#mime!;
  }

  async #sniff(): Promise<void> {
    this.#sniffed = true;
    const detected = await fileTypeFromBuffer(this.#head.subarray(0, this.#headLength));
    if (detected !== undefined) this.#decide(detected.mime);
    else if (!this.#maybeText) this.#decide(BINARY_MIME);
  }

  #decide(mime: string): void {
    this.#mime = mime;
    if (this.#allowed !== undefined && !isMimeAllowed(mime, this.#allowed)) {
      throw fileErrors.typeNotAllowed(mime, this.#allowed);
    }
  }

  #isText(chunk: Uint8Array | undefined): boolean {
    if (chunk?.includes(0)) return false;
    try {
      this.#decoder.decode(chunk, { stream: chunk !== undefined });
      return true;
    } catch {
      return false;
    }
  }
}

/** A temp directory created on first use and swept of crash leftovers once per process. */
export class TempArea {
  readonly dir: string;
  #ready: Promise<void> | undefined;

  constructor(dir: string) {
    this.dir = dir;
  }

  ready(): Promise<void> {
    this.#ready ??= this.#prepare().catch((error: unknown) => {
      this.#ready = undefined;
      throw error;
    });
    return this.#ready;
  }

  async #prepare(): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    const now = Date.now();
    for (const name of await readdir(this.dir)) {
      const file = path.join(this.dir, name);
      const info = await stat(file).catch(() => null);
      // Another process may share the directory: only what nobody can still be writing goes.
      if (info !== null && now - info.mtimeMs > STALE_TEMP_MS) await rm(file, { force: true, recursive: true });
    }
  }
}

/** A fully received blob in a temp file, checked and ready to be committed by a backend. */
export interface ReceivedBlob extends StoredBlob {
  tempPath: string;
  /** Base64 MD5, for backends whose wire protocol verifies it (S3 Content-MD5). */
  md5: string;
}

function chunksOf(source: BlobSource): AsyncIterable<unknown> {
  if (source instanceof Uint8Array) {
    return (async function* () {
      yield source;
    })();
  }
  if (source instanceof Readable) {
    // Leave the stream alive when we stop early: its owner decides whether to drain or destroy it.
    return { [Symbol.asyncIterator]: () => source.iterator({ destroyOnReturn: false }) };
  }
  if (source !== null && typeof source === 'object' && Symbol.asyncIterator in source) {
    return source as AsyncIterable<unknown>;
  }
  throw new TypeError('Blob source must be a Uint8Array, a Node readable stream or an async iterable of Uint8Array');
}

/**
 * Streams the source into a temp file while hashing, counting and sniffing it. Any failure
 * deletes the temp file; on success the caller must commit or delete `tempPath`.
 */
export async function receiveToTemp(
  source: BlobSource,
  temp: TempArea,
  maxBytes: number,
  allowedMimes: readonly string[] | undefined,
): Promise<ReceivedBlob> {
  await temp.ready();
  const tempPath = path.join(temp.dir, `${randomUUID()}.part`);
  const file = await open(tempPath, 'wx');
  let received = false;
  try {
    const sha256 = createHash('sha256');
    const md5 = createHash('md5');
    const sniffer = new MimeSniffer(allowedMimes);
    let size = 0;
    for await (const chunk of chunksOf(source)) {
      if (!(chunk instanceof Uint8Array)) throw new TypeError('Blob source yielded something other than Uint8Array');
      if (chunk.byteLength === 0) continue;
      size += chunk.byteLength;
      if (size > maxBytes) throw fileErrors.tooLarge(maxBytes);
      await sniffer.push(chunk);
      sha256.update(chunk);
      md5.update(chunk);
      for (let written = 0; written < chunk.byteLength; ) {
        const { bytesWritten } = await file.write(chunk, written, chunk.byteLength - written, null);
        written += bytesWritten;
      }
    }
    if (size === 0) throw fileErrors.empty();
    const mime = await sniffer.finish();
    received = true;
    return { tempPath, sha256: sha256.digest('hex'), size, mime, md5: md5.digest('base64') };
  } finally {
    try {
      await file.close();
    } finally {
      if (!received) await rm(tempPath, { force: true });
    }
  }
}

/** Effective limit of one call: the store's limit, or a lower one asked by the caller. */
export function effectiveLimit(storeMaxBytes: number, requested: number | undefined): number {
  if (requested === undefined) return storeMaxBytes;
  if (!Number.isSafeInteger(requested) || requested < 1) throw new TypeError('maxBytes must be a positive integer');
  return Math.min(storeMaxBytes, requested);
}

/** Receives, lets the backend commit, and removes whatever temp file the commit left behind. */
export async function putThroughTemp(
  temp: TempArea,
  storeMaxBytes: number,
  source: BlobSource,
  options: PutOptions | undefined,
  commit: (blob: ReceivedBlob) => Promise<void>,
): Promise<StoredBlob> {
  const blob = await receiveToTemp(
    source,
    temp,
    effectiveLimit(storeMaxBytes, options?.maxBytes),
    options?.allowedMimes,
  );
  try {
    await commit(blob);
  } finally {
    await rm(blob.tempPath, { force: true });
  }
  return { sha256: blob.sha256, size: blob.size, mime: blob.mime };
}
