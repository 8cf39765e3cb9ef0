/**
 * Step 2: what the model is: format, files, size, metadata, and its inputs and outputs (for a notebook
 * model, first its columns and parity; for one the Python runtime serves, why, its packages and columns).
 */
import type { StagedModel } from '../../../main/shared/crane-api.ts';
import { NotebookInspect } from '../notebook/NotebookInspect.tsx';
import { PythonInspect } from '../python/PythonInspect.tsx';
import { DataTable } from '../ui/DataTable.tsx';
import { formatBytes, formatShape } from '../ui/format.ts';
import { NotServedNotice } from './NotServedNotice.tsx';
import { StepSection } from './StepSection.tsx';

const COLUMNS = ['Kind', 'Name', 'Type', 'Shape'];

export function InspectStep({ staged }: { staged?: StagedModel }) {
  if (!staged) {
    return (
      <StepSection title="Inspect">
        <p>No model is staged: go back and drop one.</p>
      </StepSection>
    );
  }
  const { notebook, python } = staged;
  // A Python-runtime model's metadata and tensors restate its panel (why, source, packages; one input per column).
  const metadata = python ? [] : Object.entries(staged.metadata);
  // A PyTorch file's tensors are its interface (no columns): shown as for ONNX.
  const tensors = !python || python.section.source.kind === 'torchscript' || python.section.source.kind === 'torch_export';
  const rows = [...staged.inputs.map((spec) => ({ kind: 'input', spec })), ...staged.outputs.map((spec) => ({ kind: 'output', spec }))];
  return (
    <StepSection title="Inspect">
      {notebook && <NotebookInspect notebook={notebook} />}
      {notebook && <h3>The converted ONNX model</h3>}
      {python && <PythonInspect python={python} />}
      {python && <h3>The project&apos;s files</h3>}
      <NotServedNotice staged={staged} />
      <dl className="facts">
        <dt>Format</dt>
        <dd>{staged.format}</dd>
        <dt>Files</dt>
        <dd>
          <ul className="plain">
            {staged.files.map((file) => (
              <li key={file.path}>
                {file.path} <span className="muted">({formatBytes(file.bytes)})</span>
              </li>
            ))}
          </ul>
        </dd>
        <dt>Total size</dt>
        <dd>{formatBytes(staged.sizeBytes)}</dd>
      </dl>
      {metadata.length > 0 && (
        <>
          <h3>Metadata</h3>
          <dl className="facts">
            {metadata.map(([key, value]) => (
              <div key={key} className="fact">
                <dt>{key}</dt>
                <dd>{String(value)}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
      {tensors && (
        <DataTable
          caption="Inputs and outputs"
          columns={COLUMNS}
          rows={rows}
          rowKey={({ kind, spec }) => `${kind}-${spec.name}`}
          renderRow={({ kind, spec }) => (
            <tr>
              <td>{kind}</td>
              <td>{spec.name}</td>
              <td>{spec.dtype}</td>
              <td className="mono">{formatShape(spec)}</td>
            </tr>
          )}
        />
      )}
    </StepSection>
  );
}
