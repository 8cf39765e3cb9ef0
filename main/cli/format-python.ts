/** How `inspect` and `init` show a model the Python runtime serves: why, what it loads, its packages, columns and files. */
import type { ModelFileInfo } from '../formats/types.ts';
import { sourceLine } from '../python-project/python-info.ts';
import type { PythonModel } from '../python-project/types.ts';
import type { TableColumn } from '../shared/conversion-schema.ts';

/** Files named one by one; the rest are counted. */
const SHOWN_FILES = 20;

/** Names longer than this are not padded to. */
const MAX_NAME_WIDTH = 24;

/** "  repeat       integer 1..5, default 1  How many times to repeat the text" */
function columnLine(column: TableColumn, width: number): string {
  const bounds = column.minimum !== undefined || column.maximum !== undefined ? ` ${column.minimum ?? ''}..${column.maximum ?? ''}` : '';
  const facts = [
    `${column.file ? 'file' : column.type}${bounds}`,
    ...(column.values ? [`one of ${column.values.join(', ')}`] : []),
    column.default !== undefined ? `default ${JSON.stringify(column.default)}` : 'required',
  ];
  return `  ${column.name.padEnd(width)}  ${facts.join(', ')}${column.description ? `  ${column.description}` : ''}`;
}

/** "served by the Python runtime because: …", as init prints it. */
export function becauseLine(python: PythonModel): string {
  return `served by the Python runtime because: ${python.section.reason}`;
}

/**
 * The lines for a Python-runtime model: the runtime and why, the source, Python and its packages, the
 * columns (or rows as sent), and the files copied into the image and those left out.
 */
export function pythonLines(python: PythonModel, files: ModelFileInfo[]): string[] {
  const { section } = python;
  const packages = [...section.requirements, ...(section.requirements_file ? [`-r ${section.requirements_file}`] : [])];
  const shown = files.slice(0, SHOWN_FILES).map((f) => `  ${f.path}  ${(f.bytes / 1024).toFixed(1)} KiB`);
  return [
    `runtime:  python, because: ${section.reason}`,
    `source:   ${sourceLine(section.source)}`,
    `python:   ${section.version}`,
    `packages: ${packages.length ? packages.join(' ') : 'none beyond the runtime'}`,
    ...(python.task
      ? [`task:     ${python.task === 'regression' ? 'regressor' : `classifier, classes: ${(python.classes ?? []).join(', ')}`}`]
      : []),
    ...(python.columns
      ? [
          `columns (${python.columns.length}):`,
          ...python.columns.map((c, _, all) => columnLine(c, Math.min(MAX_NAME_WIDTH, Math.max(...all.map((a) => a.name.length))))),
        ]
      : python.tensors
        ? ['tensors:  as its inputs and outputs below say']
        : ['columns:  none declared: rows reach predict as sent (JSON keeps its types; CSV cells that read as numbers are numbers)']),
    `copied (${files.length} file(s)):`,
    ...shown,
    ...(files.length > SHOWN_FILES ? [`  … ${files.length - SHOWN_FILES} more`] : []),
    ...(python.skipped.length ? ['left out:', ...python.skipped.map((s) => `  ${s.path}  (${s.why})`)] : []),
  ];
}
