/** The tiers of docs/DESIGN.md ("Layers") as dependency-cruiser checks them: every rule refuses a planted import. */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { cruise, type ICruiseOptions, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/temp-dir.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CONFIG = path.join(ROOT, '.dependency-cruiser.mjs');
const BASELINE = path.join(ROOT, '.dependency-cruiser-known-violations.json');
/** The folders `npm run lint` cruises (package.json's lint script; checked below). */
const CRUISED = ['main', 'renderer/src', 'templates/runtime-node/src'];

/** A small tree mirroring the layout, with only imports the tiers allow. */
const ALLOWED: Record<string, string> = {
  'main/errors.ts': 'export class CraneError extends Error {}\n',
  'main/shared/contract.ts': "import { CraneError } from '../errors.ts';\nexport const contract = CraneError;\n",
  'main/formats/index.ts': "import { contract } from '../shared/contract.ts';\nexport const formats = [contract];\n",
  'main/docker/client.ts':
    "import { readFile } from 'node:fs/promises';\nimport { formats } from '../formats/index.ts';\nexport const docker = { readFile, formats };\n",
  'main/api/crane-core.ts': "export const core = () => import('../docker/client.ts');\n",
  'main/cli/index.ts': "import { core } from '../api/crane-core.ts';\nexport const cli = core;\n",
  'main/web/web-server.ts': "import { formats } from '../formats/index.ts';\nexport const web = formats;\n",
  'main/electron/main.ts': "import { web } from '../web/web-server.ts';\nexport const app = web;\n",
  'renderer/src/main.tsx':
    "import { contract } from '../../main/shared/contract.ts';\nexport const Main = () => <p>{String(contract)}</p>;\n",
  'templates/runtime-node/src/app.ts':
    "import { formats } from '../../../main/formats/index.ts';\nimport { contract } from '../../../main/shared/contract.ts';\nexport const app = [formats, contract];\n",
};

interface Plant {
  rule: string;
  file: string;
  source: string;
}

/** One import per rule, each breaking that rule only; dynamic and type-only imports among them. */
const PLANTS: Plant[] = [
  {
    rule: 'engine-imports-only-engine',
    file: 'main/formats/planted.ts',
    source: "import type { cli } from '../cli/index.ts';\nexport type Cli = typeof cli;\n",
  },
  {
    rule: 'infrastructure-not-above',
    file: 'main/docker/planted.ts',
    source: "export const core = () => import('../api/crane-core.ts');\n",
  },
  { rule: 'core-not-adapters', file: 'main/api/planted.ts', source: "export { web } from '../web/web-server.ts';\n" },
  { rule: 'adapters-through-core', file: 'main/cli/planted.ts', source: "export { docker } from '../docker/client.ts';\n" },
  {
    rule: 'runtime-imports-only-engine',
    file: 'templates/runtime-node/src/planted.ts',
    source: "export { core } from '../../../main/api/crane-core.ts';\n",
  },
  { rule: 'renderer-no-node', file: 'renderer/src/planted-fs.ts', source: "export { readFile } from 'fs/promises';\n" },
  {
    rule: 'renderer-only-contract',
    file: 'renderer/src/planted-docker.ts',
    source: "export const client = () => import('../../main/docker/client.ts');\n",
  },
  { rule: 'shared-is-neutral', file: 'main/shared/planted.ts', source: "export const read = () => import('node:fs');\n" },
  {
    rule: 'no-runtime-sources',
    file: 'main/electron/planted.ts',
    source: "export { app } from '../../templates/runtime-node/src/app.ts';\n",
  },
  { rule: 'tier-named', file: 'main/newfolder/planted.ts', source: "export { CraneError } from '../errors.ts';\n" },
  { rule: 'resolvable', file: 'main/inference/planted.ts', source: "export const client = () => import('../docker/cleint.ts');\n" },
];

async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, text] of Object.entries(files)) {
    await mkdir(path.join(dir, path.dirname(name)), { recursive: true });
    await writeFile(path.join(dir, name), text);
  }
}

/** Cruises `roots` under `baseDir` with the repository's config, as `npm run lint` does. */
async function check(baseDir: string, roots: string[], extra: Partial<ICruiseOptions> = {}): Promise<ICruiseResult> {
  const options = await extractDepcruiseOptions(CONFIG);
  const tsConfig = extractTSConfig(path.join(ROOT, 'tsconfig.json'));
  const { output } = await cruise(roots, { ...options, ...extra, baseDir }, {}, { tsConfig });
  return output as ICruiseResult;
}

const brief = (violations: IViolation[]) => violations.map((v) => ({ rule: v.rule.name, from: v.from }));

describe('the tiers (dependency-cruiser)', () => {
  it('plants one import per rule and sees each refused by its rule, dynamic and type-only imports too', async () => {
    await using dir = await tempDir('layering');
    await writeTree(dir.path, ALLOWED);
    const clean = await check(dir.path, ['main', 'renderer', 'templates']);
    expect(clean.summary.totalCruised).toBeGreaterThanOrEqual(Object.keys(ALLOWED).length);
    expect(brief(clean.summary.violations)).toEqual([]);

    await writeTree(dir.path, Object.fromEntries(PLANTS.map((plant) => [plant.file, plant.source])));
    const planted = await check(dir.path, ['main', 'renderer', 'templates']);
    const byFile = (a: { from: string }, b: { from: string }) => a.from.localeCompare(b.from);
    expect(brief(planted.summary.violations).sort(byFile)).toEqual(
      PLANTS.map((plant) => ({ rule: plant.rule, from: plant.file })).sort(byFile),
    );
  });

  it('names a planted rule for every rule of the config', async () => {
    const options = await extractDepcruiseOptions(CONFIG);
    const names = (options.ruleSet?.forbidden ?? []).map((rule) => rule.name);
    expect(names.sort()).toEqual(PLANTS.map((plant) => plant.rule).sort());
  });

  it('passes the real tree with only the known violations of the baseline', async () => {
    const knownViolations = JSON.parse(await readFile(BASELINE, 'utf8')) as IViolation[];
    const result = await check(ROOT, CRUISED, { knownViolations });
    const errors = result.summary.violations.filter((violation) => violation.rule.severity === 'error');
    expect(brief(errors)).toEqual([]);
    expect(result.summary.totalCruised).toBeGreaterThan(400);
  });

  it('is the check npm run lint runs, over the same folders', async () => {
    const scripts = (JSON.parse(await readFile(path.join(ROOT, 'package.json'), 'utf8')) as { scripts: { lint: string } }).scripts;
    expect(scripts.lint).toContain(`depcruise ${CRUISED.join(' ')} --config .dependency-cruiser.mjs --ignore-known`);
  });
});
