/**
 * The content-addressed blob store: the only door other code uses.
 * Local directory by default; S3-compatible object storage when a bucket is configured.
 */
import { fileErrors } from './files.errors.ts';
import { createLocalBlobStore } from './files.local.ts';
import { createS3BlobStore } from './files.s3.ts';
import type { BlobStore } from './files.store.ts';

export { fileErrors } from './files.errors.ts';
export type { BlobSource, BlobStore, PutOptions, StoredBlob } from './files.store.ts';
export { isMimeAllowed, parseBlobId } from './files.store.ts';

export interface BlobStoreS3Options {
  /** Alternative to `url` (this is the shape of `config.files.s3`); `url` wins when both are given. */
  bucket?: string | undefined;
  prefix?: string | undefined;
  endpoint?: string | undefined;
  region?: string | undefined;
  accessKeyId?: string | undefined;
  secretAccessKey?: string | undefined;
  forcePathStyle?: boolean | undefined;
}

export interface BlobStoreOptions {
  /** The local store's root; with S3 it still holds the temp files (`<dir>/.tmp/`). */
  dir: string;
  /** Largest blob accepted; put() may lower it per call. */
  maxBytes: number;
  /** `s3://bucket/prefix`; absent = local directory. */
  url?: string | undefined;
  s3?: BlobStoreS3Options | undefined;
}

function parseS3Url(url: string): { bucket: string; prefix: string } {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw fileErrors.misconfigured(`Địa chỉ kho tệp «${url}» không phải URL hợp lệ.`);
  }
  if (parsed.protocol !== 's3:') {
    throw fileErrors.misconfigured(`Địa chỉ kho tệp phải có dạng s3://bucket/thu-muc (nhận được «${url}»).`);
  }
  if (parsed.hostname === '')
    throw fileErrors.misconfigured('Địa chỉ kho tệp thiếu tên bucket, ví dụ s3://tinhso-files.');
  return { bucket: parsed.hostname, prefix: decodeURIComponent(parsed.pathname).replace(/^\/+|\/+$/g, '') };
}

/**
 * Builds the store from configuration. Credentials and endpoint come only from `options`;
 * nothing here or in the SDK reads process.env or ~/.aws.
 */
export function createBlobStore(options: BlobStoreOptions): BlobStore {
  if (!Number.isSafeInteger(options.maxBytes) || options.maxBytes < 1) {
    throw fileErrors.misconfigured(
      `Giới hạn kích thước tệp phải là số nguyên dương (nhận được «${options.maxBytes}»).`,
    );
  }
  if (typeof options.dir !== 'string' || options.dir === '') {
    throw fileErrors.misconfigured('Thiếu thư mục lưu tệp.');
  }
  const s3 = options.s3;
  const location =
    options.url !== undefined && options.url !== ''
      ? parseS3Url(options.url)
      : s3?.bucket
        ? { bucket: s3.bucket, prefix: (s3.prefix ?? '').replace(/^\/+|\/+$/g, '') }
        : undefined;
  if (location === undefined) return createLocalBlobStore({ dir: options.dir, maxBytes: options.maxBytes });

  if (!s3?.accessKeyId || !s3.secretAccessKey) {
    // Without explicit keys the SDK would fall back to environment variables and profile files.
    throw fileErrors.misconfigured('Kho tệp S3 cần khóa truy cập (S3_ACCESS_KEY_ID và S3_SECRET_ACCESS_KEY).');
  }
  return createS3BlobStore({
    dir: options.dir,
    maxBytes: options.maxBytes,
    bucket: location.bucket,
    prefix: location.prefix,
    endpoint: s3.endpoint,
    region: s3.region,
    accessKeyId: s3.accessKeyId,
    secretAccessKey: s3.secretAccessKey,
    forcePathStyle: s3.forcePathStyle,
  });
}
