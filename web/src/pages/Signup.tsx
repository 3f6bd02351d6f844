import { useState } from "preact/hooks";
import { Field, FormMessage, submitHandler, useAction } from "../components/Form";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { readJson, send } from "../lib/http";
import type { UserPublic } from "../lib/types";

export function Signup() {
  const [email, setEmail] = useState("");
  const [fullName, setFullName] = useState("");
  const [password, setPassword] = useState("");
  const [registered, setRegistered] = useState<string | null>(null);
  const action = useAction();

  const register = () =>
    action.run(async () => {
      const body: Record<string, string> = { email, password };
      if (fullName.trim()) body.full_name = fullName.trim();
      const user = await readJson<UserPublic>(await send("POST", "/api/v1/auth/register", { json: body }));
      setRegistered(user.email);
    }, ["email", "password", "full_name"]);

  if (registered) {
    return (
      <section class="card narrow">
        <PageHeading title="Check your email" />
        <div class="message message-success" role="status" data-testid="signup-done">
          <p>
            We sent a verification link to <strong>{registered}</strong>. Open it to confirm your address.
          </p>
        </div>
        <p>
          <Link href="/login">Log in</Link>
        </p>
      </section>
    );
  }

  return (
    <section class="card narrow">
      <PageHeading title="Create an account" />
      <form onSubmit={submitHandler(register)} data-testid="signup-form">
        <FormMessage errors={action.errors.form} />
        <Field
          id="signup-email"
          label="Email"
          type="email"
          value={email}
          onValue={setEmail}
          errors={action.errors.fields.email}
          autoComplete="email"
          required
          testid="signup-email"
        />
        <Field
          id="signup-name"
          label="Full name (optional)"
          value={fullName}
          onValue={setFullName}
          errors={action.errors.fields.full_name}
          autoComplete="name"
          testid="signup-name"
        />
        <Field
          id="signup-password"
          label="Password"
          type="password"
          value={password}
          onValue={setPassword}
          errors={action.errors.fields.password}
          hint="8 to 128 characters, and not a common password."
          autoComplete="new-password"
          required
          testid="signup-password"
        />
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="signup-submit">
            {action.busy ? "Creating…" : "Create account"}
          </button>
        </div>
      </form>
      <p class="aside">
        Already have an account? <Link href="/login">Log in</Link>
      </p>
    </section>
  );
}
