/** The try-it controls for one model, chosen by its input kind: the same in the app's Test window and on the page inside every image. */
import type { Metadata } from '../../../main/shared/http-contract.ts';
import { tableColumnsOf } from '../notebook/notebook-format.ts';
import type { ContainerTarget } from './container-client.ts';
import { DrawPredict } from './DrawPredict.tsx';
import { TableTry } from './TableTry.tsx';
import { TensorPredict } from './TensorPredict.tsx';
import { TryTargetContext } from './try-target.ts';

interface TryPanelProps {
  target: ContainerTarget;
  /** The container's /metadata; null when it could not be read (then `fallbackKind` decides). */
  metadata: Metadata | null;
  /** The input kind known without /metadata (the app knows it from the image's labels). */
  fallbackKind?: string;
}

export function TryPanel({ target, metadata, fallbackKind }: TryPanelProps) {
  // A Python project's rows as sent are typed as JSON like a tensor's instances; only an image model draws.
  const kind = metadata?.input.kind ?? fallbackKind;
  // A table whose columns /metadata names gets a form by column and the CSV batch; without them, the JSON editor.
  const columns = tableColumnsOf(metadata?.input);
  const controls = columns ? (
    <TableTry columns={columns} />
  ) : kind === 'tensor' || kind === 'table' || kind === 'rows' ? (
    <TensorPredict key={metadata ? 'meta' : 'none'} />
  ) : (
    <DrawPredict />
  );
  return <TryTargetContext.Provider value={{ target, metadata }}>{controls}</TryTargetContext.Provider>;
}
