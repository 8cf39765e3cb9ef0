/** Draw (by pointer or keyboard), or choose, drop or paste a picture, and see what the container predicts, as you draw. */
import { useEffect, useId, useState } from 'react';
import { DrawingPad } from '../drawing/DrawingPad.tsx';
import { formatBytes } from '../ui/format.ts';
import { overBodyLimit } from './body-limit.ts';
import { predictPicture } from './container-client.ts';
import { PredictionView } from './PredictionView.tsx';
import { useTryTarget } from './try-target.ts';
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

export function DrawPredict() {
  // The container's /metadata: its body limit refuses a picture too large before it is sent.
  const { target, metadata } = useTryTarget();
  const predictions = usePredictions();
  const [picture, setPicture] = useState<string | null>(null);
  /** Bumped when a picture is sent: the pad starts blank, so the drawing before it is not taken for what was sent. */
  const [pad, setPad] = useState(0);
  const pictureId = useId();
  const pictureHintId = useId();
  const limit = metadata?.limits.max_body_bytes;

  const showPicture = (file: File | null) =>
    setPicture((old) => {
      if (old) URL.revokeObjectURL(old);
      return file && URL.createObjectURL(file);
    });

  const sendPicture = (file: File) => {
    const refused = !PICTURE_TYPES.includes(file.type)
      ? `That picture is ${file.type || 'of an unknown type'}: use a PNG or JPEG.`
      : overBodyLimit('That picture', file.size, metadata);
    if (refused) {
      showPicture(null);
      predictions.refuse(refused);
      return;
    }
    setPad((n) => n + 1);
    showPicture(file);
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
  }, [target, metadata]);

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
            showPicture(null);
            const refused = overBodyLimit('The drawing', png.size, metadata);
            if (refused) predictions.refuse(refused);
            else predictions.send(() => predictPicture(target, png, 'image/png'));
          }}
          onClear={() => {
            showPicture(null);
            predictions.reset();
          }}
        />
        <div className="field picture-field">
          <label htmlFor={pictureId}>Picture</label>
          <input
            id={pictureId}
            type="file"
            accept={PICTURE_TYPES.join(',')}
            aria-describedby={pictureHintId}
            onChange={(event) => {
              const file = event.target.files?.[0];
              // Emptied, so that choosing the same file again sends it again.
              event.target.value = '';
              if (file) sendPicture(file);
            }}
          />
          <p id={pictureHintId} className="hint">
            A PNG or JPEG{limit ? ` of at most ${formatBytes(limit)}` : ''}; you can also drop or paste one here.
          </p>
        </div>
        {picture && (
          // A picture the browser cannot show either is not drawn as a broken image: its error says what happened.
          <img className="sent-picture" src={picture} alt="The picture you sent" onError={() => showPicture(null)} />
        )}
        {predictions.busy && <span className="busy">predicting…</span>}
      </div>
      <PredictionView answer={predictions.answer} ms={predictions.ms} error={predictions.error} />
    </div>
  );
}
