import { useState } from "preact/hooks";
import { Link } from "../components/Link";
import { Field, FormMessage, submitHandler, useAction } from "../components/Form";
import { PageHeading } from "../components/PageHeading";
import { ApiError, readJson, send } from "../lib/http";
import { signIn } from "../lib/session";
import type { Token } from "../lib/types";

export function Login({ notice }: { notice?: string | undefined }) {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [mfaToken, setMfaToken] = useState<string | null>(null);
  const [code, setCode] = useState("");
  const first = useAction();
  const second = useAction();

  const logIn = () =>
    first.run(async () => {
      const response = await send("POST", "/api/v1/auth/login", { form: { username: email, password } });
      try {
        await signIn(await readJson<Token>(response));
      } catch (error) {
        if (error instanceof ApiError && error.status === 403 && error.body?.mfa_required === true) {
          setMfaToken(String(error.body.mfa_token));
          setCode("");
          return;
        }
        throw error;
      }
    }, { username: "email", password: "password" });

  const verify = () =>
    second.run(async () => {
      const response = await send("POST", "/api/v1/auth/login/2fa", {
        json: { mfa_token: mfaToken, code: code.trim() },
      });
      try {
        await signIn(await readJson<Token>(response));
      } catch (error) {
        // An expired or used step: start again from the password.
        if (error instanceof ApiError && error.status === 401 && /log in again/i.test(String(error.detail))) {
          setMfaToken(null);
          first.setErrors({ fields: {}, form: ["The two-factor step expired. Please log in again."] });
          return;
        }
        throw error;
      }
    }, { code: "code" }, { "Invalid two-factor code": "code" });

  if (mfaToken) {
    return (
      <section class="card narrow">
        <PageHeading title="Two-factor code" />
        <p>Enter the 6-digit code from your authenticator app, or one of your recovery codes.</p>
        <form onSubmit={submitHandler(verify)} data-testid="mfa-form">
          <FormMessage errors={second.errors.form} />
          <Field
            id="mfa-code"
            label="Code"
            value={code}
            onValue={setCode}
            errors={second.errors.fields.code}
            autoComplete="one-time-code"
            inputMode="text"
            spellcheck={false}
            required
            autoFocus
            testid="mfa-code"
          />
          <div class="actions">
            <button class="button button-primary" type="submit" disabled={second.busy} data-testid="mfa-submit">
              {second.busy ? "Checking…" : "Verify"}
            </button>
            <button class="button" type="button" onClick={() => setMfaToken(null)}>
              Back
            </button>
          </div>
        </form>
      </section>
    );
  }

  return (
    <section class="card narrow">
      <PageHeading title="Log in" />
      {notice && (
        <div class="message message-info" role="status" data-testid="session-notice">
          <p>{notice}</p>
        </div>
      )}
      <form onSubmit={submitHandler(logIn)} data-testid="login-form">
        <FormMessage errors={first.errors.form} />
        <Field
          id="login-email"
          label="Email"
          type="email"
          value={email}
          onValue={setEmail}
          errors={first.errors.fields.email}
          autoComplete="username"
          required
          testid="login-email"
        />
        <Field
          id="login-password"
          label="Password"
          type="password"
          value={password}
          onValue={setPassword}
          errors={first.errors.fields.password}
          autoComplete="current-password"
          required
          testid="login-password"
        />
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={first.busy} data-testid="login-submit">
            {first.busy ? "Logging in…" : "Log in"}
          </button>
        </div>
      </form>
      <p class="aside">
        <Link href="/forgot-password" data-testid="forgot-password-link">Forgot your password?</Link>
        {" · "}
        <Link href="/signup" data-testid="signup-link">Create an account</Link>
      </p>
    </section>
  );
}
