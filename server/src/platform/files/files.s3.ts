/**
 * S3-compatible backend (AWS S3, MinIO, Ceph RGW, …): objects `<prefix>/<sha256>`. Uploads are
 * received into a local temp file first, because the key is the hash and is known only at the end.
 */
import { createReadStream } from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { isAppError } from '../errors/index.ts';
import { fileErrors } from './files.errors.ts';
import { type BlobStore, parseBlobId, putThroughTemp, type ReceivedBlob, TempArea } from './files.store.ts';

export interface S3BlobStoreOptions {
  /** Local directory for temp files (`<dir>/.tmp/`). */
  dir: string;
  maxBytes: number;
  bucket: string;
  prefix: string;
  endpoint?: string | undefined;
  region?: string | undefined;
  accessKeyId: string;
  secretAccessKey: string;
  forcePathStyle?: boolean | undefined;
}

/** The SDK refuses to retry a request whose body is a stream, so put() retries with a fresh one. */
const PUT_ATTEMPTS = 3;

const ignore = () => {};
const silentLogger = { trace: ignore, debug: ignore, info: ignore, warn: ignore, error: ignore };

function httpStatusOf(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | null)?.$metadata?.httpStatusCode;
}

function isTransient(error: unknown): boolean {
  const status = httpStatusOf(error);
  return status === undefined || status >= 500 || status === 429 || status === 408;
}

export function createS3BlobStore(options: S3BlobStoreOptions): BlobStore {
  const prefix = options.prefix.replace(/^\/+|\/+$/g, '');
  const keyOf = (sha256: string) => (prefix === '' ? sha256 : `${prefix}/${sha256}`);
  const temp = new TempArea(path.join(path.resolve(options.dir), '.tmp'));

  // Every setting the SDK would otherwise look up in process.env or ~/.aws is given explicitly:
  // the platform's configuration (config.ts) is the only source of truth.
  const client = new S3Client({
    region: options.region ?? 'us-east-1',
    endpoint: options.endpoint,
    forcePathStyle: options.forcePathStyle ?? options.endpoint !== undefined,
    credentials: { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey },
    // The SDK's default CRC32 trailer (aws-chunked encoding) is rejected by many S3-compatible
    // servers; integrity is covered by Content-MD5, which they all verify.
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
    maxAttempts: 3,
    retryMode: 'standard',
    defaultsMode: 'standard',
    useFipsEndpoint: false,
    useDualstackEndpoint: false,
    useArnRegion: false,
    disableS3ExpressSessionAuth: true,
    ignoreConfiguredEndpointUrls: true,
    authSchemePreference: ['sigv4'],
    sigv4aSigningRegionSet: [],
    userAgentAppId: 'tinhso',
    // A storage server that stops answering must fail the request, not hang it forever.
    requestHandler: { connectionTimeout: 10_000, requestTimeout: 120_000 },
    // Without a logger the SDK writes to the console, e.g. a warning on every failed streaming PUT,
    // which upload() retries itself; every failure that matters reaches the caller as an error.
    logger: silentLogger,
  });

  async function sizeOf(sha256: string): Promise<number | null> {
    try {
      const head = await client.send(new HeadObjectCommand({ Bucket: options.bucket, Key: keyOf(sha256) }));
      return head.ContentLength ?? null;
    } catch (error) {
      if (httpStatusOf(error) === 404) return null;
      throw fileErrors.storageUnavailable(error);
    }
  }

  async function upload(blob: ReceivedBlob): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const body = createReadStream(blob.tempPath);
      try {
        await client.send(
          new PutObjectCommand({
            Bucket: options.bucket,
            Key: keyOf(blob.sha256),
            Body: body,
            ContentLength: blob.size,
            ContentMD5: blob.md5,
            ContentType: blob.mime,
          }),
        );
        return;
      } catch (error) {
        if (attempt >= PUT_ATTEMPTS || !isTransient(error)) throw fileErrors.storageUnavailable(error);
        await sleep(250 * 2 ** (attempt - 1));
      } finally {
        body.destroy();
      }
    }
  }

  // One upload per key at a time within this process: S3 makes each PUT atomic, but
  // S3-compatible servers (s3rver, some gateways) corrupt an object under overlapping PUTs.
  const inFlight = new Map<string, Promise<void>>();

  return {
    put(source, putOptions) {
      return putThroughTemp(temp, options.maxBytes, source, putOptions, async (blob) => {
        const previous = inFlight.get(blob.sha256) ?? Promise.resolve();
        const mine = previous.then(async () => {
          // Content-addressed: an object with this key and size already holds these very bytes.
          if ((await sizeOf(blob.sha256)) === blob.size) return;
          await upload(blob);
        });
        const settled = mine.catch(ignore);
        inFlight.set(blob.sha256, settled);
        try {
          await mine;
        } finally {
          if (inFlight.get(blob.sha256) === settled) inFlight.delete(blob.sha256);
        }
      });
    },

    async get(id) {
      const sha256 = parseBlobId(id);
      try {
        const object = await client.send(new GetObjectCommand({ Bucket: options.bucket, Key: keyOf(sha256) }));
        if (!(object.Body instanceof Readable)) throw new TypeError('S3 GetObject returned no Node stream');
        return object.Body;
      } catch (error) {
        if (isAppError(error)) throw error;
        if (httpStatusOf(error) === 404) throw fileErrors.notFound(sha256);
        throw fileErrors.storageUnavailable(error);
      }
    },

    async stat(id) {
      const size = await sizeOf(parseBlobId(id));
      return size === null ? null : { size };
    },

    async has(id) {
      return (await sizeOf(parseBlobId(id))) !== null;
    },

    async close() {
      client.destroy();
    },
  };
}
