/** The Inspect step's body for a model the Python runtime serves: why Python, what it runs, its packages, columns and files. */
import type { StagedPython } from '../../../main/shared/crane-api.ts';
import { ColumnsTable } from '../notebook/ColumnsTable.tsx';
import { answersOf, failedStepOf, requirementLines, sourceInWords, sourceKindInWords, takesTensors } from './python-format.ts';

export function PythonInspect({ python }: { python: StagedPython }) {
  const { section, columns, skipped } = python;
  const failedStep = failedStepOf(python);
  const requirements = requirementLines(python);
  return (
    <>
      <section className="runtime-panel" aria-labelledby="runtime-title">
        <h3 id="runtime-title">Served by the Python runtime</h3>
        <p>
          {sourceKindInWords(section.source)}. Its code runs only inside the image&apos;s container, never on this machine; clients call it
          with the same HTTP API as any other model.
        </p>
        <dl className="facts">
          <dt>Why</dt>
          <dd>{section.reason}</dd>
          {failedStep && (
            <div className="fact">
              <dt>Conversion failed at</dt>
              <dd>the {failedStep} step</dd>
            </div>
          )}
          <dt>Source</dt>
          <dd className="mono">{sourceInWords(section.source)}</dd>
          {section.source.kind === 'pickle' && (
            <div className="fact">
              <dt>Estimator</dt>
              <dd className="mono">{section.source.estimator}</dd>
            </div>
          )}
          <dt>Python</dt>
          <dd>{section.version}</dd>
          <dt>Answers</dt>
          <dd>{answersOf(python)}</dd>
        </dl>
      </section>
      <h3 id="requirements-title">Packages installed in the image</h3>
      {requirements.length > 0 ? (
        <ul className="plain mono" aria-labelledby="requirements-title">
          {requirements.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      ) : (
        <p>None beyond the runtime&apos;s own: the project names no requirements.</p>
      )}
      {columns ? (
        <ColumnsTable columns={columns} />
      ) : takesTensors(section.source) ? (
        <p>
          Takes tensors: each row is one value per input, of the shape in the inputs table; rows sent together are batched into one call of
          the model on the CPU.
        </p>
      ) : (
        <p>
          No declared columns: each row reaches <span className="mono">predict</span> as the client sent it (JSON keeps its types; CSV cells
          that read as numbers become numbers).
        </p>
      )}
      {skipped.length > 0 && (
        <>
          <h3 id="skipped-title">Left out of the project</h3>
          <ul className="plain" aria-labelledby="skipped-title">
            {skipped.map((file) => (
              <li key={file.path}>
                <span className="mono">{file.path}</span> <span className="muted">({file.why})</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </>
  );
}
