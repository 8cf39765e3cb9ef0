/**
 * How much a model file may expand when read: a zip's entries (a `.keras` archive) and an HDF5
 * file's datasets declare their sizes before anything is inflated or allocated, and a declaration
 * beyond these limits is refused with the limit named, so a small crafted file (a zip bomb, an HDF5
 * dataset declaring gigabytes it does not store) cannot make CraneML allocate gigabytes.
 */
import { CraneError } from '../errors.ts';
import { unsafeName } from './contained-path.ts';

export interface ExpansionLimits {
  /** Entries an archive may hold. */
  maxEntries: number;
  /** Bytes one entry (or dataset) may declare. */
  maxEntryBytes: number;
  /** Bytes all entries (or datasets) together may declare. */
  maxTotalBytes: number;
  /** Declared bytes per stored byte, checked once an entry declares more than `ratioFloorBytes`. */
  maxRatio: number;
  /** Below this, a high ratio costs nothing worth refusing (a config.json of repetitive JSON). */
  ratioFloorBytes: number;
  /** Why maxTotalBytes is what it is, when it is not the plain limit. */
  totalReason?: string;
}

const MIB = 1024 ** 2;

const inMib = (bytes: number): string => `${Math.round(bytes / MIB)} MiB`;

/**
 * Real Keras archives store their entries (1:1; test/fixtures/keras all are), and float weights
 * deflate to about 1.1:1; 100:1 leaves room for sparse or zero-initialised weights. 2 GiB is the
 * most the app stages (staging.ts's MAX_STAGED_BYTES).
 */
export const MODEL_EXPANSION_LIMITS: ExpansionLimits = {
  maxEntries: 1000,
  maxEntryBytes: 2 * 1024 * MIB,
  maxTotalBytes: 2 * 1024 * MIB,
  maxRatio: 100,
  ratioFloorBytes: MIB,
};

/**
 * For a file whose parts declare sizes but not what they store (HDF5 datasets may be chunked and
 * compressed, or unwritten and filled): all parts together at most maxRatio times the file's size.
 */
export function fileExpansionLimits(fileBytes: number, limits: ExpansionLimits = MODEL_EXPANSION_LIMITS): ExpansionLimits {
  const byRatio = Math.max(fileBytes * limits.maxRatio, limits.ratioFloorBytes);
  const maxTotalBytes = Math.min(limits.maxTotalBytes, byRatio);
  const totalReason = `${limits.maxRatio} times the file's ${fileBytes} bytes, at most ${inMib(limits.maxTotalBytes)}`;
  return { ...limits, maxEntries: 100_000, maxTotalBytes, totalReason };
}

function tooLarge(message: string): CraneError {
  return new CraneError('INPUT_TOO_LARGE', message);
}

/**
 * Counts what one file declares, refusing the first declaration past a limit.
 * @example const budget = new ExpansionBudget('m.keras', 'entry'); budget.admit('config.json', 4523, 4523)
 */
export class ExpansionBudget {
  private entries = 0;
  private total = 0;
  private readonly seen = new Set<string>();
  private readonly parts: string;

  constructor(
    /** The file being read, as the user named it. */
    private readonly source: string,
    /** What a part is called in messages: "entry", "dataset". */
    private readonly part: string,
    private readonly limits: ExpansionLimits = MODEL_EXPANSION_LIMITS,
  ) {
    this.parts = part.endsWith('y') ? `${part.slice(0, -1)}ies` : `${part}s`;
  }

  /** An archive entry's name: no path escapes, no duplicates. */
  admitName(name: string): void {
    const unsafe = unsafeName(name);
    if (unsafe)
      throw new CraneError(
        'MODEL_CORRUPT',
        `${this.source}: its ${this.part} "${name}" ${unsafe.replace("the model's folder", 'the archive')}`,
      );
    if (this.seen.has(name)) throw new CraneError('MODEL_CORRUPT', `${this.source}: two ${this.parts} named "${name}"`);
    this.seen.add(name);
  }

  /** A part declaring `declared` bytes from `stored` bytes of the file (stored undefined: not known, no ratio check). */
  admit(name: string, declared: number, stored?: number): void {
    const { maxEntries, maxEntryBytes, maxTotalBytes, maxRatio, ratioFloorBytes } = this.limits;
    const where = `${this.source}: its ${this.part} "${name}"`;
    if (++this.entries > maxEntries) throw tooLarge(`${this.source}: more than ${maxEntries} ${this.parts}, the limit CraneML reads`);
    if (!Number.isSafeInteger(declared) || declared < 0) throw new CraneError('MODEL_CORRUPT', `${where} declares an impossible size`);
    if (declared > maxEntryBytes) {
      throw tooLarge(`${where} declares ${inMib(declared)}, past the limit of ${inMib(maxEntryBytes)} per ${this.part}`);
    }
    if (stored !== undefined && declared > ratioFloorBytes && declared > stored * maxRatio) {
      const ratio = Math.round(declared / Math.max(stored, 1));
      throw tooLarge(
        `${where} would expand ${ratio}:1 (${inMib(declared)} from ${stored} bytes), past the limit of ${maxRatio}:1; it is refused as a decompression bomb`,
      );
    }
    this.total += declared;
    if (this.total > maxTotalBytes) {
      const why = this.limits.totalReason ? ` (${this.limits.totalReason})` : '';
      throw tooLarge(`${this.source}: its ${this.parts} declare more than ${inMib(maxTotalBytes)} together, past the limit${why}`);
    }
  }
}
