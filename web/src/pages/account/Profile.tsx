import { useState } from "preact/hooks";
import { Field, FormMessage, submitHandler, useAction } from "../../components/Form";
import { patch, post } from "../../lib/api";
import { messageOf } from "../../lib/errors";
import { setUser } from "../../lib/session";
import type { Message, UserPublic } from "../../lib/types";

export function Profile({ user }: { user: UserPublic }) {
  const [fullName, setFullName] = useState(user.full_name ?? "");
  const [email, setEmail] = useState(user.email);
  const action = useAction();

  const save = () =>
    action.run(async () => {
      const changes: Record<string, string> = {};
      if (fullName.trim() !== (user.full_name ?? "")) changes.full_name = fullName.trim();
      if (email.trim().toLowerCase() !== user.email) changes.email = email.trim();
      if (Object.keys(changes).length === 0) return "Nothing to change.";
      const updated = await patch<UserPublic>("/api/v1/users/me", changes);
      setUser(updated);
      setEmail(updated.email);
      return changes.email
        ? `Saved. We sent a verification link to ${updated.email}; open it to verify the new address.`
        : "Saved.";
    }, ["full_name", "email"]);

  return (
    <section class="card" aria-labelledby="profile-title" data-testid="profile-section">
      <h2 id="profile-title">Profile</h2>
      <form onSubmit={submitHandler(save)} data-testid="profile-form">
        <FormMessage errors={action.errors.form} success={action.success} />
        <Field
          id="profile-name"
          label="Full name"
          value={fullName}
          onValue={setFullName}
          errors={action.errors.fields.full_name}
          autoComplete="name"
          testid="profile-name"
        />
        <Field
          id="profile-email"
          label="Email"
          type="email"
          value={email}
          onValue={setEmail}
          errors={action.errors.fields.email}
          hint="A new address must be verified again."
          autoComplete="email"
          required
          testid="profile-email"
        />
        <div class="actions">
          <button class="button button-primary" type="submit" disabled={action.busy} data-testid="profile-submit">
            {action.busy ? "Saving…" : "Save"}
          </button>
        </div>
      </form>
    </section>
  );
}

export function Verification({ user }: { user: UserPublic }) {
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);
  if (user.email_verified) return null;
  const resend = async () => {
    setBusy(true);
    try {
      const answer = await post<Message>("/api/v1/auth/resend-verification");
      setMessage({ text: answer.detail, error: false });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="card card-warning" aria-labelledby="verify-title" data-testid="verification-section">
      <h2 id="verify-title">Your email is not verified</h2>
      <p>We sent a link to <strong>{user.email}</strong>. Open it to verify your address.</p>
      {message && (
        <div class={message.error ? "message message-error" : "message message-success"} role={message.error ? "alert" : "status"}>
          <p>{message.text}</p>
        </div>
      )}
      <div class="actions">
        <button class="button" type="button" onClick={resend} disabled={busy} data-testid="resend-verification">
          {busy ? "Sending…" : "Send the link again"}
        </button>
      </div>
    </section>
  );
}
