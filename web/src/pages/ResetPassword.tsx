import { useEffect, useRef, useState } from "preact/hooks";
import { Field, FormMessage, submitHandler, useAction } from "../components/Form";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { ApiError, readJson, send } from "../lib/http";
import { auth, end } from "../lib/session";
import type { Message } from "../lib/types";

// What POST /auth/reset-password answers (400) when the account has two-factor
// authentication on: the code is missing, or it is wrong. The reset token stays usable.
const CODE_REQUIRED = "Two-factor code required";
const CODE_INVALID = "Invalid two-factor code";

/** The reset email's link: /reset-password?token=… */
export function ResetPassword({ query }: { query: URLSearchParams }) {
  const token = query.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [repeat, setRepeat] = useState("");
  const [code, setCode] = useState("");
  const [askCode, setAskCode] = useState(false);
  const [done, setDone] = useState(false);
  const codeInput = useRef<HTMLDivElement>(null);
  const action = useAction();

  useEffect(() => {
    if (action.errors.fields.code) codeInput.current?.querySelector("input")?.focus();
  }, [action.errors]);

  const reset = () => {
    if (password !== repeat) {
      action.setErrors({ fields: { repeat: ["The two passwords differ."] }, form: [] });
      return;
    }
    void action.run(async () => {
      const body: Record<string, string> = { token, new_password: password };
      if (code.trim()) body.code = code.trim();
      try {
        await readJson<Message>(await send("POST", "/api/v1/auth/reset-password", { json: body }));
      } catch (error) {
        if (error instanceof ApiError && error.status === 400 && (error.detail === CODE_REQUIRED || error.detail === CODE_INVALID)) {
          setAskCode(true);
          const sentence = error.detail === CODE_REQUIRED
            ? "Your account has two-factor authentication: enter a code from your app or a recovery code."
            : "This code is not right. Enter the current code from your app, or an unused recovery code.";
          throw new ApiError(422, [{ loc: ["body", "code"], msg: sentence, type: "two_factor" }]);
        }
        throw error;
      }
      // Every session of the account has ended, this tab's too.
      if (auth.get().status === "authenticated") end();
      setDone(true);
    }, { new_password: "password", code: "code" });
  };

  if (!token) {
    return (
      <section class="card narrow">
        <PageHeading title="Choose a new password" />
        <p>This page needs the link from the password reset email.</p>
        <p><Link href="/forgot-password">Ask for a reset link</Link></p>
      </section>
    );
  }

  if (done) {
    return (
      <section class="card narrow">
        <PageHeading title="Password changed" />
        <div class="message message-success" role="status" data-testid="reset-done">
          <p>Your password has been changed, and every session of your account has ended.</p>
        </div>
        <p><Link href="/login" data-testid="reset-login-link">Log in with your new password</Link></p>
      </section>
    );
  }

  const expired = action.errors.form.some((sentence) => /invalid or expired token/i.test(sentence));
  return (
    <section class="card narrow">
      <PageHeading title="Choose a new password" />
      <form onSubmit={submitHandler(reset)} data-testid="reset-form">
        <FormMessage errors={action.errors.form} />
        {expired && (
          <p>
            <Link href="/forgot-password">Ask for a new reset link</Link>
          </p>
        )}
        <Field
          id="reset-password"
          label="New password"
          type="password"
          value={password}
          onValue={setPassword}
          errors={action.errors.fields.password}
          hint="8 to 128 characters, and not a common password."
          autoComplete="new-password"
          required
          testid="reset-password"
        />
        <Field
          id="reset-repeat"
          label="New password again"
          type="password"
          value={repeat}
          onValue={setRepeat}
          errors={action.errors.fields.repeat}
          autoComplete="new-password"
          required
          testid="reset-repeat"
        />
        {askCode ? (
          <div ref={codeInput}>
            <Field
              id="reset-code"
              label="Two-factor code"
              value={code}
              onValue={setCode}
              errors={action.errors.fields.code}
              hint="The 6-digit code from your authenticator app, or a recovery code."
              autoComplete="one-time-code"
              spellcheck={false}
              testid="reset-code"
            />
          </div>
        ) : (
          <p>
            <button type="button" class="link-button" onClick={() => setAskCode(true)} data-testid="reset-show-code">
              My account uses two-factor authentication
            </button>
          </p>
        )}
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="reset-submit">
            {action.busy ? "Saving…" : "Change password"}
          </button>
        </div>
      </form>
    </section>
  );
}
