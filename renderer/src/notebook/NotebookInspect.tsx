/** The Inspect step's body for a notebook model: what the file is, the columns it takes, and the parity proof of its conversion. */
import { ColumnsTable } from './ColumnsTable.tsx';
import { NotebookSource } from './NotebookSource.tsx';
import { ParityPanel } from './ParityPanel.tsx';
import type { StagedNotebook } from './staged-notebook.ts';

export function NotebookInspect({ notebook }: { notebook: StagedNotebook }) {
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
