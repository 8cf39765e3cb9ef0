/** One drawing through the project's codec and model, with the picture the model saw (for the preview). */
import sharp from 'sharp';
import type { Predictor } from '../inference/predictor.ts';

export interface DrawingAnswer {
  prediction: unknown;
  /** PNG data URL of the codec's 8-bit output. */
  preview: string;
}

export async function predictDrawing(predictor: Predictor, png: Uint8Array): Promise<DrawingAnswer> {
  const encoded = await predictor.encodeImage(png);
  const { pixels } = encoded;
  const [prediction] = await predictor.predict([predictor.sampleFromEncoded(encoded)]);
  const preview = await sharp(Buffer.from(pixels.data), { raw: { width: pixels.width, height: pixels.height, channels: pixels.channels } })
    .png()
    .toBuffer();
  return { prediction, preview: `data:image/png;base64,${preview.toString('base64')}` };
}
