import { useState } from "preact/hooks";
import { AccountName, Field, FormMessage, submitHandler, useAction } from "../../components/Form";
import { post } from "../../lib/api";
import type { UserPublic } from "../../lib/types";

export function Password({ user }: { user: UserPublic }) {
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const action = useAction();

  const change = () =>
    action.run(async () => {
      await post("/api/v1/users/me/password", { current_password: current, new_password: next });
      setCurrent("");
      setNext("");
      return "Your password has been changed. Your other sessions have ended.";
    }, { current_password: "current", new_password: "next" }, { "Incorrect password": "current" });

  return (
    <section class="card" aria-labelledby="password-title" data-testid="password-section">
      <h2 id="password-title">Password</h2>
      <form onSubmit={submitHandler(change)} data-testid="password-form">
        <FormMessage errors={action.errors.form} success={action.success} />
        <AccountName email={user.email} />
        <Field
          id="password-current"
          label="Current password"
          type="password"
          value={current}
          onValue={setCurrent}
          errors={action.errors.fields.current}
          autoComplete="current-password"
          required
          testid="password-current"
        />
        <Field
          id="password-new"
          label="New password"
          type="password"
          value={next}
          onValue={setNext}
          errors={action.errors.fields.next}
          hint="8 to 128 characters, and not a common password."
          autoComplete="new-password"
          required
          testid="password-new"
        />
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="password-submit">
            {action.busy ? "Changing…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
