/**
 * A client that keeps predicting against a deployment's replica URLs while it changes, the way a load
 * balancer in front of host-published replicas would: round robin, and a request a replica refuses
 * (it is stopping) goes to the next replica. A request is lost only when no replica answered it.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { DIGITS } from '../runtime/helpers.ts';

export interface LoopFigures {
  requests: number;
  /** Requests no replica answered with a correct 200. */
  lost: number;
  /** Requests that one replica refused and another answered. */
  failovers: number;
  /** Model versions seen in answers, in order of first sight. */
  versions: string[];
  errors: string[];
}

/**
 * Starts the loop; `stop()` ends it and returns its figures.
 * @example const loop = await predictLoop(() => urls); ...; const { lost } = await loop.stop();
 */
export async function predictLoop(urls: () => string[], everyMs = 20): Promise<{ stop: () => Promise<LoopFigures> }> {
  const png = await readFile(path.join(DIGITS, 'samples', '7.png'));
  const figures: LoopFigures = { requests: 0, lost: 0, failovers: 0, versions: [], errors: [] };
  let running = true;
  let next = 0;
  const once = async (url: string): Promise<string> => {
    const response = await fetch(`${url}/predict`, {
      method: 'POST',
      headers: { 'content-type': 'image/png' },
      body: png,
      signal: AbortSignal.timeout(10_000),
    });
    const body = (await response.json()) as { predictions?: { label: string }[]; model?: { version?: string } };
    if (response.status !== 200 || body.predictions?.[0]?.label !== '7') throw new Error(`${url} answered ${response.status}`);
    return body.model?.version ?? '?';
  };
  const loop = (async () => {
    while (running) {
      const list = urls();
      figures.requests++;
      let answered = false;
      for (let i = 0; i < list.length && !answered; i++) {
        const url = list[(next + i) % list.length]!;
        try {
          const version = await once(url);
          if (!figures.versions.includes(version)) figures.versions.push(version);
          if (i > 0) figures.failovers++;
          answered = true;
        } catch (error) {
          const cause = (error as Error & { cause?: { code?: string } }).cause?.code;
          if (i === list.length - 1 && figures.errors.length < 20)
            figures.errors.push(`${new Date().toISOString()} ${url}: ${(error as Error).message}${cause ? ` (${cause})` : ''}`);
        }
      }
      if (!answered) figures.lost++;
      next++;
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return figures;
    },
  };
}
