import type { ComponentChildren } from "preact";
import { useEffect, useRef } from "preact/hooks";

type Props = {
  id: string;
  title: string;
  open: boolean;
  onClose: () => void;
  children: ComponentChildren;
  testid?: string;
};

/** A modal dialog: the browser's own <dialog>, which keeps focus inside and Escape closes. */
export function Dialog({ id, title, open, onClose, children, testid }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);
  return (
    <dialog
      ref={ref}
      class="dialog"
      role="dialog"
      aria-modal="true"
      aria-labelledby={`${id}-title`}
      onClose={onClose}
      data-testid={testid}
    >
      {open && (
        <div class="dialog-body">
          <h2 id={`${id}-title`}>{title}</h2>
          {children}
        </div>
      )}
    </dialog>
  );
}

type ConfirmProps = {
  id: string;
  title: string;
  open: boolean;
  confirmLabel: string;
  busy: boolean;
  errors?: string[];
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
};

export function ConfirmDialog({ id, title, open, confirmLabel, busy, errors, onConfirm, onCancel, children }: ConfirmProps) {
  return (
    <Dialog id={id} title={title} open={open} onClose={onCancel} testid="confirm-dialog">
      {children}
      {errors?.length ? (
        <div class="message message-error" role="alert">
          {errors.map((error) => <p key={error}>{error}</p>)}
        </div>
      ) : null}
      <div class="actions">
        <button type="button" class="button button-danger" onClick={onConfirm} disabled={busy} data-testid="confirm-button">
          {busy ? "Working…" : confirmLabel}
        </button>
        <button type="button" class="button" onClick={onCancel} disabled={busy} data-testid="cancel-button">
          Cancel
        </button>
      </div>
    </Dialog>
  );
}
