/** Labelled form controls that show their own error and point to it (aria-invalid, aria-describedby). */
import type { ReactNode } from 'react';

export function fieldId(name: string): string {
  return `field-${name}`;
}

function FieldError({ name, error }: { name: string; error?: string }) {
  if (!error) return null;
  return (
    <span className="field-error" id={`${fieldId(name)}-error`}>
      {error}
    </span>
  );
}

/** A field's hint and error under its control, with the ids its aria-describedby points to. */
function FieldNotes({ name, error, hint }: { name: string; error?: string; hint?: ReactNode }) {
  return (
    <>
      {hint && (
        <span className="hint" id={`${fieldId(name)}-hint`}>
          {hint}
        </span>
      )}
      <FieldError name={name} error={error} />
    </>
  );
}

function described(name: string, error?: string, hint?: string): string | undefined {
  const ids = [error ? `${fieldId(name)}-error` : '', hint ? `${fieldId(name)}-hint` : ''].filter(Boolean);
  return ids.length > 0 ? ids.join(' ') : undefined;
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  error?: string;
  hint?: ReactNode;
  placeholder?: string;
  type?: 'text' | 'number';
  inputMode?: 'numeric' | 'decimal' | 'text';
  wide?: boolean;
}

export function TextField({ name, label, value, onChange, error, hint, placeholder, type = 'text', inputMode, wide }: TextFieldProps) {
  return (
    <div className={wide ? 'field wide' : 'field'}>
      <label htmlFor={fieldId(name)}>{label}</label>
      <input
        id={fieldId(name)}
        type={type}
        inputMode={inputMode}
        value={value}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(name, error, hint ? 'hint' : undefined)}
        onChange={(event) => onChange(event.target.value)}
      />
      <FieldNotes name={name} error={error} hint={hint} />
    </div>
  );
}

interface SelectFieldProps<T extends string> {
  name: string;
  label: string;
  value: T;
  options: readonly { value: T; label: string }[];
  onChange: (value: T) => void;
  error?: string;
  hint?: ReactNode;
  disabled?: boolean;
}

export function SelectField<T extends string>({ name, label, value, options, onChange, error, hint, disabled }: SelectFieldProps<T>) {
  return (
    <div className="field">
      <label htmlFor={fieldId(name)}>{label}</label>
      <select
        id={fieldId(name)}
        value={value}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={described(name, error, hint ? 'hint' : undefined)}
        onChange={(event) => onChange(event.target.value as T)}
      >
        {options.map((option) => (
          <option key={option.value} value={option.value}>
            {option.label}
          </option>
        ))}
      </select>
      <FieldNotes name={name} error={error} hint={hint} />
    </div>
  );
}

/** Lists a step's errors where they are seen first; each field shows its own too. */
export function ErrorSummary({ errors }: { errors: Record<string, string> }) {
  const messages = Object.values(errors);
  if (messages.length === 0) return null;
  return (
    <div role="alert" className="alert error-summary" tabIndex={-1}>
      <p>Fix {messages.length === 1 ? 'this' : 'these'} to go on:</p>
      <ul>
        {messages.map((message) => (
          <li key={message}>{message}</li>
        ))}
      </ul>
    </div>
  );
}
