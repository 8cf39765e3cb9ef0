/** How many batches a CraneML model server ran so far, read from its Prometheus /metrics. */

export interface ServerBatches {
  count: number;
  samples: number;
  /** Seconds spent in the model. */
  seconds: number;
}

export async function serverBatches(port: number): Promise<ServerBatches> {
  const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
  const value = (name: string): number => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? ([\\d.e+-]+)$`, 'm').exec(text)?.[1] ?? NaN);
  return {
    count: value('craneml_batch_size_count'),
    samples: value('craneml_batch_size_sum'),
    seconds: value('craneml_inference_duration_seconds_sum'),
  };
}

/** The mean batch size and the ms in the model per batch between two readings. */
export function batchesBetween(before: ServerBatches, after: ServerBatches): { meanBatch: number; msPerBatch: number } {
  const count = after.count - before.count;
  return { meanBatch: (after.samples - before.samples) / count, msPerBatch: (1000 * (after.seconds - before.seconds)) / count };
}
