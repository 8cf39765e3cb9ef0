/** The tabular workloads of the peer bench: two pickled pipelines, one row or 100 rows a request, JSON or CSV. */

export const TABULAR_MODELS = ['cancer', 'boosted'] as const;
export type TabularModel = (typeof TABULAR_MODELS)[number];

export const TABULAR_MODEL_LABEL: Record<TabularModel, string> = {
  cancer: 'scaler + logistic regression',
  boosted: 'one-hot + gradient boosting',
};

/** What each model is, for the report. */
export const TABULAR_MODEL_NOTE: Record<TabularModel, string> = {
  cancer: 'StandardScaler + LogisticRegression on the breast-cancer data (30 named number columns)',
  boosted:
    'the breast-cancer data with two columns cut into words (size: 3 values, texture: 4), ColumnTransformer(OneHotEncoder on the two string columns, the 28 number columns passed through) + GradientBoostingClassifier(100 trees, depth 3)',
};

export const TABULAR_ROWS = [1, 100] as const;
export type TabularRows = (typeof TABULAR_ROWS)[number];
export type TabularFormat = 'json' | 'csv';

export type TabularWorkload = `${TabularModel}-${TabularRows}-${TabularFormat}`;

export const TABULAR_WORKLOADS: TabularWorkload[] = TABULAR_MODELS.flatMap((model) =>
  TABULAR_ROWS.flatMap((rows) => (['json', 'csv'] as const).map((format): TabularWorkload => `${model}-${rows}-${format}`)),
);

export interface TabularParts {
  model: TabularModel;
  rows: TabularRows;
  format: TabularFormat;
}

export function isTabular(workload: string): workload is TabularWorkload {
  return (TABULAR_WORKLOADS as string[]).includes(workload);
}

/** "boosted-100-csv" → its model, rows a request and format. */
export function tabularParts(workload: TabularWorkload): TabularParts {
  const [model, rows, format] = workload.split('-') as [TabularModel, string, TabularFormat];
  return { model, rows: Number(rows) as TabularRows, format };
}

export function tabularLabel(workload: TabularWorkload): string {
  const { model, rows, format } = tabularParts(workload);
  return `${TABULAR_MODEL_LABEL[model]}, ${rows} row${rows > 1 ? 's' : ''}, ${format.toUpperCase()}`;
}
