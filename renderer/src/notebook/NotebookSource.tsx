/** What a notebook model's file is: kind, library and the version it was saved with, the estimator, and what it answers. */
import type { NotebookModel, SourceKind } from '../../../main/shared/conversion-schema.ts';
import { formatBytes } from '../ui/format.ts';
import { libraryWithVersion } from './notebook-format.ts';

const KIND_WORDS: Record<SourceKind, string> = {
  pickle: 'Python pickle',
  joblib: 'joblib file',
  skops: 'skops file',
  'xgboost-json': 'XGBoost JSON model',
  'xgboost-ubj': 'XGBoost UBJSON model',
  'lightgbm-text': 'LightGBM text model',
  catboost: 'CatBoost model',
};

/** "Classifier: 2 classes (0, 1)" or "Regressor: answers a number per row". */
export function answersInWords(notebook: Pick<NotebookModel, 'task' | 'classes'>): string {
  if (notebook.task === 'regression') return 'Regressor: answers a number per row';
  const classes = notebook.classes ?? [];
  const shown = classes.length <= 10 ? classes.join(', ') : `${classes.slice(0, 10).join(', ')}, …`;
  return `Classifier: ${classes.length} classes (${shown})`;
}

export function NotebookSource({ notebook }: { notebook: NotebookModel }) {
  const { source } = notebook.conversion;
  return (
    <dl className="facts">
      <dt>File</dt>
      <dd>
        {source.file}{' '}
        <span className="muted">
          ({KIND_WORDS[source.kind]}, {formatBytes(source.bytes)})
        </span>
      </dd>
      <dt>Library</dt>
      <dd>{libraryWithVersion(source)}</dd>
      <dt>Estimator</dt>
      <dd className="mono">{source.estimator}</dd>
      <dt>Answers</dt>
      <dd>{answersInWords(notebook)}</dd>
    </dl>
  );
}
