/**
 * A journal of the test runs on this machine (one small file per run in a hidden folder of the temp
 * directory), so a run can tell whether another one shared the Docker daemon while it ran: then a new
 * container or image may be the other run's, and the leak check cannot say whose it is.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

interface RunRecord {
  pid: number;
  start: number;
  end?: number;
  /** The run's temp directory, removed by a later run when this one was killed before its teardown. */
  temp: string;
}

export interface JournalEntry {
  /** The other runs that were running at some moment since this one started (pids). */
  overlapping(): Promise<number[]>;
  /** Marks this run as ended (its record stays a day, for runs that overlapped it). */
  finish(): Promise<void>;
}

const KEEP_MS = 24 * 3600_000;
export const RUN_TEMP_PREFIX = 'craneml-test-run-';

const killed = (r: RunRecord): boolean => r.end === undefined && !alive(r.pid);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function records(dir: string): Promise<Array<{ file: string; record: RunRecord }>> {
  const files = await readdir(dir).catch(() => []);
  const read = await Promise.all(
    files.map(async (name) => {
      const file = path.join(dir, name);
      const record = await readFile(file, 'utf8').then(
        (text) => JSON.parse(text) as RunRecord,
        () => undefined,
      );
      return record && { file, record };
    }),
  );
  return read.filter((r) => r !== undefined);
}

/** A run whose process died without finishing is taken as ended when it started. */
const endOf = (r: RunRecord): number => r.end ?? (alive(r.pid) ? Infinity : r.start);

/**
 * Records this run (and its temp directory `temp`) in `dir`, e.g. `<tmp>/.craneml-test-runs`; removes
 * the temp directories of runs killed before their teardown, and drops records older than a day.
 * @example
 * const run = await joinJournal(path.join(os.tmpdir(), '.craneml-test-runs'), runTemp);
 * if ((await run.overlapping()).length === 0) ...; await run.finish();
 */
export async function joinJournal(dir: string, temp: string): Promise<JournalEntry> {
  await mkdir(dir, { recursive: true });
  const now = Date.now();
  // Only a sibling of this run's own temp directory, with the same prefix: never a path a record merely names.
  const removable = (other: string | undefined): other is string =>
    !!other && path.dirname(other) === path.dirname(temp) && path.basename(other).startsWith(RUN_TEMP_PREFIX);
  for (const { file, record } of await records(dir)) {
    if (killed(record) && removable(record.temp)) await rm(record.temp, { recursive: true, force: true });
    if (endOf(record) < now - KEEP_MS) await rm(file, { force: true });
  }
  const self: RunRecord = { pid: process.pid, start: now, temp };
  const own = path.join(dir, `${self.start}-${self.pid}.json`);
  await writeFile(own, JSON.stringify(self));
  return {
    async overlapping() {
      const others = (await records(dir)).filter(({ file }) => file !== own).map(({ record }) => record);
      return others.filter((r) => endOf(r) >= self.start).map((r) => r.pid);
    },
    async finish() {
      await writeFile(own, JSON.stringify({ ...self, end: Date.now() }));
    },
  };
}
