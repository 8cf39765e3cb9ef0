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

/** The worst delay of GET `url` polled every `everyMs` until `stop()`, in milliseconds. */
export function pollWorst(url: string, everyMs = 25): { stop: () => Promise<number> } {
  let running = true;
  let worst = 0;
  const loop = (async () => {
    while (running) {
      const started = performance.now();
      const response = await fetch(url);
      await response.arrayBuffer();
      if (response.status !== 200) throw new Error(`${url} answered ${response.status}`);
      worst = Math.max(worst, performance.now() - started);
      await new Promise((resolve) => setTimeout(resolve, everyMs));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return worst;
    },
  };
}
