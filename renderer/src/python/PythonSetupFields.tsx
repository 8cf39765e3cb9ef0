/** The Input-and-output step's parts for a model the Python runtime serves: rows as sent, answers as returned, no preview here. */

/** A predict.py project that declares no columns: nothing to encode, rows reach the code as sent. */
export function RowsInput() {
  return (
    <fieldset>
      <legend>Input: rows as sent</legend>
      <p className="hint">
        The project declares no columns: each row (a JSON object or array, or a CSV line with a header row) reaches{' '}
        <span className="mono">predict</span> as the client sent it. To type the columns, declare them in the project&apos;s craneml.json.
      </p>
    </fieldset>
  );
}

/** predict answers each row itself: no labels, softmax or top-k to set. */
export function CodeOutput() {
  return (
    <fieldset>
      <legend>Output</legend>
      <p>Each row is answered with what predict returns for it (a dict, a number, a string or a list); there is nothing to set.</p>
    </fieldset>
  );
}

/** Python code never runs on this machine, so the preview waits for the container. */
export function PreviewInContainer() {
  return (
    <section className="preview-panel" aria-labelledby="preview-title">
      <h3 id="preview-title">Try it</h3>
      <p className="muted">
        The Python runtime runs the model only inside its container, never on this machine: build the image and run it, then try rows in the
        Test step.
      </p>
    </section>
  );
}
