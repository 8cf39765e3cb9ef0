/** vitest setupFiles of the unit tier: a test file there that starts a child process fails, naming the call. */
import { afterAll, afterEach } from 'vitest';
import { refuseChildProcesses, takeRefused } from './child-process-guard.ts';

const RULE = 'The unit tier starts no child process (move this file to the runtime tier, test/helpers/tiers.ts)';

refuseChildProcesses(RULE);

// A refusal the code under test caught (a fallback, a probe) must fail the test all the same.
afterEach(({ task }) => {
  const calls = takeRefused();
  if (calls.length > 0 && task.result?.state !== 'fail') throw new Error(`${RULE}, even where caught: ${calls.join(', ')}`);
});

afterAll(() => {
  const calls = takeRefused();
  if (calls.length > 0) throw new Error(`${RULE}, even where caught: ${calls.join(', ')}`);
});
