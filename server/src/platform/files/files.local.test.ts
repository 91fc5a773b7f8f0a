import { mkdir, mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createLocalBlobStore } from './files.local.ts';
import { describeBlobStore, PNG_BYTES, SUITE_MAX_BYTES, sha256Of, tempEntries } from './files.suite.ts';

/** Blobs under the shard directories, i.e. everything but `.tmp/`. */
async function storedFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .filter((file) => !file.startsWith(`.tmp${path.sep}`));
}

describeBlobStore('local directory', async (maxBytes) => {
  const dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-'));
  return {
    store: createLocalBlobStore({ dir, maxBytes }),
    dir,
    countStored: async () => (await storedFiles(dir)).length,
    cleanup: () => rm(dir, { recursive: true, force: true }),
  };
});

describe('local directory backend', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'tinhso-files-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('lays blobs out as <dir>/ab/cd/<sha256>', async () => {
    const store = createLocalBlobStore({ dir, maxBytes: SUITE_MAX_BYTES });
    const { sha256 } = await store.put(PNG_BYTES);
    expect(await storedFiles(dir)).toEqual([path.join(sha256.slice(0, 2), sha256.slice(2, 4), sha256)]);
  });

  it('does not rewrite a blob it already holds', async () => {
    const store = createLocalBlobStore({ dir, maxBytes: SUITE_MAX_BYTES });
    const { sha256 } = await store.put(PNG_BYTES);
    const file = path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    const past = new Date('2020-01-01T00:00:00Z');
    await utimes(file, past, past);
    const before = await stat(file);
    await store.put(PNG_BYTES);
    const after = await stat(file);
    expect(after.ino).toBe(before.ino);
    expect(after.mtimeMs).toBe(before.mtimeMs);
  });

  it('repairs a blob whose file was truncated', async () => {
    const store = createLocalBlobStore({ dir, maxBytes: SUITE_MAX_BYTES });
    const { sha256 } = await store.put(PNG_BYTES);
    const file = path.join(dir, sha256.slice(0, 2), sha256.slice(2, 4), sha256);
    await writeFile(file, PNG_BYTES.subarray(0, 10));
    await store.put(PNG_BYTES);
    expect(sha256Of(await readFile(file))).toBe(sha256);
  });

  it('sweeps temp files left by a crash, but not recent ones', async () => {
    const tmp = path.join(dir, '.tmp');
    await mkdir(tmp, { recursive: true });
    await writeFile(path.join(tmp, 'stale.part'), 'x');
    await writeFile(path.join(tmp, 'recent.part'), 'x');
    const past = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
    await utimes(path.join(tmp, 'stale.part'), past, past);
    const store = createLocalBlobStore({ dir, maxBytes: SUITE_MAX_BYTES });
    await store.put(PNG_BYTES);
    expect(await tempEntries(dir)).toEqual(['recent.part']);
  });
});
