/** The Inspect step's body for a notebook model: what the file is, the columns it takes, and the parity proof of its conversion. */
import type { NotebookModel } from '../../../main/shared/conversion-schema.ts';
import { ColumnsTable } from './ColumnsTable.tsx';
import { NotebookSource } from './NotebookSource.tsx';
import { ParityPanel } from './ParityPanel.tsx';

export function NotebookInspect({ notebook }: { notebook: NotebookModel }) {
  return (
    <>
      <p>
        A notebook model, converted to ONNX in a throwaway container (nothing in the file ran on this machine). CraneML serves the ONNX
        model, and clients send rows by column name.
      </p>
      <NotebookSource notebook={notebook} />
      <ParityPanel conversion={notebook.conversion} />
      <ColumnsTable columns={notebook.columns} />
    </>
  );
}
