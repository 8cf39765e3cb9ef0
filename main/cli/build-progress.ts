/**
 * Shows packaging progress on stderr: a redrawn progress bar with the current step on a terminal,
 * one line per step elsewhere (CI logs, pipes), and the build log with --verbose.
 */
import type { PackageEvent } from '../api/image-build.ts';

const BAR_WIDTH = 24;

function bar(done: number, total: number): string {
  const filled = total > 0 ? Math.round((done / total) * BAR_WIDTH) : 0;
  return `[${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}]`;
}

function megabytes(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

export class BuildProgress {
  private readonly tty: boolean;
  private barShown = false;
  private readonly recentLog: string[] = [];

  constructor(
    private readonly out: NodeJS.WriteStream = process.stderr,
    private readonly verbose = false,
  ) {
    this.tty = Boolean(out.isTTY);
  }

  /** The build's last log lines, to print when it fails. */
  get lastLog(): string[] {
    return [...this.recentLog];
  }

  readonly onEvent = (event: PackageEvent): void => {
    if (event.type === 'stage') return this.line(`${event.message}…`);
    if (event.type === 'notice') return this.line(`note: ${event.message}`);
    if (event.type === 'pull') {
      const e = event.event;
      if (e.type === 'progress' && e.total > 0)
        return this.redraw(`${bar(e.current, e.total)} pulling ${e.id} ${megabytes(e.current)}/${megabytes(e.total)}`);
      if (e.type === 'status' && this.verbose) return this.line(`  ${e.text}`);
      return;
    }
    const e = event.event;
    if (e.type === 'step') {
      const text = `${bar(e.index - 1, e.total)} step ${e.index}/${e.total} ${e.instruction.slice(0, 60)}`;
      return this.tty ? this.redraw(text) : this.line(`  step ${e.index}/${e.total}: ${e.instruction}`);
    }
    if (e.type === 'log') {
      this.recentLog.push(e.text);
      if (this.recentLog.length > 20) this.recentLog.shift();
      if (this.verbose) this.line(`  ${e.text}`);
      return;
    }
    if (e.type === 'done') return this.redraw(`${bar(1, 1)} built ${e.imageId.replace(/^sha256:/, '').slice(0, 12)}`, true);
  };

  /** Ends a bar line left on screen, e.g. before an error is printed. */
  finish(): void {
    if (this.barShown) this.out.write('\n');
    this.barShown = false;
  }

  private line(text: string): void {
    this.finish();
    this.out.write(`${text}\n`);
  }

  private redraw(text: string, last = false): void {
    if (!this.tty) {
      if (last) this.line(text);
      return;
    }
    this.out.write(`\r\x1b[2K${text}`);
    this.barShown = true;
    if (last) this.finish();
  }
}
