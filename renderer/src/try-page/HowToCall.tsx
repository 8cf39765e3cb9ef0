/** "How to call this API": the model's calls in curl, Python and JavaScript, and a link to the API docs. */
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { callSnippets, KEY_PLACEHOLDER } from './call-snippets.ts';

const LANGUAGES = [
  ['curl', 'curl'],
  ['python', 'Python (requests)'],
  ['javascript', 'JavaScript (fetch)'],
] as const;

export function HowToCall({ metadata, withKey }: { metadata: Metadata; withKey: boolean }) {
  const snippets = callSnippets(metadata, location.origin, withKey);
  return (
    <section className="how-to-call" aria-labelledby="how-to-call-title">
      <h2 id="how-to-call-title">How to call this API</h2>
      <p>
        Every route is described in the <a href="/docs">API docs</a>.
        {withKey && (
          <>
            {' '}
            This server needs its API key in the <code>X-API-Key</code> header: the examples read it from <code>{KEY_PLACEHOLDER}</code>.
          </>
        )}
      </p>
      {snippets.map((snippet, first) =>
        LANGUAGES.map(([language, title], index) => (
          // The first call is open: the page shows one way to call at a glance.
          <details key={`${snippet.body}-${language}`} open={first === 0 && index === 0}>
            <summary>
              {title}, {snippet.body}
            </summary>
            <pre>
              <code>{snippet[language]}</code>
            </pre>
          </details>
        )),
      )}
    </section>
  );
}
