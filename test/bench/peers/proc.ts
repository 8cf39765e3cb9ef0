/** Processes for the peer bench: a server's process tree, its memory, running commands, sizes on disk. */
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

interface ProcStat {
  ppid: number;
  state: string;
  /** Clock ticks after boot: with the pid, names one process even if the pid is reused later. */
  start: number;
}

function procStat(pid: number): ProcStat | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name may hold spaces and parentheses: the fields after it start past the last ')'.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0]!, ppid: Number(fields[1]), start: Number(fields[19]) };
  } catch {
    return undefined;
  }
}

/** A process: its pid and start time. */
export interface Proc {
  pid: number;
  start: number;
}

/** `pid` and all its living descendants, from /proc. */
export function processTree(pid: number): Proc[] {
  const children = new Map<number, Proc[]>();
  const all = new Map<number, ProcStat>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = procStat(Number(entry));
    if (!stat || stat.state === 'Z') continue;
    all.set(Number(entry), stat);
    const list = children.get(stat.ppid) ?? [];
    list.push({ pid: Number(entry), start: stat.start });
    children.set(stat.ppid, list);
  }
  const root = all.get(pid);
  if (!root) return [];
  const tree: Proc[] = [];
  const queue: Proc[] = [{ pid, start: root.start }];
  while (queue.length > 0) {
    const next = queue.shift()!;
    tree.push(next);
    queue.push(...(children.get(next.pid) ?? []));
  }
  return tree;
}

/** Whether this very process (not a later one with its pid) still runs. */
function alive(proc: Proc): boolean {
  const stat = procStat(proc.pid);
  return stat !== undefined && stat.state !== 'Z' && stat.start === proc.start;
}

function kill(proc: Proc, signal: NodeJS.Signals): void {
  if (!alive(proc)) return;
  try {
    process.kill(proc.pid, signal);
  } catch {
    // gone meanwhile
  }
}

function kbField(file: string, field: string): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

export interface TreeMemory {
  processes: number;
  /** Sum of VmRSS over the tree (pages shared between processes count once per process). */
  rssMb: number;
  /** Sum of Pss over the tree (shared pages split between their users: adds up without double counting). */
  pssMb: number;
}

export function treeMemory(pid: number): TreeMemory {
  const tree = processTree(pid);
  const rssKb = tree.reduce((sum, p) => sum + kbField(`/proc/${p.pid}/status`, 'VmRSS'), 0);
  const pssKb = tree.reduce((sum, p) => sum + kbField(`/proc/${p.pid}/smaps_rollup`, 'Pss'), 0);
  return { processes: tree.length, rssMb: rssKb / 1024, pssMb: pssKb / 1024 };
}

/** Runs a command to the end and returns its stdout; rejects with its output on a non-zero exit. */
export function run(command: string, args: string[], options: SpawnOptions & { quiet?: boolean } = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout!.on('data', (chunk) => (out += chunk));
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.once('error', reject);
    child.once('exit', (code) => {
      if (code === 0) resolve(out);
      else reject(new Error(`${command} ${args.join(' ')} exited ${code}:\n${(err || out).split('\n').slice(-30).join('\n')}`));
    });
  });
}

/** Bytes a folder takes on disk (du -sk). */
export async function diskBytes(dir: string): Promise<number> {
  const out = await run('du', ['-sk', dir]);
  return Number(out.split('\t')[0]) * 1024;
}

/**
 * Stops a server spawned detached (so it leads a process group): SIGTERM to the group and to every
 * process of its tree, then SIGKILL to whatever of that tree still runs after `graceMs` (a child
 * may have left the group). Processes are told apart by pid and start time, so a pid reused by
 * someone else's process meanwhile is never signalled.
 */
export async function stopTree(child: ChildProcess, graceMs = 10_000): Promise<void> {
  if (child.pid === undefined) return;
  const tree = processTree(child.pid);
  const group = -child.pid;
  const leaderAlive = tree.length > 0;
  if (leaderAlive) {
    try {
      process.kill(group, 'SIGTERM');
    } catch {
      // no such group
    }
  }
  for (const proc of tree) kill(proc, 'SIGTERM');
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && tree.some(alive)) await new Promise((r) => setTimeout(r, 100));
  for (const proc of tree) kill(proc, 'SIGKILL');
}
