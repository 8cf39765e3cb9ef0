/** The web mode's API, as the page calls it: every call carries the session token from the page. */

export interface ScoredLabel {
  label: string;
  score: number;
}

export interface ModelSummary {
  name: string;
  version: string;
  input: 'image' | 'tensor';
  labels: string[];
}

export interface DrawingPrediction {
  label?: string;
  score?: number;
  top_k?: ScoredLabel[];
  outputs?: Record<string, { shape: number[]; data: unknown[] }>;
  /** The picture the model sees after the codec, as a PNG data URL. */
  preview: string;
}

function token(): string {
  return document.querySelector<HTMLMetaElement>('meta[name="craneml-token"]')?.content ?? '';
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { ...init, headers: { ...init.headers, 'X-CraneML-Token': token() } });
  const body = (await response.json().catch(() => ({}))) as T & { error?: { message?: string } };
  if (!response.ok) throw new Error(body.error?.message ?? `the app answered ${response.status}`);
  return body;
}

export const fetchModel = (): Promise<ModelSummary> => call('/api/model');

export const predictDrawing = (png: Blob): Promise<DrawingPrediction> =>
  call('/api/predict', { method: 'POST', headers: { 'Content-Type': 'image/png' }, body: png });
