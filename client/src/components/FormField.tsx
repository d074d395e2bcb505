// One labelled field of a form: the label, the control, and the field's error
// line under it (useFormFields' frame(field) gives htmlFor and error).
import type { ReactNode } from 'react';

export interface FormFieldProps {
  readonly htmlFor: string;
  readonly label: ReactNode;
  readonly error: ReactNode;
  readonly children: ReactNode;
}

export function FormField({ htmlFor, label, error, children }: FormFieldProps) {
  return (
    <div className="field">
      <label htmlFor={htmlFor}>{label}</label>
      {children}
      {error}
    </div>
  );
}
