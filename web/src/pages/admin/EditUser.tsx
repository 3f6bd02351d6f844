import { useState } from "preact/hooks";
import { Dialog } from "../../components/Dialog";
import { Checkbox, Field, FormMessage, submitHandler, useAction } from "../../components/Form";
import { patch } from "../../lib/api";
import type { UserPublic } from "../../lib/types";

type Props = { user: UserPublic; self: boolean; onSaved: (user: UserPublic) => void; onClose: () => void };

export function EditUser({ user, self, onSaved, onClose }: Props) {
  const [email, setEmail] = useState(user.email);
  const [fullName, setFullName] = useState(user.full_name ?? "");
  const [password, setPassword] = useState("");
  const [active, setActive] = useState(user.is_active);
  const [superuser, setSuperuser] = useState(user.is_superuser);
  const [twoFactorOff, setTwoFactorOff] = useState(false);
  const action = useAction();

  const save = () =>
    action.run(async () => {
      const changes: Record<string, unknown> = {};
      if (email.trim().toLowerCase() !== user.email) changes.email = email.trim();
      if (fullName.trim() !== (user.full_name ?? "")) changes.full_name = fullName.trim();
      if (password) changes.password = password;
      if (active !== user.is_active) changes.is_active = active;
      if (superuser !== user.is_superuser) changes.is_superuser = superuser;
      if (twoFactorOff) changes.two_factor_enabled = false;
      if (Object.keys(changes).length > 0) onSaved(await patch<UserPublic>(`/api/v1/users/${user.id}`, changes));
      onClose();
    }, ["email", "full_name", "password"]);

  return (
    <Dialog id="edit-user" title={`Edit ${user.email}`} open onClose={onClose} testid="edit-user-dialog">
      <form onSubmit={submitHandler(save)} data-testid="edit-user-form">
        <FormMessage errors={action.errors.form} />
        <Field id="edit-email" label="Email" type="email" value={email} onValue={setEmail}
          errors={action.errors.fields.email} autoComplete="off" required testid="edit-email" />
        <Field id="edit-name" label="Full name" value={fullName} onValue={setFullName}
          errors={action.errors.fields.full_name} autoComplete="off" testid="edit-name" />
        <Field id="edit-password" label="New password (optional)" type="password" value={password} onValue={setPassword}
          errors={action.errors.fields.password} autoComplete="new-password" testid="edit-password" />
        <fieldset class="checks">
          <legend>Account</legend>
          <Checkbox id="edit-active" label="Active" checked={active} onChecked={setActive} disabled={self} testid="edit-active" />
          <Checkbox id="edit-superuser" label="Superuser" checked={superuser} onChecked={setSuperuser} disabled={self} testid="edit-superuser" />
          {user.two_factor_enabled && (
            <Checkbox id="edit-2fa-off" label="Turn off two-factor authentication (the user lost the device)"
              checked={twoFactorOff} onChecked={setTwoFactorOff} testid="edit-2fa-off" />
          )}
        </fieldset>
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="edit-submit">
            {action.busy ? "Saving…" : "Save"}
          </button>
          <button class="button" type="button" onClick={onClose} disabled={action.busy}>Cancel</button>
        </div>
      </form>
    </Dialog>
  );
}
