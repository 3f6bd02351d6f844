import { useState } from "preact/hooks";
import { Checkbox, Field, FormMessage, submitHandler, useAction } from "../../components/Form";
import { post } from "../../lib/api";
import type { UserPublic } from "../../lib/types";

export function CreateUser({ onCreated }: { onCreated: (user: UserPublic) => void }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [fullName, setFullName] = useState("");
  const [active, setActive] = useState(true);
  const [superuser, setSuperuser] = useState(false);
  const [verified, setVerified] = useState(false);
  const action = useAction();

  const create = () =>
    action.run(async () => {
      const body: Record<string, unknown> = {
        email,
        password,
        is_active: active,
        is_superuser: superuser,
        email_verified: verified,
      };
      if (fullName.trim()) body.full_name = fullName.trim();
      const user = await post<UserPublic>("/api/v1/users/", body);
      setEmail("");
      setPassword("");
      setFullName("");
      setSuperuser(false);
      setVerified(false);
      onCreated(user);
      return `${user.email} was created.`;
    }, ["email", "password", "full_name"]);

  return (
    <section class="card" aria-labelledby="create-user-title" data-testid="create-user-section">
      <h2 id="create-user-title">Create a user</h2>
      <form onSubmit={submitHandler(create)} data-testid="create-user-form" class="form-grid">
        <FormMessage errors={action.errors.form} success={action.success} />
        <Field id="create-email" label="Email" type="email" value={email} onValue={setEmail}
          errors={action.errors.fields.email} autoComplete="off" required testid="create-email" />
        <Field id="create-name" label="Full name (optional)" value={fullName} onValue={setFullName}
          errors={action.errors.fields.full_name} autoComplete="off" testid="create-name" />
        <Field id="create-password" label="Password" type="password" value={password} onValue={setPassword}
          errors={action.errors.fields.password} autoComplete="new-password" required testid="create-password" />
        <fieldset class="checks">
          <legend>Account</legend>
          <Checkbox id="create-active" label="Active" checked={active} onChecked={setActive} testid="create-active" />
          <Checkbox id="create-superuser" label="Superuser" checked={superuser} onChecked={setSuperuser} testid="create-superuser" />
          <Checkbox id="create-verified" label="Email already verified" checked={verified} onChecked={setVerified} testid="create-verified" />
        </fieldset>
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="create-submit">
            {action.busy ? "Creating…" : "Create user"}
          </button>
        </div>
      </form>
    </section>
  );
}
