/** How to reach a running container: its URL, API docs, and copyable curl/Python/JavaScript snippets. */
import type { ServiceInfo } from '../../../main/shared/crane-api.ts';
import { CopyButton } from './CopyButton.tsx';

const SNIPPETS = [
  { key: 'curl', title: 'curl' },
  { key: 'python', title: 'Python' },
  { key: 'javascript', title: 'JavaScript' },
] as const;

export function ServiceDetails({ service }: { service: ServiceInfo }) {
  return (
    <div className="service">
      <dl className="facts">
        <dt>URL</dt>
        <dd>
          <a href={service.url} target="_blank" rel="noreferrer">
            {service.url}
          </a>
        </dd>
        <dt>Docs</dt>
        <dd>
          <a href={service.docsUrl} target="_blank" rel="noreferrer">
            API docs
          </a>
        </dd>
      </dl>
      {SNIPPETS.map(({ key, title }) => (
        <div key={key} className="snippet">
          <div className="snippet-head">
            <h4>{title}</h4>
            <CopyButton text={service.snippets[key]} label={`Copy ${key} example`} />
          </div>
          <pre>
            <code>{service.snippets[key]}</code>
          </pre>
        </div>
      ))}
    </div>
  );
}
