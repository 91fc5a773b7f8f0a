/**
 * The same behaviour suite against a real S3-protocol server (s3rver) on a random local port.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, request, type Server } from 'node:http';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buffer } from 'node:stream/consumers';
import { HeadObjectCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { describeBlobStore, expectAppError, PDF_BYTES, SUITE_MAX_BYTES } from './files.suite.ts';
import { createBlobStore } from './index.ts';

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
  httpServer?: Server;
}
type S3rverConstructor = new (options: Record<string, unknown>) => S3rverInstance;

// s3rver is CommonJS and ships no type declarations.
const S3rver = createRequire(import.meta.url)('s3rver') as S3rverConstructor;

const BUCKET = 'tinhso-test';
const SLOW_DOWN_XML =
  '<?xml version="1.0" encoding="UTF-8"?><Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>';
// s3rver's fixed development keys; it checks signatures against them.
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

let serverDir: string;
let server: S3rverInstance;
let endpoint: string;
let admin: S3Client;

beforeAll(async () => {
  serverDir = await mkdtemp(path.join(tmpdir(), 'tinhso-s3rver-'));
  server = new S3rver({
    address: '127.0.0.1',
    port: 0,
    silent: true,
    directory: serverDir,
    configureBuckets: [{ name: BUCKET, configs: [] }],
  });
  const { port } = await server.run();
  endpoint = `http://127.0.0.1:${port}`;
  admin = new S3Client({
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    credentials,
    requestChecksumCalculation: 'WHEN_REQUIRED',
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
});

afterAll(async () => {
  admin?.destroy();
  // Kept-alive sockets would hold close() open.
  server?.httpServer?.closeAllConnections();
  await server?.close();
  await rm(serverDir, { recursive: true, force: true });
});

async function countObjects(prefix: string): Promise<number> {
  const listed = await admin.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: `${prefix}/` }));
  return listed.KeyCount ?? 0;
}

function s3Store(dir: string, prefix: string, maxBytes = SUITE_MAX_BYTES) {
  return createBlobStore({
    dir,
    maxBytes,
    url: `s3://${BUCKET}/${prefix}`,
    s3: { endpoint, region: 'us-east-1', forcePathStyle: true, ...credentials },
  });
}

describeBlobStore('S3 (s3rver)', async (maxBytes) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-s3-'));
  // A fresh prefix per test keeps the counts independent within the shared bucket.
  const prefix = `run-${randomUUID()}`;
  return {
    store: s3Store(dir, prefix, maxBytes),
    dir,
    countStored: () => countObjects(prefix),
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('S3 backend', () => {
  it('writes <prefix>/<sha256> with the sniffed content type', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-s3-'));
    const store = s3Store(dir, 'ho-so/2025');
    try {
      const { sha256 } = await store.put(PDF_BYTES);
      const head = await admin.send(new HeadObjectCommand({ Bucket: BUCKET, Key: `ho-so/2025/${sha256}` }));
      expect(head.ContentLength).toBe(PDF_BYTES.byteLength);
      expect(head.ContentType).toBe('application/pdf');
    } finally {
      await store.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('retries an upload the server failed transiently, with a fresh body', async () => {
    // A proxy in front of s3rver that answers the first PUT with 503, as a busy S3 does.
    const target = new URL(endpoint);
    let puts = 0;
    const proxy = createServer((req, res) => {
      if (req.method === 'PUT' && ++puts === 1) {
        req.resume();
        req.on('end', () => res.writeHead(503, { 'content-type': 'application/xml' }).end(SLOW_DOWN_XML));
        return;
      }
      const upstream = request(
        { host: target.hostname, port: target.port, method: req.method, path: req.url, headers: req.headers },
        (answer) => {
          res.writeHead(answer.statusCode ?? 502, answer.headers);
          answer.pipe(res);
        },
      );
      req.pipe(upstream);
    });
    await new Promise<void>((resolve) => proxy.listen(0, '127.0.0.1', resolve));
    const { port } = proxy.address() as AddressInfo;
    const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-s3-'));
    const store = createBlobStore({
      dir,
      maxBytes: SUITE_MAX_BYTES,
      url: `s3://${BUCKET}/retry`,
      s3: { endpoint: `http://127.0.0.1:${port}`, forcePathStyle: true, ...credentials },
    });
    try {
      const content = randomBytes(100_000);
      const stored = await store.put(content);
      expect(puts).toBeGreaterThanOrEqual(2);
      expect(await buffer(await store.get(stored.sha256))).toEqual(content);
    } finally {
      await store.close?.();
      proxy.closeAllConnections();
      await new Promise((resolve) => proxy.close(resolve));
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('reports an unreachable server as FILE_STORAGE_UNAVAILABLE, keeping nothing', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-s3-'));
    // Port 1 on loopback: nothing listens there, the connection is refused at once.
    const store = createBlobStore({
      dir,
      maxBytes: SUITE_MAX_BYTES,
      url: `s3://${BUCKET}/x`,
      s3: { endpoint: 'http://127.0.0.1:1', forcePathStyle: true, ...credentials },
    });
    try {
      await expectAppError(store.put(PDF_BYTES), 'FILE_STORAGE_UNAVAILABLE', 503);
      await expectAppError(store.get('a'.repeat(64)), 'FILE_STORAGE_UNAVAILABLE', 503);
    } finally {
      await store.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe('createBlobStore configuration', () => {
  it('refuses an S3 store without explicit keys rather than reading the environment', () => {
    expect(() => createBlobStore({ dir: '/tmp/unused', maxBytes: 1024, url: `s3://${BUCKET}/p`, s3: {} })).toThrow(
      expect.objectContaining({ code: 'FILE_STORE_MISCONFIGURED' }),
    );
    expect(() => createBlobStore({ dir: '/tmp/unused', maxBytes: 1024, url: `s3://${BUCKET}/p` })).toThrow(
      expect.objectContaining({ code: 'FILE_STORE_MISCONFIGURED' }),
    );
  });

  it('refuses a URL that is not s3:// and a non-positive limit', () => {
    expect(() => createBlobStore({ dir: '/tmp/unused', maxBytes: 1024, url: 'http://example.org/x' })).toThrow(
      expect.objectContaining({ code: 'FILE_STORE_MISCONFIGURED' }),
    );
    expect(() => createBlobStore({ dir: '/tmp/unused', maxBytes: 0 })).toThrow(
      expect.objectContaining({ code: 'FILE_STORE_MISCONFIGURED' }),
    );
  });

  it('accepts the bucket from the s3 options, the shape of config.files.s3', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-s3-'));
    const store = createBlobStore({
      dir,
      maxBytes: 1024,
      s3: { bucket: BUCKET, prefix: '/cfg/', endpoint, region: 'us-east-1', forcePathStyle: true, ...credentials },
    });
    try {
      await store.put(PDF_BYTES);
      expect(await countObjects('cfg')).toBe(1);
    } finally {
      await store.close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
