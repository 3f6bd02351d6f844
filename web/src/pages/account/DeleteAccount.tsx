import { useState } from "preact/hooks";
import { ConfirmDialog } from "../../components/Dialog";
import { del } from "../../lib/api";
import { messageOf } from "../../lib/errors";
import { end } from "../../lib/session";
import type { UserPublic } from "../../lib/types";

export function DeleteAccount({ user }: { user: UserPublic }) {
  const [open, setOpen] = useState(false);
  const [busy, setBusy] = useState(false);
  const [errors, setErrors] = useState<string[]>([]);

  const remove = async () => {
    setBusy(true);
    setErrors([]);
    try {
      await del("/api/v1/users/me");
      setOpen(false);
      end("Your account and its images have been deleted.");
    } catch (error) {
      setErrors([messageOf(error)]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="card card-danger" aria-labelledby="delete-title" data-testid="delete-account-section">
      <h2 id="delete-title">Delete the account</h2>
      {user.is_superuser ? (
        <p>A superuser cannot delete their own account; another superuser can.</p>
      ) : (
        <>
          <p>Your account and all your images are deleted for good.</p>
          <div class="actions">
            <button class="button button-danger" type="button" onClick={() => setOpen(true)} data-testid="delete-account">
              Delete my account
            </button>
          </div>
        </>
      )}
      <ConfirmDialog
        id="delete-account-dialog"
        title="Delete your account?"
        open={open}
        confirmLabel="Delete my account"
        busy={busy}
        errors={errors}
        onConfirm={remove}
        onCancel={() => setOpen(false)}
      >
        <p>
          The account <strong>{user.email}</strong> and all its images will be deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </section>
  );
}
