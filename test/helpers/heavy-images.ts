/** Pictures that are heavy to decode but allowed (under the digits model's pixel limit), made in memory. */
import sharp from 'sharp';

/**
 * A `side` x `side` grey PNG of a dark ring (a zero) on paper: tens of megabytes once decoded,
 * a hundred kilobytes on the wire.
 * @example const png = await heavyPng(4000);
 */
export async function heavyPng(side: number): Promise<Buffer> {
  const data = new Uint8Array(side * side).fill(236);
  const centre = side / 2;
  const outer = side * 0.3;
  const inner = side * 0.22;
  for (let y = 0; y < side; y++) {
    const dy = (y - centre) / 1.3;
    for (let x = 0; x < side; x++) {
      const d = Math.hypot(x - centre, dy);
      if (d < outer && d > inner) data[y * side + x] = 20;
    }
  }
  return sharp(data, { raw: { width: side, height: side, channels: 1 } })
    .png({ compressionLevel: 6 })
    .toBuffer();
}

/** What `pollHealth` saw: how many probes, the ones a health checker would count as failed, the slowest. */
export interface HealthProbes {
  probes: number;
  failed: string[];
  worstMs: number;
}

/**
 * Probes GET `url` every `everyMs` until `stop()`, as a health checker does: a probe fails on any
 * status but 200 or on no answer within `timeoutMs` (the image's HEALTHCHECK timeout), never on speed.
 */
export function pollHealth(url: string, timeoutMs: number, everyMs = 25): { stop: () => Promise<HealthProbes> } {
  let running = true;
  const seen: HealthProbes = { probes: 0, failed: [], worstMs: 0 };
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      try {
        const response = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
        await response.arrayBuffer();
        if (response.status !== 200) seen.failed.push(`answered ${response.status}`);
      } catch (error) {
        seen.failed.push(error instanceof Error ? error.name : String(error));
      }
      seen.probes++;
      seen.worstMs = Math.max(seen.worstMs, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return seen;
    },
  };
}
