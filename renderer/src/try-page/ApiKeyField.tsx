/** The password field "API key": the key stays in the page's memory (React state), never in storage or the address. */
import { useState, type FormEvent } from 'react';

export function ApiKeyField({ onKey }: { onKey: (key: string) => void }) {
  const [draft, setDraft] = useState('');
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onKey(draft.trim());
  };
  return (
    <form className="api-key" onSubmit={submit}>
      <label htmlFor="api-key">API key</label>
      <input
        id="api-key"
        type="password"
        autoComplete="off"
        spellCheck={false}
        value={draft}
        onChange={(event) => setDraft(event.target.value)}
      />
      <button type="submit">Use key</button>
    </form>
  );
}
