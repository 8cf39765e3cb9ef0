import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { create, Header } from 'tar';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { fetchPackage, PackageFetchError } from '../../../main/runtimes/node/fetch-package.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/** A real npm registry answer, served on 127.0.0.1: package metadata plus tarballs made with tar. */
let server: http.Server;
let base: string;
let requests: string[] = [];
const tarballs = new Map<string, Buffer>();
const integrity = new Map<string, string>();

async function packTarball(files: Record<string, string>): Promise<Buffer> {
  await using temp = await tempDir('pack');
  const dir = temp.path;
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
  const file = path.join(dir, 'out.tgz');
  await create({ gzip: true, cwd: dir, file, portable: true }, Object.keys(files));
  return await readFile(file);
}

/** A hand-made tarball whose second entry climbs out of the folder it is unpacked in (tar.create would refuse to write one). */
function hostileTarball(): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of [
    ['package/package.json', '{"name":"@test/native"}'],
    ['package/../../../../escaped.txt', 'outside'],
  ] as const) {
    const body = Buffer.from(text);
    const header = new Header({ path: name, mode: 0o644, size: body.length, type: 'File', mtime: new Date(0) });
    header.encode();
    blocks.push(header.block!, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  return gzipSync(Buffer.concat([...blocks, Buffer.alloc(1024)]));
}

function sri(bytes: Buffer): string {
  return `sha512-${createHash('sha512').update(bytes).digest('base64')}`;
}

beforeAll(async () => {
  const good = await packTarball({ 'package/package.json': '{"name":"@test/native","version":"1.0.0"}', 'package/lib/x.node': 'binary' });
  tarballs.set('good', good);
  integrity.set('good', sri(good));
  tarballs.set('tampered', good);
  integrity.set('tampered', sri(Buffer.concat([good, Buffer.from('x')])));
  const escaping = hostileTarball();
  tarballs.set('broken', Buffer.alloc(0));
  integrity.set('broken', sri(good));
  tarballs.set('escaping', escaping);
  integrity.set('escaping', sri(escaping));
  server = http.createServer((req, res) => {
    requests.push(req.url ?? '');
    const url = req.url ?? '';
    if (url === '/@test%2fnative') {
      const versions = Object.fromEntries(
        [...tarballs.keys()].map((v) => [v, { dist: { tarball: `${base}tarballs/${v}.tgz`, integrity: integrity.get(v) } }]),
      );
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ name: '@test/native', versions }));
      return;
    }
    if (url === '/tarballs/broken.tgz') {
      res.writeHead(200, { 'content-length': '100000' });
      res.write(Buffer.alloc(1000));
      setTimeout(() => res.destroy(), 20);
      return;
    }
    const tarball = tarballs.get(url.replace(/^\/tarballs\/(.*)\.tgz$/, '$1'));
    if (tarball) res.writeHead(200).end(tarball);
    else res.writeHead(404).end('{}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  process.env.npm_config_registry = base;
});

afterAll(async () => {
  delete process.env.npm_config_registry;
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  requests = [];
});

describe('fetching a native package from the npm registry', () => {
  it('downloads, checks and unpacks a version once, then reuses the cached copy', async () => {
    await using temp = await tempDir('cache');
    const cache = temp.path;
    const dir = await fetchPackage('@test/native', 'good', cache);
    expect(dir).toBe(path.join(cache, '@test/native@good'));
    expect(await readFile(path.join(dir, 'lib/x.node'), 'utf8')).toBe('binary');
    expect(requests).toHaveLength(2);
    await fetchPackage('@test/native', 'good', cache);
    expect(requests).toHaveLength(2);
  });

  it('refuses a download that does not match the registry checksum, and caches nothing', async () => {
    await using temp = await tempDir('cache');
    const cache = temp.path;
    await expect(fetchPackage('@test/native', 'tampered', cache)).rejects.toThrow(/does not match the registry's checksum/);
    expect(existsSync(path.join(cache, '@test', 'native@tampered'))).toBe(false);
  });

  it('never writes outside its cache folder, whatever the tarball says', async () => {
    await using temp = await tempDir('cache');
    const root = temp.path;
    const cache = path.join(root, 'a', 'b');
    await fetchPackage('@test/native', 'escaping', cache);
    const written = (await readdir(root, { recursive: true })).map(String);
    expect(written.filter((file) => file.endsWith('escaped.txt'))).toEqual([]);
    expect(written).toContain(path.join('a', 'b', '@test', 'native@escaping', 'package.json'));
  });

  it('turns a download that breaks off, or grows past the size cap, into a clear error', async () => {
    await using temp = await tempDir('cache');
    const cache = temp.path;
    await expect(fetchPackage('@test/native', 'broken', cache)).rejects.toThrow(/broken\.tgz: the download broke off/);
    await expect(fetchPackage('@test/native', 'good', cache, 100)).rejects.toThrow(/more than 100 bytes/);
    expect(existsSync(path.join(cache, '@test', 'native@good'))).toBe(false);
  });

  it('lets two builds fetch the same package at once', async () => {
    await using temp = await tempDir('cache');
    const cache = temp.path;
    const both = await Promise.all([fetchPackage('@test/native', 'good', cache), fetchPackage('@test/native', 'good', cache)]);
    expect(both[0]).toBe(both[1]);
    expect(await readFile(path.join(both[0], 'lib/x.node'), 'utf8')).toBe('binary');
  });

  it('names a version the registry does not have, and an unreachable registry', async () => {
    await using temp = await tempDir('cache');
    const cache = temp.path;
    await expect(fetchPackage('@test/native', '9.9.9', cache)).rejects.toThrow(/@test\/native@9\.9\.9: the registry has no such version/);
    process.env.npm_config_registry = 'http://127.0.0.1:9/';
    try {
      await expect(fetchPackage('@test/native', 'good', cache)).rejects.toBeInstanceOf(PackageFetchError);
    } finally {
      process.env.npm_config_registry = base;
    }
  });
});
