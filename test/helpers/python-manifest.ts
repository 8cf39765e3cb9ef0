/** What tests read back from a project written for the Python runtime: its manifest, and what makes it one. */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { MANIFEST_FILE, parseManifest, type Manifest } from '../../main/manifest.ts';

/** The project's craneml.json, checked by the manifest's own parser. */
export async function manifestAt(dir: string): Promise<Manifest> {
  return parseManifest(JSON.parse(await readFile(path.join(dir, MANIFEST_FILE), 'utf8')));
}

/**
 * Asserts `manifest` is a Python-runtime project's (format and runtime "python") and holds `expected`.
 * @example expectPythonManifest(await manifestAt(out), { name: 'features', input: { kind: 'rows' } })
 */
export function expectPythonManifest(manifest: Manifest, expected: Record<string, unknown>): void {
  expect(manifest).toMatchObject({ format: 'python', runtime: 'python', ...expected });
}
