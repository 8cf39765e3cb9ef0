/** Docker's state in plain words: connected (version, endpoint), or what is wrong and what to do. */
import type { DockerStatus } from '../../../main/shared/crane-api.ts';

export function DockerStatusPanel({ status }: { status: DockerStatus | null }) {
  if (!status) return <p className="busy">Checking Docker…</p>;
  if (status.state === 'connected') {
    return (
      <p className="docker ok">
        Docker {status.version} connected{status.endpoint ? ` at ${status.endpoint}` : ''}.
      </p>
    );
  }
  return (
    <div className="docker problem">
      <p>
        <strong>{status.state === 'not-installed' ? 'Docker is not installed.' : 'Docker is not running.'}</strong> {status.message}
      </p>
      {status.advice && <p>{status.advice}</p>}
    </div>
  );
}
