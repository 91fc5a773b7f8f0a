/**
 * Local directory backend: `<dir>/ab/cd/<sha256>`, temp files in `<dir>/.tmp/`.
 * Without FILES_URL this is also what a single-machine production install uses, so a blob is
 * fsynced before and after its rename: once put() resolves, a power loss does not lose it.
 */
import { mkdir, open, rename, stat } from 'node:fs/promises';
import path from 'node:path';
import { fileErrors } from './files.errors.ts';
import { type BlobStore, parseBlobId, putThroughTemp, TempArea } from './files.store.ts';

export interface LocalBlobStoreOptions {
  dir: string;
  maxBytes: number;
}

function isMissing(error: unknown): boolean {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === 'ENOENT' || code === 'ENOTDIR';
}

async function fsyncPath(target: string): Promise<void> {
  const handle = await open(target, 'r');
  try {
    await handle.sync();
  } catch (error) {
    // Some platforms (Windows) and file systems cannot fsync a directory; the file itself was synced.
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle.close();
  }
}

export function createLocalBlobStore(options: LocalBlobStoreOptions): BlobStore {
  const root = path.resolve(options.dir);
  const temp = new TempArea(path.join(root, '.tmp'));
  const pathOf = (sha256: string) => path.join(root, sha256.slice(0, 2), sha256.slice(2, 4), sha256);

  async function sizeOf(file: string): Promise<number | null> {
    try {
      const info = await stat(file);
      return info.isFile() ? info.size : null;
    } catch (error) {
      if (isMissing(error)) return null;
      throw error;
    }
  }

  return {
    put(source, putOptions) {
      return putThroughTemp(temp, options.maxBytes, source, putOptions, async (blob) => {
        const target = pathOf(blob.sha256);
        // Same content already there: the temp file is simply dropped, nothing is rewritten.
        if ((await sizeOf(target)) === blob.size) return;
        await fsyncPath(blob.tempPath);
        const shard = path.dirname(target);
        const created = await mkdir(shard, { recursive: true });
        // rename() is atomic: readers see either no blob or the whole blob, never a partial one.
        await rename(blob.tempPath, target);
        // Make the new directory entries durable too, up to the first directory that already existed.
        const stop = created === undefined ? shard : path.dirname(created);
        for (let dir = shard; ; dir = path.dirname(dir)) {
          await fsyncPath(dir);
          if (dir === stop) break;
        }
      });
    },

    async get(id) {
      const sha256 = parseBlobId(id);
      try {
        const handle = await open(pathOf(sha256), 'r');
        return handle.createReadStream();
      } catch (error) {
        if (isMissing(error)) throw fileErrors.notFound(sha256);
        throw error;
      }
    },

    async stat(id) {
      const size = await sizeOf(pathOf(parseBlobId(id)));
      return size === null ? null : { size };
    },

    async has(id) {
      return (await sizeOf(pathOf(parseBlobId(id)))) !== null;
    },

    async close() {},
  };
}
