/** Whether a process of this machine still runs: what decides that a temp folder or sibling was left by a dead run. */

/**
 * True for this process and for any process signal 0 reaches (EPERM: it runs, as another user).
 * @example processAlive(4242) // false once 4242 has exited
 */
export function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
