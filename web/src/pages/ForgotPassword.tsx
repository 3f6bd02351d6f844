import { useState } from "preact/hooks";
import { Field, FormMessage, submitHandler, useAction } from "../components/Form";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { sentenceOf } from "../lib/errors";
import { readJson, send } from "../lib/http";
import type { Message } from "../lib/types";

export function ForgotPassword() {
  const [email, setEmail] = useState("");
  const action = useAction();

  const recover = () =>
    action.run(async () => {
      const answer = await readJson<Message>(
        await send("POST", "/api/v1/auth/password-recovery", { json: { email } }),
      );
      return `${sentenceOf(answer.detail)} The link in it is valid for a limited time.`;
    }, ["email"]);

  return (
    <section class="card narrow">
      <PageHeading title="Forgot your password?" />
      <p>Enter the email of your account and we will send you a link to choose a new password.</p>
      <form onSubmit={submitHandler(recover)} data-testid="recovery-form">
        <FormMessage errors={action.errors.form} success={action.success} />
        <Field
          id="recovery-email"
          label="Email"
          type="email"
          value={email}
          onValue={setEmail}
          errors={action.errors.fields.email}
          autoComplete="email"
          required
          testid="recovery-email"
        />
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="recovery-submit">
            {action.busy ? "Sending…" : "Send the link"}
          </button>
        </div>
      </form>
      <p class="aside">
        <Link href="/login">Back to log in</Link>
      </p>
    </section>
  );
}
