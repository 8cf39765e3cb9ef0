/**
 * The web addresses the shell may hand to the system browser: only http(s) URLs the app itself
 * produced (a running model's address and its /docs), learnt from the core's answers.
 */

const LINK_FIELDS = ['url', 'docsUrl'] as const;
/** Enough for every container a user keeps; the oldest are forgotten first. */
const MAX_LINKS = 500;

function isWebUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

export class ExternalLinks {
  private readonly urls = new Set<string>();
  private docs?: string;

  /** @example links.remember({ url: 'http://127.0.0.1:8080', docsUrl: 'http://127.0.0.1:8080/docs' }); */
  remember(result: unknown): void {
    if (Array.isArray(result)) return result.forEach((item) => this.remember(item));
    if (!result || typeof result !== 'object') return;
    for (const field of LINK_FIELDS) {
      const value = (result as Record<string, unknown>)[field];
      if (typeof value !== 'string' || !isWebUrl(value)) continue;
      this.urls.delete(value);
      this.urls.add(value);
      if (field === 'docsUrl') this.docs = value;
    }
    while (this.urls.size > MAX_LINKS) this.urls.delete(this.urls.values().next().value!);
  }

  /** True only for an http(s) URL the app produced, exactly as it produced it. */
  allows(url: string): boolean {
    return isWebUrl(url) && this.urls.has(url);
  }

  /** The API docs of the model the app ran or described last (Help › API docs). */
  latestDocs(): string | undefined {
    return this.docs;
  }
}
