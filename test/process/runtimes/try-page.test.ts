/** The try-it page bundled into every image (esbuild, a child process): its files, gzip copies, CSP and size budget. */
import { readFile, readdir } from 'node:fs/promises';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { PAGE_FILES, prepareTryPage, writeTryPage } from '../../../main/runtimes/try-page.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

/**
 * The page's size budget (docs/DESIGN.md): React 19's react-dom alone is ~205 KB minified, so the
 * script may be 340 KB raw and 105 KB gzipped, the stylesheet 24 KB raw and 6 KB gzipped.
 */
const BUDGET = {
  'page.js': { raw: 340 * 1024, gzip: 105 * 1024 },
  'page.css': { raw: 24 * 1024, gzip: 6 * 1024 },
};

describe('the try-it page inside every image', () => {
  it('writes the page, its script and style, each with a gzip copy of the same bytes', async () => {
    await using cache = await tempDir('page-cache');
    await using out = await tempDir('page-out');
    await writeTryPage(out.path, { cacheDir: cache.path });
    expect((await readdir(out.path)).sort()).toEqual(PAGE_FILES.flatMap((name) => [name, `${name}.gz`]).sort());
    for (const name of PAGE_FILES) {
      const plain = await readFile(path.join(out.path, name));
      expect(gunzipSync(await readFile(path.join(out.path, `${name}.gz`))).equals(plain), name).toBe(true);
    }
    expect(await readFile(path.join(out.path, 'page.js'), 'utf8')).toContain('API key');
  });

  it('loads its script and style by path and holds nothing inline the CSP would refuse', async () => {
    await using cache = await tempDir('page-cache');
    await using out = await tempDir('page-out');
    await writeTryPage(out.path, { cacheDir: cache.path });
    const html = await readFile(path.join(out.path, 'index.html'), 'utf8');
    expect(html).toContain('<script type="module" src="/page/page.js"></script>');
    expect(html).toContain('<link rel="stylesheet" href="/page/page.css">');
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/);
    expect(html).not.toMatch(/<style|\sstyle=|\son\w+=|javascript:/i);
    expect(html).not.toMatch(/(src|href)="(https?:)?\/\//);
  });

  it('stays within its size budget, raw and gzipped', async () => {
    await using cache = await tempDir('page-cache');
    const page = await prepareTryPage({ cacheDir: cache.path });
    for (const [name, budget] of Object.entries(BUDGET)) {
      const raw = (await readFile(path.join(page.dir, name))).length;
      const gzip = (await readFile(path.join(page.dir, `${name}.gz`))).length;
      expect(raw, `${name} raw bytes`).toBeLessThanOrEqual(budget.raw);
      expect(gzip, `${name} gzipped bytes`).toBeLessThanOrEqual(budget.gzip);
    }
  });

  it('is bundled again only when one of its sources changed', async () => {
    await using cache = await tempDir('page-cache');
    const first = await prepareTryPage({ cacheDir: cache.path });
    const again = await prepareTryPage({ cacheDir: cache.path });
    expect(first.reused).toBe(false);
    expect(again).toEqual({ ...first, reused: true });
    // The record names the page's own sources: a change to one makes the cache bundle afresh.
    const record = (await readdir(path.join(cache.path, 'runtime'))).find((f) => f.startsWith('try-page-') && f.endsWith('.json'))!;
    const inputs = (JSON.parse(await readFile(path.join(cache.path, 'runtime', record), 'utf8')) as { inputs: { path: string }[] }).inputs;
    expect(inputs.map((input) => path.relative(process.cwd(), input.path))).toEqual(
      expect.arrayContaining(['renderer/src/try-page/TryPage.tsx', 'renderer/src/try/TryPanel.tsx', 'main/runtimes/try-page.ts']),
    );
  });
});
