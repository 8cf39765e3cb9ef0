/** The converter's version set: the committed pins, the file's versions in their place, and the companions an older library needs. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultPins, olderThan, requirementsFileFor, requirementsText, versionSetFor } from '../../../main/convert/version-set.ts';
import { tempDir } from '../../helpers/temp-dir.ts';

describe('converter version set', () => {
  it('is the committed requirements file when the file records no version', async () => {
    const pins = await defaultPins();
    expect(pins['scikit-learn']).toBe('1.9.1');
    expect(pins['xgboost-cpu']).toBe('3.2.0');
    const set = versionSetFor(pins, {});
    expect(set.fromFile).toEqual({});
    expect(requirementsText(set)).toContain('scikit-learn==1.9.1\nscipy==1.17.1\n');
  });

  it('puts the file’s versions in place of the pins, and numpy 1 companions for an older scikit-learn', async () => {
    const set = versionSetFor(await defaultPins(), { 'scikit-learn': '1.3.2', python: '3.10', 'not-a-package': '1.0' });
    expect(set.fromFile).toEqual({ 'scikit-learn': '1.3.2' });
    expect(set.pins).toMatchObject({ 'scikit-learn': '1.3.2', numpy: '1.26.4', scipy: '1.11.4', pandas: '2.2.3', skl2onnx: '1.20.0' });
    expect(versionSetFor(await defaultPins(), { 'scikit-learn': '1.5.0' }).pins.numpy).toBe('2.4.6');
  });

  it('takes xgboost-cpu from 2.1 on, the full xgboost before it', async () => {
    const pins = await defaultPins();
    expect(versionSetFor(pins, { xgboost: '2.1.4' }).pins).toMatchObject({ 'xgboost-cpu': '2.1.4' });
    const old = versionSetFor(pins, { xgboost: '1.7.6' }).pins;
    expect(old).toMatchObject({ xgboost: '1.7.6', numpy: '1.26.4' });
    expect(old).not.toHaveProperty('xgboost-cpu');
  });

  it('gives one text, so one image, for the same pins whatever the file recorded; a changed pin comes first', async () => {
    const pins = await defaultPins();
    const plain = requirementsText(versionSetFor(pins, {}));
    expect(requirementsText(versionSetFor(pins, { 'scikit-learn': '1.9.1' }))).toBe(plain);
    expect(requirementsText(versionSetFor(pins, { xgboost: '3.2.0' }))).toBe(plain);
    expect(requirementsText(versionSetFor(pins, { 'scikit-learn': '99.0' })).split('\n')[0]).toBe('scikit-learn==99.0');
  });

  it('gives files that need CatBoost their own set: the default pins plus catboost, which the default set leaves out', async () => {
    const catboost = await defaultPins(requirementsFileFor({ library: 'catboost', globals: [] }));
    const plain = await defaultPins(requirementsFileFor({ library: 'scikit-learn', globals: ['sklearn.pipeline.Pipeline'] }));
    expect(requirementsFileFor()).toBe(requirementsFileFor({ library: 'xgboost', globals: [] }));
    // A scikit-learn pipeline ending in a CatBoost model needs catboost to load.
    expect(requirementsFileFor({ library: 'scikit-learn', globals: ['catboost.core.CatBoostClassifier'] })).toBe(
      requirementsFileFor({ library: 'catboost', globals: [] }),
    );
    expect(path.basename(requirementsFileFor({ library: 'catboost', globals: [] }))).toBe('requirements-catboost.txt');
    expect(plain).not.toHaveProperty('catboost');
    expect(catboost).toEqual({ ...plain, catboost: '1.2.10', six: '1.17.0' });
    // Without the plotting packages CatBoost declares: its other pins are the default set's, so the images share that layer.
    const set = versionSetFor(catboost, {});
    expect(requirementsText(set)).toBe(requirementsText(versionSetFor(plain, {})));
    expect(requirementsText(set, 'no-deps')).toBe('catboost==1.2.10\nsix==1.17.0\n');
    expect(requirementsText(versionSetFor(plain, {}), 'no-deps')).toBe('');
    expect(versionSetFor(catboost, { catboost: '1.2.9' }).pins).toMatchObject({ catboost: '1.2.9', numpy: '2.4.6' });
    // CatBoost before 1.2.8 requires numpy below 2.
    expect(versionSetFor(catboost, { catboost: '1.2.7' }).pins).toMatchObject({ catboost: '1.2.7', numpy: '1.26.4', pandas: '2.2.3' });
  });

  it('reads a `-r` include first, lets later lines replace its pins, and refuses a loop', async () => {
    await using dir = await tempDir('version-set');
    await writeFile(path.join(dir.path, 'base.txt'), 'numpy==2.0.0\nscipy==1.0.0\n');
    await writeFile(path.join(dir.path, 'extra.txt'), '# on top\n-r base.txt\nscipy==1.1.0\nextra==3\n');
    expect(await defaultPins(path.join(dir.path, 'extra.txt'))).toEqual({ numpy: '2.0.0', scipy: '1.1.0', extra: '3' });
    await writeFile(path.join(dir.path, 'base.txt'), '-r extra.txt\n');
    await expect(defaultPins(path.join(dir.path, 'extra.txt'))).rejects.toThrow(/include each other/);
  });

  it('refuses a version string pip would read as something else', async () => {
    expect(() => versionSetFor({}, { 'scikit-learn': '1.0 --index-url http://x' })).toThrow(/not a version pip can install/);
    expect(() => versionSetFor({}, { lightgbm: '>=3' })).toThrow(/not a version pip can install/);
  });

  it('compares release numbers', () => {
    expect(olderThan('1.3.2', '1.4.2')).toBe(true);
    expect(olderThan('1.4.2', '1.4.2')).toBe(false);
    expect(olderThan('1.10.0', '1.4.2')).toBe(false);
    expect(olderThan('2.0.3', '2.1')).toBe(true);
  });
});
