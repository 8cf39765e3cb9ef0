/** SIGTERM/SIGINT: drain the server, then exit 0; a second signal exits at once. */
import type { RunningServer } from './server.ts';

export function exitOnSignals(server: RunningServer, exit: (code: number) => void = (code) => process.exit(code)): void {
  let received = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (received) {
      exit(signal === 'SIGINT' ? 130 : 143);
      return;
    }
    received = true;
    server.app.log.event('info', `received ${signal}`);
    server.shutdown().then(
      () => exit(0),
      () => exit(1),
    );
  };
  process.on('SIGTERM', onSignal);
  process.on('SIGINT', onSignal);
}
