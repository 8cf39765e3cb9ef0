/** The image codec's fields: size, channels, layout, scaling, normalisation, invert, centring, fit, resize kernel. */
import { useEffect, useState } from 'react';
import { SelectField, TextField } from '../ui/Field.tsx';
import { scaleText, scaleValue } from './scale-text.ts';
import type { FieldErrors } from './validate.ts';
import type { SetupForm } from './setup-form.ts';

interface Props {
  form: SetupForm;
  errors: FieldErrors;
  update: (patch: Partial<SetupForm>) => void;
}

export function ImageCodecFields({ form, errors, update }: Props) {
  // MNIST centring scales the ink itself (area averaging), so fit and kernel do not apply.
  const mnist = form.center === 'mnist';
  const mnistHint = mnist ? 'Not used with MNIST centring, which fits the ink itself.' : undefined;
  // The scale as typed ("1/255"); the form holds its number, and a new number from elsewhere (a preset) is shown afresh.
  const [scale, setScale] = useState(() => scaleText(form.scale));
  useEffect(() => {
    if (scaleValue(scale) !== form.scale) setScale(scaleText(form.scale));
  }, [form.scale]);
  return (
    <fieldset className="grid">
      <legend>Image</legend>
      <TextField
        name="width"
        label="Width (px)"
        inputMode="numeric"
        value={form.width}
        error={errors.width}
        onChange={(width) => update({ width })}
      />
      <TextField
        name="height"
        label="Height (px)"
        inputMode="numeric"
        value={form.height}
        error={errors.height}
        onChange={(height) => update({ height })}
      />
      <SelectField
        name="channels"
        label="Channels"
        value={form.channels}
        error={errors.channels}
        options={[
          { value: '1', label: '1 (gray)' },
          { value: '3', label: '3 (RGB)' },
          { value: '4', label: '4 (RGBA)' },
        ]}
        onChange={(channels) => update({ channels })}
      />
      <SelectField
        name="layout"
        label="Layout"
        value={form.layout}
        options={[
          { value: 'NCHW', label: 'NCHW (channels first)' },
          { value: 'NHWC', label: 'NHWC (channels last)' },
        ]}
        onChange={(layout) => update({ layout })}
      />
      <TextField
        name="scale"
        label="Scale"
        inputMode="decimal"
        value={scale}
        error={errors.scale}
        hint="Each pixel (0–255) is multiplied by this: 1/255 gives 0 to 1."
        onChange={(text) => {
          setScale(text);
          update({ scale: scaleValue(text) });
        }}
      />
      <TextField
        name="mean"
        label="Mean (per channel, optional)"
        value={form.mean}
        error={errors.mean}
        placeholder="e.g. 0.485, 0.456, 0.406"
        onChange={(mean) => update({ mean })}
      />
      <TextField
        name="std"
        label="Std (per channel, optional)"
        value={form.std}
        error={errors.std}
        placeholder="e.g. 0.229, 0.224, 0.225"
        onChange={(std) => update({ std })}
      />
      <SelectField
        name="invert"
        label="Invert"
        value={form.invert}
        options={[
          { value: 'no', label: 'No' },
          { value: 'yes', label: 'Yes' },
          { value: 'auto', label: 'Auto' },
        ]}
        hint="Yes: dark ink on light becomes light on dark. Auto: when the border is light."
        onChange={(invert) => update({ invert })}
      />
      <SelectField
        name="center"
        label="Centring"
        value={form.center}
        error={errors.center}
        options={[
          { value: 'none', label: 'None' },
          { value: 'mnist', label: 'MNIST' },
        ]}
        hint="MNIST: crop to the ink and centre it by its mass."
        onChange={(center) => update({ center })}
      />
      <SelectField
        name="fit"
        label="Fit"
        value={form.fit}
        disabled={mnist}
        hint={mnistHint}
        options={[
          { value: 'fill', label: 'Fill (stretch)' },
          { value: 'contain', label: 'Contain (pad)' },
          { value: 'crop', label: 'Crop (resize the short side, centre crop)' },
        ]}
        onChange={(fit) => update({ fit })}
      />
      <SelectField
        name="kernel"
        label="Resize kernel"
        value={form.kernel}
        disabled={mnist}
        hint={mnistHint}
        options={[
          { value: 'lanczos3', label: 'Lanczos3 (default)' },
          { value: 'bilinear', label: 'Bilinear' },
          { value: 'nearest', label: 'Nearest' },
        ]}
        onChange={(kernel) => update({ kernel })}
      />
    </fieldset>
  );
}
