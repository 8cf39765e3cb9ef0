/**
 * Files into and out of the converter container as tar streams: in, root-owned and read-only for the
 * container's user; out, only the named regular files, each within a size limit (what comes out was
 * written next to a user's pickle, so links, folders and anything unnamed are ignored).
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { Readable } from 'node:stream';
import { extract, Header } from 'tar';

/** A file for the container: its name there and where it comes from (a host file, or bytes). */
export interface InFile {
  name: string;
  source: { file: string } | { bytes: Buffer };
}

const BLOCK = 512;

function header(data: ConstructorParameters<typeof Header>[0] & object): Buffer {
  const entry = new Header({ uid: 0, gid: 0, uname: 'root', gname: 'root', mtime: new Date(), ...data });
  entry.encode();
  return entry.block!;
}

function padding(size: number): Buffer {
  return Buffer.alloc((BLOCK - (size % BLOCK)) % BLOCK);
}

/**
 * A tar of the folder `dir` (mode 0555) holding `files` (mode 0444), all owned by root, streamed
 * (a model file is never held in memory whole). Names must be plain file names.
 * @example await container.putArchive(readOnlyFolder('in', [{ name: 'allowed.json', source: { bytes } }]), { path: '/' });
 */
export function readOnlyFolder(dir: string, files: InFile[]): Readable {
  for (const { name } of files)
    if (!/^[A-Za-z0-9._-]{1,90}$/.test(name) || name.startsWith('.')) throw new Error(`not a plain file name: ${name}`);
  async function* entries(): AsyncGenerator<Buffer> {
    yield header({ path: `${dir}/`, mode: 0o555, size: 0, type: 'Directory' });
    for (const { name, source } of files) {
      const size = 'bytes' in source ? source.bytes.length : (await stat(source.file)).size;
      yield header({ path: `${dir}/${name}`, mode: 0o444, size, type: 'File' });
      if ('bytes' in source) yield source.bytes;
      else {
        let sent = 0;
        for await (const chunk of createReadStream(source.file)) {
          sent += (chunk as Buffer).length;
          if (sent > size) throw new Error(`${source.file} grew while it was being copied`);
          yield chunk as Buffer;
        }
        if (sent !== size) throw new Error(`${source.file} shrank while it was being copied`);
      }
      yield padding(size);
    }
    yield Buffer.alloc(BLOCK * 2);
  }
  return Readable.from(entries());
}

/**
 * Extracts from `archive` (a getArchive of a folder, so entries are `<folder>/<name>`) the regular
 * files named in `limits` into `into`, each at most its limit in bytes; returns the names written.
 */
export async function extractNamedFiles(archive: NodeJS.ReadableStream, into: string, limits: Record<string, number>): Promise<string[]> {
  const written: string[] = [];
  const sink = extract({
    cwd: into,
    strip: 1,
    filter: (entryPath, entry) => {
      const name = path.posix.basename(entryPath);
      const info = entry as { type?: string; size?: number };
      const wanted = entryPath.split('/').filter(Boolean).length === 2 && info.type === 'File' && name in limits;
      if (!wanted || (info.size ?? 0) > limits[name]!) return false;
      written.push(name);
      return true;
    },
  });
  await new Promise<void>((resolve, reject) => {
    archive.on('error', reject);
    sink.on('error', reject);
    sink.on('close', resolve);
    archive.pipe(sink);
  });
  return written;
}
