/**
 * What the Python runtime is given for a notebook model no converter took: the packages its file
 * needs, pinned to the versions it was saved with (the converter's version set), and only when the
 * converter described it before failing.
 */
import { describe, expect, it } from 'vitest';
import type { SourceFacts } from '../../../main/notebook/types.ts';
import { defaultPins } from '../../../main/convert/version-set.ts';
import { canFallBack, pinnedRequirements } from '../../../main/convert/pickle-fallback.ts';
import type { ConverterReport } from '../../../main/shared/conversion-schema.ts';

function facts(overrides: Partial<SourceFacts>): SourceFacts {
  return {
    file: '/m/model.pkl',
    kind: 'pickle',
    library: 'scikit-learn',
    versions: {},
    globals: [],
    estimator: 'Pipeline',
    bytes: 10,
    sha256: '0'.repeat(64),
    ...overrides,
  };
}

type Failed = Extract<ConverterReport, { ok: false }>;
const column = { name: 'x', type: 'number' as const, tensor: 'input', index: 0 };

describe('the Python fallback of a notebook model', () => {
  it('pins the versions the file records, with the companions an older scikit-learn needs', async () => {
    const old = await pinnedRequirements(facts({ versions: { 'scikit-learn': '1.3.2' }, globals: ['sklearn.pipeline.Pipeline'] }));
    expect(old).toEqual(['joblib==1.6.0', 'numpy==1.26.4', 'pandas==2.2.3', 'scikit-learn==1.3.2', 'scipy==1.11.4']);
  });

  it("adds the booster's library: XGBoost's CPU wheel, LightGBM, skops for a skops file", async () => {
    const xgb = await pinnedRequirements(facts({ kind: 'xgboost-json', library: 'xgboost', versions: { xgboost: '3.0.1' } }));
    expect(xgb).toContain('xgboost-cpu==3.0.1');
    expect(xgb.some((r) => r.startsWith('scikit-learn=='))).toBe(false);
    const wrapped = await pinnedRequirements(
      facts({ library: 'lightgbm', versions: { lightgbm: '4.6.0' }, globals: ['lightgbm.sklearn.LGBMClassifier'] }),
    );
    const pins = await defaultPins();
    expect(wrapped).toEqual(expect.arrayContaining(['lightgbm==4.6.0', `scikit-learn==${pins['scikit-learn']}`]));
    expect(await pinnedRequirements(facts({ kind: 'skops' }))).toContain(`skops==${pins['skops']}`);
  });

  it('pins CatBoost from its own version set, for a pickle that records no CatBoost version', async () => {
    const pickled = await pinnedRequirements(facts({ library: 'catboost', globals: ['catboost.core.CatBoostClassifier'] }));
    expect(pickled.find((r) => r.startsWith('catboost=='))).toMatch(/^catboost==\d+\.\d+/);
  });

  it('stands in only after describe passed, for a failed convert or parity step', () => {
    const failed = (step: Failed['error']['step'], described: boolean): Failed => ({
      ok: false,
      error: { step, message: 'no' },
      ...(described ? { model: { task: 'classification' as const, classes: ['a', 'b'] }, columns: [column] } : {}),
    });
    expect(canFallBack(failed('convert', true))).toBe(true);
    expect(canFallBack(failed('parity', true))).toBe(true);
    expect(canFallBack(failed('convert', false))).toBe(false);
    expect(canFallBack(failed('sample', true))).toBe(false);
    expect(canFallBack(failed('load', false))).toBe(false);
  });
});
