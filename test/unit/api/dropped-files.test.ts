/** Which dropped file is the model: its companions travel with it, two models are refused by name. */
import { describe, expect, it } from 'vitest';
import { droppedModel } from '../../../main/api/dropped-files.ts';

describe('files dropped together', () => {
  it('takes an .onnx with its external data, and model.json with its shards', () => {
    expect(droppedModel(['model.onnx.data', 'model.onnx'])).toEqual({ entry: 'model.onnx' });
    expect(droppedModel(['group1-shard1of2.bin', 'model.json', 'group1-shard2of2.bin'])).toEqual({ entry: 'model.json' });
  });

  it('takes a labels.txt beside any model, a LightGBM .txt included', () => {
    expect(droppedModel(['net.h5', 'labels.txt'])).toEqual({ entry: 'net.h5', labelsFile: 'labels.txt' });
    expect(droppedModel(['Labels.txt', 'booster.txt'])).toEqual({ entry: 'booster.txt', labelsFile: 'Labels.txt' });
  });

  it('refuses two or three models, naming each', () => {
    expect(() => droppedModel(['a.onnx', 'b.onnx'])).toThrow('2 models dropped together: a.onnx and b.onnx; drop one model at a time');
    expect(() => droppedModel(['a.onnx', 'b.keras', 'c.pkl', 'labels.txt'])).toThrow(
      '3 models dropped together: a.onnx, b.keras and c.pkl;',
    );
  });

  it('leaves one file, and a Python project, as they were', () => {
    expect(droppedModel(['labels.txt'])).toEqual({ entry: 'labels.txt' });
    expect(droppedModel(['echo/predict.py', 'echo/weights.bin'])).toEqual({ entry: 'echo' });
    expect(droppedModel(['cog.yaml', 'predict.py'])).toEqual({ entry: '' });
  });
});
