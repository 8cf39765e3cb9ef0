/**
 * `inspect` on a Keras file with a layer TF.js lacks: exit 2 with the one line naming the layer on
 * stderr (as init, predict and serve), and on stdout what the file says: format, inputs, output
 * names, the layer list with the unsupported layer marked.
 */
import { describe, expect, it } from 'vitest';
import { readKerasZip } from '../../main/formats/keras/read-file.ts';
import { normaliseKerasConfig, savedInputNames } from '../../main/formats/keras/normalise.ts';
import { describeTopology } from '../../main/formats/keras/partial.ts';
import { runCli } from '../helpers/cli.ts';

const DIR = 'test/fixtures/keras';
const ONE_LINE =
  /^craneml: \S+custom_layer\.(h5|keras): layer "scale" \(Scale\) is a custom layer or one TF\.js does not support; export the model to ONNX \(tf2onnx\) or rebuild it from built-in layers$/;

describe('inspect with an unsupported Keras layer', () => {
  it.each(['custom_layer.h5', 'custom_layer.keras'])(
    '%s: shows format, input, output name and layers, then one line and exit 2',
    async (file) => {
      const result = await runCli(['inspect', `${DIR}/${file}`]);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr.trim()).toMatch(ONE_LINE);
      expect(result.stdout).toMatch(/^format: {3}keras$/m);
      expect(result.stdout).toMatch(/^keras_version: 3\.\d+/m);
      expect(result.stdout).toMatch(/^inputs:\n {2}\S+ {2}float32 {2}\[-1, 3\]$/m);
      expect(result.stdout).toMatch(/^outputs:\n {2}dense_4 {2}\(shape unknown: the model cannot be built\)$/m);
      expect(result.stdout).toMatch(/^layer list:\n {2}scale {2}Scale {2}<- not supported\n {2}dense_4 {2}Dense$/m);
    },
  );

  it('--json: the same as JSON with servable false and the error, still exit 2', async () => {
    const result = await runCli(['inspect', `${DIR}/custom_layer.h5`, '--json']);
    expect(result.code).toBe(2);
    expect(result.stderr.trim()).toMatch(ONE_LINE);
    const info = JSON.parse(result.stdout);
    expect(info).toMatchObject({
      format: 'keras',
      servable: false,
      inputs: [{ dtype: 'float32', shape: [-1, 3] }],
      outputs: [{ name: 'dense_4' }],
      layers: [
        { name: 'scale', class_name: 'Scale', supported: false },
        { name: 'dense_4', class_name: 'Dense', supported: true },
      ],
      metadata: { model_kind: 'Sequential', layers: 2 },
    });
    expect(info.error).toMatch(/layer "scale" \(Scale\) is a custom layer/);
  });

  it('a functional model: inputs from its input layers, outputs from its output layers', async () => {
    const read = await readKerasZip(`${DIR}/two_branch.keras`);
    const topology = normaliseKerasConfig(read.modelConfig, read.kerasVersion);
    const described = describeTopology(topology, savedInputNames(read.modelConfig), (name) => name !== 'Concatenate');
    expect(described.inputs).toEqual([{ name: 'features', dtype: 'float32', shape: [-1, 5] }]);
    expect(described.outputs).toEqual([{ name: 'scores' }]);
    expect(described.layers.filter((l) => !l.supported)).toEqual([{ name: 'merge', class_name: 'Concatenate', supported: false }]);
    expect(described.layers.map((l) => l.name)).toEqual(['features', 'left', 'right', 'merge', 'scores']);
  });
});
