/** Draw (or drop or paste a picture) and see what the container predicts, as you draw. */
import { useEffect, useState } from 'react';
import { DrawingPad } from '../drawing/DrawingPad.tsx';
import { Alert } from '../ui/Alert.tsx';
import { predictPicture, type ContainerTarget } from './container-client.ts';
import { PredictionView } from './PredictionView.tsx';
import { usePredictions } from './use-predictions.ts';

const PICTURE_TYPES = ['image/png', 'image/jpeg'];

/** The first picture among dropped files or pasted clipboard items. */
function pictureOf(items: FileList | DataTransferItemList | undefined): File | undefined {
  if (!items) return undefined;
  for (let i = 0; i < items.length; i++) {
    const item = items[i];
    const file = item instanceof File ? item : item?.kind === 'file' ? item.getAsFile() : null;
    if (file && file.type.startsWith('image/')) return file;
  }
  return undefined;
}

export function DrawPredict({ target }: { target: ContainerTarget }) {
  const predictions = usePredictions();
  const [picture, setPicture] = useState<string | null>(null);
  const [pictureError, setPictureError] = useState<string | null>(null);
  /** Bumped when a picture is sent: the pad starts blank, so the drawing before it is not taken for what was sent. */
  const [pad, setPad] = useState(0);

  const sendPicture = (file: File) => {
    if (!PICTURE_TYPES.includes(file.type)) {
      setPictureError(`That picture is ${file.type || 'of an unknown type'}: use a PNG or JPEG.`);
      return;
    }
    setPictureError(null);
    setPad((n) => n + 1);
    setPicture((old) => {
      if (old) URL.revokeObjectURL(old);
      return URL.createObjectURL(file);
    });
    predictions.send(() => predictPicture(target, file, file.type));
  };

  useEffect(() => {
    const onPaste = (event: ClipboardEvent) => {
      const file = pictureOf(event.clipboardData?.items);
      if (!file) return;
      event.preventDefault();
      sendPicture(file);
    };
    window.addEventListener('paste', onPaste);
    return () => window.removeEventListener('paste', onPaste);
  }, [target]);

  return (
    <div className="workspace">
      <div
        className="drop-area"
        onDragOver={(event) => event.preventDefault()}
        onDrop={(event) => {
          event.preventDefault();
          const file = pictureOf(event.dataTransfer.files);
          if (file) sendPicture(file);
        }}
      >
        <DrawingPad
          key={pad}
          onDrawing={(png) => {
            // A new drawing replaces whatever was shown before it: the sent picture and a refused one's message.
            setPicture(null);
            setPictureError(null);
            predictions.send(() => predictPicture(target, png, 'image/png'));
          }}
          onClear={() => {
            setPicture(null);
            setPictureError(null);
            predictions.reset();
          }}
        />
        <p className="hint">Draw in the box, or drop or paste a PNG or JPEG picture.</p>
        {picture && (
          // A picture the browser cannot show either is not drawn as a broken image: its error says what happened.
          <img className="sent-picture" src={picture} alt="The picture you sent" onError={() => setPicture(null)} />
        )}
        <Alert message={pictureError} />
        {predictions.busy && <span className="busy">predicting…</span>}
      </div>
      <div>
        <Alert message={predictions.error} />
        <PredictionView answer={predictions.answer} ms={predictions.ms} />
      </div>
    </div>
  );
}
