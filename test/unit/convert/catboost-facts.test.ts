/**
 * What a CatBoost .cbm file says about itself, read on the host without loading it: the CatBoost
 * version it was saved with (which pins the converter image's catboost) and its loss, on real files
 * made by CatBoost 1.2.10 (scripts/fixtures-tabular/catboost_models.py).
 */
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readSourceFacts } from '../../../main/notebook/source-facts.ts';

const DIR = 'test/fixtures/tabular/catboost';

describe('CatBoost files read statically', () => {
  it.each([
    ['cancer_catboost.cbm', 'CatBoost model (Logloss)'],
    ['iris_catboost.cbm', 'CatBoost model (MultiClass)'],
    ['diabetes_catboost.cbm', 'CatBoost model (RMSE)'],
    ['categorical_catboost.cbm', 'CatBoost model (Logloss)'],
  ])('reads the version and loss of %s', async (name, estimator) => {
    const facts = await readSourceFacts(path.join(DIR, name));
    expect(facts).toMatchObject({ kind: 'catboost', library: 'catboost', versions: { catboost: '1.2.10' }, estimator, globals: [] });
  });
});
