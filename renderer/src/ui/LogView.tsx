/** A live log: monospace lines in a role="log" region that keeps scrolled to the end. */
import { useEffect, useRef } from 'react';

export function LogView({ label, lines }: { label: string; lines: readonly string[] }) {
  const box = useRef<HTMLPreElement>(null);
  useEffect(() => {
    const element = box.current;
    if (element) element.scrollTop = element.scrollHeight;
  }, [lines]);
  return (
    <pre ref={box} className="log" role="log" aria-label={label} tabIndex={0}>
      {lines.join('\n')}
    </pre>
  );
}
