/** Asks before CraneML turns on Docker's Swarm mode, saying exactly what that does; the only way to `initSwarm: true`. */
import { useEffect, useRef } from 'react';

export function SwarmConsent({ onConsent, onCancel }: { onConsent: () => void; onCancel: () => void }) {
  const consent = useRef<HTMLButtonElement>(null);
  // Keyboard users land on the question instead of the Deploy button that has just been refused.
  useEffect(() => consent.current?.focus(), []);
  return (
    <div className="docker problem" role="group" aria-labelledby="swarm-consent-title">
      <h4 id="swarm-consent-title">Turn on Docker Swarm mode?</h4>
      <p>
        Docker is not in Swarm mode, and deployments are Swarm services. CraneML can run <code>docker swarm init</code> for you: this
        machine becomes a single-node swarm whose manager listens on 127.0.0.1:2377 only, not on the network. Your containers keep running;{' '}
        <code>docker swarm leave --force</code> turns it off again.
      </p>
      <div className="actions">
        <button type="button" className="primary" ref={consent} onClick={onConsent}>
          Turn on Swarm and deploy
        </button>
        <button type="button" onClick={onCancel}>
          Cancel
        </button>
      </div>
    </div>
  );
}
