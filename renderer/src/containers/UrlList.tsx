/** The addresses a deployment answers on, one link each. */
export function UrlList({ urls, label }: { urls: readonly string[]; label: string }) {
  if (urls.length === 0) return <>—</>;
  return (
    <ul className="plain" aria-label={label}>
      {urls.map((url) => (
        <li key={url}>
          <a href={url} target="_blank" rel="noreferrer">
            {url}
          </a>
        </li>
      ))}
    </ul>
  );
}
