// Loaded into the model server with `node --import` by json-tail.ts: on SIGUSR2 it prints one
// line, `probe {...}`, on stderr with the event-loop delay (p50, p99, max, ms) and the garbage
// collections (count, total and longest pause, ms) since the previous signal, then starts afresh.
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';

const delay = monitorEventLoopDelay({ resolution: 1 });
delay.enable();
let pauses = [];
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) pauses.push(entry.duration);
}).observe({ entryTypes: ['gc'] });

const ms = (ns) => Math.round(ns / 1e4) / 100;
process.on('SIGUSR2', () => {
  const report = {
    loopP50Ms: ms(delay.percentile(50)),
    loopP99Ms: ms(delay.percentile(99)),
    loopMaxMs: ms(delay.max),
    gcCount: pauses.length,
    gcTotalMs: Math.round(pauses.reduce((a, b) => a + b, 0) * 10) / 10,
    gcMaxMs: Math.round(Math.max(0, ...pauses) * 100) / 100,
  };
  process.stderr.write(`probe ${JSON.stringify(report)}\n`);
  delay.reset();
  pauses = [];
});
