/**
 * Where a dependency layer's packages come from is part of its tag: the same pinned requirements under
 * another torch index, or with a folder of wheels, install other builds (X+cpu or X), so they are
 * other images; a find-links folder that is not there is refused naming the variable.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CraneError } from '../../../main/errors.ts';
import { DEFAULT_TORCH_INDEX } from '../../../main/files/pip-host-settings.ts';
import { depsTag, packageSources } from '../../../main/runtimes/python/deps-image.ts';
import { INSTALL_SCRIPT_TEXT } from '../../../main/runtimes/python/install-script.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

const REQUIREMENTS = '# the runtime\nstarlette==1.10.0\n# the model\ntorch==2.13.0\n';
const tag = async (env: NodeJS.ProcessEnv): Promise<string> =>
  depsTag('sha256:base', 'linux/amd64', REQUIREMENTS, INSTALL_SCRIPT_TEXT, await packageSources(env));

describe("a dependency layer's package sources", () => {
  it('defaults to PyTorch CPU index, "none" turning it off', async () => {
    expect(await packageSources({})).toEqual({ torchIndex: DEFAULT_TORCH_INDEX });
    expect(await packageSources({ CRANEML_TORCH_INDEX_URL: 'none' })).toEqual({ torchIndex: 'none' });
    expect(INSTALL_SCRIPT_TEXT).toContain(`torch_index=\${CRANEML_TORCH_INDEX_URL:-${DEFAULT_TORCH_INDEX}}`);
  });

  it('makes another tag under another torch index or wheelhouse, the same tag for the same sources', async () => {
    await using wheels = await tempDir('torch-wheels');
    await writeFile(path.join(wheels.path, 'torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl'), '');
    const tags = [
      await tag({}),
      await tag({ CRANEML_TORCH_INDEX_URL: 'none' }),
      await tag({ CRANEML_TORCH_INDEX_URL: 'https://mirror.example/whl/cpu' }),
      await tag({ CRANEML_PIP_FIND_LINKS: wheels.path }),
    ];
    expect(new Set(tags).size).toBe(4);
    expect(await tag({ CRANEML_PIP_FIND_LINKS: wheels.path })).toBe(tags[3]);
    // A wheel added to the folder can change what is installed.
    await writeFile(path.join(wheels.path, 'numpy-2.4.6-cp311-cp311-manylinux_2_28_x86_64.whl'), '');
    expect(await tag({ CRANEML_PIP_FIND_LINKS: wheels.path })).not.toBe(tags[3]);
  });

  it('refuses a find-links folder that is not there, naming the variable', async () => {
    await using dir = await tempDir('torch-nowheels');
    const missing = path.join(dir.path, 'wheels');
    const error = await packageSources({ CRANEML_PIP_FIND_LINKS: missing }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CraneError);
    expect((error as Error).message).toBe(
      `CRANEML_PIP_FIND_LINKS=${missing}: no such folder (it names a folder of wheels pip installs from)`,
    );
    await mkdir(missing);
    expect(await packageSources({ CRANEML_PIP_FIND_LINKS: missing })).toEqual({
      torchIndex: DEFAULT_TORCH_INDEX,
      findLinks: { dir: missing, wheels: [] },
    });
  });
});
