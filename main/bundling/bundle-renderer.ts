/** Bundles the React renderer (renderer/src, the try-it page, or a test harness) into one script and one stylesheet, in memory: for the web mode and the images' page. */
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';

const ENTRY = fileURLToPath(new URL('../../renderer/src/main.tsx', import.meta.url));

export interface RendererBundle {
  js: string;
  css: string;
  /** The files that went in, as esbuild names them (relative to the working folder; node_modules too). */
  inputs: string[];
}

export async function bundleRenderer(entry = ENTRY): Promise<RendererBundle> {
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    write: false,
    outdir: 'out',
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    jsx: 'automatic',
    minify: true,
    legalComments: 'none',
    logLevel: 'silent',
    metafile: true,
    define: { 'process.env.NODE_ENV': '"production"' },
  });
  const text = (ext: string): string => result.outputFiles.find((f) => f.path.endsWith(ext))?.text ?? '';
  return { js: text('.js'), css: text('.css'), inputs: Object.keys(result.metafile.inputs) };
}
