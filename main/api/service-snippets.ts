/** A running model's call examples, with a tensor model's example instance read from its GET /metadata. */
import { z } from 'zod';
import { exampleInstance } from '../inference/example-instance.ts';
import type { CallSnippets } from '../shared/crane-api.ts';
import { tensorSpecSchema } from '../shared/manifest-schema.ts';
import { usageSnippets, type InputKind } from '../shared/usage-snippets.ts';

const METADATA_TIMEOUT_MS = 2000;
/** The part of GET /metadata an example needs: the model's inputs, as either runtime lists them. */
const SIGNATURE = z.object({ inputs: z.array(tensorSpecSchema) });

/**
 * The calls of a running model: a tensor model's example instance made from the input shapes its GET
 * /metadata gives (the signature the image was built with), so the example sends what the model takes.
 * @example (await snippetsOfService('http://127.0.0.1:8080', 'tensor')).curl // ... -d '{"instances":[[0,0,...30 zeros]]}'
 */
export async function snippetsOfService(url: string, kind: InputKind): Promise<CallSnippets> {
  if (kind !== 'tensor') return usageSnippets(url, kind);
  try {
    const response = await fetch(`${url}/metadata`, { signal: AbortSignal.timeout(METADATA_TIMEOUT_MS) });
    const metadata = SIGNATURE.safeParse(response.ok ? await response.json() : undefined);
    return usageSnippets(url, kind, metadata.success ? exampleInstance(metadata.data.inputs) : undefined);
  } catch {
    // Not answering (yet), or behind an API key: the example reads its instances from a file.
    return usageSnippets(url, kind);
  }
}
