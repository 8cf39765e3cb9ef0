/** How `inspect` and `init` show a notebook model: what the file is, its columns, classes, converter and parity. */
import { parityLine } from '../shared/parity-line.ts';
import type { NotebookModel } from '../formats/types.ts';
import type { TableColumn } from '../shared/conversion-schema.ts';

/** Categories shown of a string column; the rest are counted. */
const SHOWN_VALUES = 8;

/** Names longer than this are not padded to, so one long name does not push every type off the line. */
const MAX_NAME_WIDTH = 32;

function columnLine(column: TableColumn, width: number): string {
  const values = column.values ?? [];
  const shown = values.slice(0, SHOWN_VALUES).join(', ');
  const more = values.length > SHOWN_VALUES ? `, … ${values.length - SHOWN_VALUES} more` : '';
  return `  ${column.name.padEnd(width)}  ${column.type.padEnd(7)}${values.length ? `  [${shown}${more}]` : ''}`.trimEnd();
}

/** "classifier, 2 classes: malignant, benign" or "regressor". */
export function taskLine(notebook: NotebookModel): string {
  if (notebook.task === 'regression') return 'regressor';
  const classes = notebook.classes ?? [];
  const shown = classes.slice(0, SHOWN_VALUES).join(', ');
  return `classifier, ${classes.length} classes: ${shown}${classes.length > SHOWN_VALUES ? ', …' : ''}`;
}

/** The lines `inspect` prints for a notebook model, before the converted ONNX model's inputs and outputs. */
export function notebookLines(notebook: NotebookModel): string[] {
  const { source, converter, parity } = notebook.conversion;
  const opsets = Object.entries(converter.opset)
    .map(([domain, version]) => `${domain || 'ai.onnx'} ${version}`)
    .join(', ');
  return [
    `source:    ${source.file} (${source.kind}, ${(source.bytes / 1024).toFixed(1)} KiB, sha256 ${source.sha256.slice(0, 12)}…)`,
    `library:   ${source.library}${source.library_version ? ` ${source.library_version}` : ' (version not recorded in the file)'}`,
    `estimator: ${source.estimator}`,
    `task:      ${taskLine(notebook)}`,
    `columns (${notebook.columns.length}):`,
    ...notebook.columns.map((column) =>
      columnLine(column, Math.min(MAX_NAME_WIDTH, Math.max(...notebook.columns.map((c) => c.name.length)))),
    ),
    `converter: ${converter.name} ${converter.version}${opsets ? ` (opset ${opsets})` : ''}, ${notebook.conversion.seconds.toFixed(1)} s`,
    `parity:    ${parity.passed ? 'passed' : 'FAILED'}: ${parityLine(parity)}`,
  ];
}
