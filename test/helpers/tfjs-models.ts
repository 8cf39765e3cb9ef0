/** Writes real TF.js model folders (model.json + weight shards) for tests, using TF.js itself. */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { tf, tfjsReady } from '../../main/formats/tfjs-backend.ts';

/** A small dense layers model [batch, 4] -> softmax [batch, 3], saved by TF.js. */
export async function writeLayersModel(dir: string): Promise<string> {
  await tfjsReady();
  const model = tf.sequential({
    layers: [tf.layers.dense({ inputShape: [4], units: 8, activation: 'relu' }), tf.layers.dense({ units: 3, activation: 'softmax' })],
  });
  await mkdir(dir, { recursive: true });
  await model.save(
    tf.io.withSaveHandler(async (artifacts) => {
      const weights = artifacts.weightData as ArrayBuffer;
      await writeFile(path.join(dir, 'group1-shard1of1.bin'), Buffer.from(weights));
      const json = {
        format: 'layers-model',
        generatedBy: artifacts.generatedBy,
        convertedBy: null,
        modelTopology: artifacts.modelTopology,
        weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: artifacts.weightSpecs }],
      };
      await writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  model.dispose();
  return path.join(dir, 'model.json');
}

/** A graph model computing y = x · W for x [batch, 3] and a constant W [3, 2], in the converter's format. */
export async function writeGraphModel(dir: string, weights = [1, 0, 0, 1, 1, 1]): Promise<string> {
  await mkdir(dir, { recursive: true });
  await writeFile(path.join(dir, 'weights.bin'), Buffer.from(new Float32Array(weights).buffer));
  const json = {
    format: 'graph-model',
    generatedBy: '2.15.0',
    convertedBy: 'TensorFlow.js Converter v4.22.0',
    modelTopology: {
      node: [
        { name: 'x', op: 'Placeholder', attr: { dtype: { type: 'DT_FLOAT' }, shape: { shape: { dim: [{ size: '-1' }, { size: '3' }] } } } },
        {
          name: 'w',
          op: 'Const',
          attr: {
            dtype: { type: 'DT_FLOAT' },
            value: { tensor: { dtype: 'DT_FLOAT', tensorShape: { dim: [{ size: '3' }, { size: '2' }] } } },
          },
        },
        {
          name: 'y',
          op: 'MatMul',
          input: ['x', 'w'],
          attr: { T: { type: 'DT_FLOAT' }, transpose_a: { b: false }, transpose_b: { b: false } },
        },
      ],
      library: {},
      versions: { producer: 1 },
    },
    weightsManifest: [{ paths: ['weights.bin'], weights: [{ name: 'w', shape: [3, 2], dtype: 'float32' }] }],
  };
  await writeFile(path.join(dir, 'model.json'), JSON.stringify(json));
  return path.join(dir, 'model.json');
}
