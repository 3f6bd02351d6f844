import { useState } from "preact/hooks";
import { AccountName, Field, FormMessage, submitHandler, useAction } from "../../components/Form";
import { del, post } from "../../lib/api";
import { loadUser, setUser } from "../../lib/session";
import type { TwoFactorSetup, UserPublic } from "../../lib/types";

/** The QR code as an image (not inserted markup): an SVG in a data: URL stays inert. */
function qrSource(svg: string): string {
  const utf8 = new TextEncoder().encode(svg);
  let binary = "";
  for (const byte of utf8) binary += String.fromCharCode(byte);
  return `data:image/svg+xml;base64,${btoa(binary)}`;
}

// The API's 400 answers that are about one field of these forms.
const byDetail = { "Incorrect password": "password", "Invalid two-factor code": "code" };

/** The base32 secret in groups of four, easier to type. */
const grouped = (secret: string) => secret.replace(/(.{4})/g, "$1 ").trim();

export function TwoFactor({ user }: { user: UserPublic }) {
  const [password, setPassword] = useState("");
  const [code, setCode] = useState("");
  const [setup, setSetup] = useState<TwoFactorSetup | null>(null);
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null);
  const action = useAction();

  const refreshUser = async () => setUser(await loadUser());

  const start = () =>
    action.run(async () => {
      setSetup(await post<TwoFactorSetup>("/api/v1/users/me/2fa/setup", { password }));
      setPassword("");
      setCode("");
    }, ["password"], byDetail);

  const confirm = () =>
    action.run(async () => {
      const answer = await post<{ recovery_codes: string[] }>("/api/v1/users/me/2fa/confirm", { code: code.trim() });
      setRecoveryCodes(answer.recovery_codes);
      setSetup(null);
      setCode("");
      await refreshUser();
    }, ["code"], byDetail);

  const disable = () =>
    action.run(async () => {
      await del("/api/v1/users/me/2fa", { password, code: code.trim() });
      setPassword("");
      setCode("");
      await refreshUser();
      return "Two-factor authentication is off.";
    }, ["password", "code"], byDetail);

  const passwordField = (
    <>
      <AccountName email={user.email} />
      <Field
        id="twofactor-password"
        label="Your password"
        type="password"
        value={password}
        onValue={setPassword}
        errors={action.errors.fields.password}
        autoComplete="current-password"
        required
        testid="twofactor-password"
      />
    </>
  );
  const codeField = (hint: string) => (
    <Field
      id="twofactor-code"
      label="Code"
      value={code}
      onValue={setCode}
      errors={action.errors.fields.code}
      hint={hint}
      autoComplete="one-time-code"
      inputMode="numeric"
      spellcheck={false}
      required
      testid="twofactor-code"
    />
  );

  let body;
  if (recoveryCodes) {
    body = (
      <div data-testid="recovery-codes-panel">
        <div class="message message-success" role="status">
          <p>Two-factor authentication is on.</p>
        </div>
        <p>
          Keep these recovery codes somewhere safe. Each one logs you in once if you lose your
          device. They are shown only now.
        </p>
        <ol class="recovery-codes" data-testid="recovery-codes">
          {recoveryCodes.map((item) => <li key={item}><code>{item}</code></li>)}
        </ol>
        <div class="actions">
          <button class="button" type="button" onClick={() => setRecoveryCodes(null)} data-testid="recovery-codes-done">
            I have saved them
          </button>
        </div>
      </div>
    );
  } else if (user.two_factor_enabled) {
    body = (
      <form onSubmit={submitHandler(disable)} data-testid="twofactor-disable-form">
        <p>
          Two-factor authentication is <strong data-testid="twofactor-state">on</strong>: logging in asks for a code
          from your authenticator app.
        </p>
        <FormMessage errors={action.errors.form} success={action.success} />
        {passwordField}
        {codeField("A code from your app, or a recovery code.")}
        <div class="actions">
          <button class="button button-danger" type="submit" disabled={action.busy} data-testid="twofactor-disable">
            {action.busy ? "Turning off…" : "Turn off two-factor authentication"}
          </button>
        </div>
      </form>
    );
  } else if (setup) {
    body = (
      <form onSubmit={submitHandler(confirm)} data-testid="twofactor-confirm-form">
        <p>Scan this QR code with your authenticator app, or type the key in it.</p>
        <div class="qr">
          <img
            src={qrSource(setup.qr_svg)}
            alt="QR code of your two-factor authentication key"
            width={200}
            height={200}
            data-testid="twofactor-qr"
          />
          <p>
            Key: <code class="secret" data-testid="twofactor-secret" data-secret={setup.secret}>{grouped(setup.secret)}</code>
          </p>
        </div>
        <FormMessage errors={action.errors.form} />
        {codeField("The 6-digit code your app shows now.")}
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="twofactor-confirm">
            {action.busy ? "Checking…" : "Turn on"}
          </button>
          <button class="button" type="button" onClick={() => setSetup(null)}>Cancel</button>
        </div>
      </form>
    );
  } else {
    body = (
      <form onSubmit={submitHandler(start)} data-testid="twofactor-setup-form">
        <p>
          Two-factor authentication is <strong data-testid="twofactor-state">off</strong>. Turn it on to ask for a code
          from an authenticator app at each login.
        </p>
        <FormMessage errors={action.errors.form} success={action.success} />
        {passwordField}
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="twofactor-setup">
            {action.busy ? "Starting…" : "Set up two-factor authentication"}
          </button>
        </div>
      </form>
    );
  }

  return (
    <section class="card" aria-labelledby="twofactor-title" data-testid="twofactor-section">
      <h2 id="twofactor-title">Two-factor authentication</h2>
      {body}
    </section>
  );
}
