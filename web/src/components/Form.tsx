import type { ComponentChildren, JSX } from "preact";
import { useState } from "preact/hooks";
import { formErrors, noErrors, type FormErrors } from "../lib/errors";

type InputProps = Omit<JSX.InputHTMLAttributes<HTMLInputElement>, "value" | "onInput" | "label" | "id"> & {
  id: string;
  label: string;
  value: string;
  onValue: (value: string) => void;
  errors?: string[] | undefined;
  hint?: ComponentChildren;
  testid?: string;
};

/** A labelled input with its hint and the sentences of its errors. */
export function Field({ id, label, value, onValue, errors, hint, testid, ...input }: InputProps) {
  const described = [hint ? `${id}-hint` : "", errors?.length ? `${id}-errors` : ""].filter(Boolean).join(" ");
  return (
    <div class={errors?.length ? "field field-invalid" : "field"}>
      <label for={id}>{label}</label>
      {hint && <p class="field-hint" id={`${id}-hint`}>{hint}</p>}
      <input
        id={id}
        name={id}
        value={value}
        onInput={(event) => onValue((event.currentTarget as HTMLInputElement).value)}
        aria-invalid={errors?.length ? "true" : undefined}
        aria-describedby={described || undefined}
        data-testid={testid}
        {...input}
      />
      {errors?.length ? (
        <ul class="field-errors" id={`${id}-errors`} data-testid="field-error">
          {errors.map((error) => <li key={error}>{error}</li>)}
        </ul>
      ) : null}
    </div>
  );
}

type CheckProps = {
  id: string;
  label: string;
  checked: boolean;
  onChecked: (checked: boolean) => void;
  testid?: string;
  disabled?: boolean;
};

export function Checkbox({ id, label, checked, onChecked, testid, disabled }: CheckProps) {
  return (
    <div class="check">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        disabled={disabled}
        onChange={(event) => onChecked((event.currentTarget as HTMLInputElement).checked)}
        data-testid={testid}
      />
      <label for={id}>{label}</label>
    </div>
  );
}

/** The form's own messages: errors that belong to no field, or what just happened. */
export function FormMessage({ errors, success }: { errors?: string[]; success?: string | null }) {
  if (errors?.length) {
    return (
      <div class="message message-error" role="alert" data-testid="form-error">
        {errors.map((error) => <p key={error}>{error}</p>)}
      </div>
    );
  }
  if (success) {
    return (
      <div class="message message-success" role="status" data-testid="form-success">
        <p>{success}</p>
      </div>
    );
  }
  return null;
}

/** A form's pending state and errors around one asynchronous action. */
export function useAction() {
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<FormErrors>(noErrors);
  const [success, setSuccess] = useState<string | null>(null);
  async function run(
    action: () => Promise<string | void>,
    fields: Record<string, string> | string[] = [],
    details: Record<string, string> = {},
  ) {
    setBusy(true);
    setErrors(noErrors);
    setSuccess(null);
    try {
      const message = await action();
      if (message) setSuccess(message);
      return true;
    } catch (error) {
      setErrors(formErrors(error, fields, details));
      return false;
    } finally {
      setBusy(false);
    }
  }
  return { busy, errors, setErrors, success, setSuccess, run };
}

export function submitHandler(action: () => void) {
  return (event: Event) => {
    event.preventDefault();
    action();
  };
}

/** The account's email in a form that asks for its password, for password managers. */
export function AccountName({ email }: { email: string }) {
  return <input type="email" name="username" autoComplete="username" value={email} readOnly hidden />;
}
