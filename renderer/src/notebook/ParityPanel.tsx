/** The parity proof of a converted notebook model: the original and the ONNX model answered the same rows alike. */
import type { ConversionRecord } from '../../../main/shared/conversion-schema.ts';
import { converterInWords, formatDifference, sampleInWords } from './notebook-format.ts';

export function ParityPanel({ conversion }: { conversion: ConversionRecord }) {
  const { parity } = conversion;
  const title = parity.passed ? 'Answers proved equal' : 'Answers not proved equal';
  return (
    <section className={parity.passed ? 'parity passed' : 'parity failed'} aria-labelledby="parity-title">
      <h3 id="parity-title">
        <span aria-hidden="true">{parity.passed ? '✓ ' : '✗ '}</span>
        {title}
      </h3>
      <p>
        The original model and the converted ONNX model answered the same {parity.rows} rows, {sampleInWords(parity)}.
      </p>
      <dl className="facts">
        <dt>Rows compared</dt>
        <dd>{parity.rows}</dd>
        <dt>Rows from</dt>
        <dd>{parity.sample === 'user' ? 'your sample file' : 'synthesised'}</dd>
        {parity.labels_agree !== undefined && (
          <div className="fact">
            <dt>Labels agree</dt>
            <dd>
              {parity.labels_agree} of {parity.rows} rows
            </dd>
          </div>
        )}
        <dt>Largest absolute difference</dt>
        <dd>
          {formatDifference(parity.max_abs_diff)} <span className="muted">(tolerance {formatDifference(parity.tolerance)})</span>
        </dd>
        <dt>Largest relative difference</dt>
        <dd>{formatDifference(parity.max_rel_diff)}</dd>
        <dt>Input precision</dt>
        <dd>{parity.dtype}</dd>
        <dt>Converter</dt>
        <dd>{converterInWords(conversion.converter)}</dd>
        <dt>Conversion took</dt>
        <dd>{conversion.seconds.toFixed(1)} s</dd>
      </dl>
    </section>
  );
}
