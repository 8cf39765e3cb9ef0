/** Step 4 ("Docker image", not the input kind Image): the Docker image's name and tag, base image, and how the container will run (port, limits). */
import type { ProjectSummary } from '../../../main/shared/crane-api.ts';
import { TextField } from '../ui/Field.tsx';
import type { FieldErrors, ImageForm } from './validate.ts';
import { StepSection } from './StepSection.tsx';

interface Props {
  project?: ProjectSummary;
  form: ImageForm;
  onChange: (form: ImageForm) => void;
  errors: FieldErrors;
}

export function ImageStep({ project, form, onChange, errors }: Props) {
  const update = (patch: Partial<ImageForm>) => onChange({ ...form, ...patch });
  return (
    <StepSection title="Docker image">
      {project ? (
        <p>
          Project <strong>{project.name}</strong> {project.version} in <span className="mono">{project.dir}</span> ({project.format},{' '}
          {project.inputKind} input{project.task ? `, a ${project.task === 'regression' ? 'regressor' : 'classifier'}` : ''}).
        </p>
      ) : (
        <p>No project yet: go back and write one.</p>
      )}
      <fieldset className="grid">
        <legend>Name and base image</legend>
        <TextField
          name="tag"
          label="Image name and tag"
          value={form.tag}
          error={errors.tag}
          hint="Lowercase name, then a tag after a colon, e.g. digits:1.0.0."
          onChange={(tag) => update({ tag })}
        />
        <TextField
          name="baseImage"
          label="Base image (optional)"
          value={form.baseImage}
          error={errors.baseImage}
          placeholder="Empty: CraneML's default Node.js base"
          onChange={(baseImage) => update({ baseImage })}
        />
      </fieldset>
      <fieldset className="grid">
        <legend>Container</legend>
        <TextField
          name="port"
          label="Port"
          inputMode="numeric"
          value={form.port}
          error={errors.port}
          hint="On 127.0.0.1."
          onChange={(port) => update({ port })}
        />
        <TextField
          name="cpus"
          label="CPU limit (optional)"
          inputMode="decimal"
          value={form.cpus}
          error={errors.cpus}
          placeholder="e.g. 1"
          onChange={(cpus) => update({ cpus })}
        />
        <TextField
          name="memoryMb"
          label="Memory limit in MB (optional)"
          inputMode="numeric"
          value={form.memoryMb}
          error={errors.memoryMb}
          placeholder="e.g. 512"
          onChange={(memoryMb) => update({ memoryMb })}
        />
      </fieldset>
    </StepSection>
  );
}
