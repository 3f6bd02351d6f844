import { useEffect, useState } from "preact/hooks";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { post } from "../lib/api";
import { messageOf } from "../lib/errors";
import { readJson, send } from "../lib/http";
import { navigate } from "../lib/router";
import { auth, loadUser, setUser } from "../lib/session";
import type { Message } from "../lib/types";

type Outcome = { state: "checking" } | { state: "ok" } | { state: "invalid"; message: string } | { state: "none" };

/** Where the verification link lands: the API answers a browser with 303 to
 *  `?result=ok` or `?result=invalid`; a `?token=` is checked here. */
export function VerifyEmail({ query }: { query: URLSearchParams }) {
  const token = query.get("token");
  const result = query.get("result");
  const [outcome, setOutcome] = useState<Outcome>(
    token ? { state: "checking" }
      : result === "ok" ? { state: "ok" }
      : result === "invalid" ? { state: "invalid", message: "This verification link is invalid, expired or already used." }
      : { state: "none" },
  );
  const [resent, setResent] = useState<string | null>(null);
  const signedIn = auth.get().status === "authenticated";

  useEffect(() => {
    if (!token) return;
    send("POST", "/api/v1/auth/verify-email", { json: { token } })
      .then((response) => readJson<Message>(response))
      .then(
        () => {
          setOutcome({ state: "ok" });
          navigate("/verify-email?result=ok", { replace: true }); // the token is spent: keep it out of the history
        },
        (error) => setOutcome({ state: "invalid", message: messageOf(error) }),
      );
  }, [token]);

  useEffect(() => {
    // A signed-in user sees the change at once.
    if (outcome.state === "ok" && auth.get().status === "authenticated") loadUser().then(setUser, () => undefined);
  }, [outcome.state]);

  const resend = () =>
    post<Message>("/api/v1/auth/resend-verification").then(
      (answer) => setResent(answer.detail),
      (error) => setResent(messageOf(error)),
    );

  return (
    <section class="card narrow" data-testid="verify-email" data-result={outcome.state}>
      <PageHeading title="Email verification" />
      {outcome.state === "checking" && <p role="status">Checking your link…</p>}
      {outcome.state === "ok" && (
        <div class="message message-success" role="status" data-testid="verify-ok">
          <p>Your email address is verified. Thank you!</p>
        </div>
      )}
      {outcome.state === "invalid" && (
        <div class="message message-error" role="alert" data-testid="verify-invalid">
          <p>{outcome.message}</p>
        </div>
      )}
      {outcome.state === "none" && <p>Open the link in the email we sent you to verify your address.</p>}
      {outcome.state === "invalid" && signedIn && (
        <p>
          <button class="button" type="button" onClick={resend}>Send a new link</button>
          {resent && <span class="inline-note" role="status"> {resent}</span>}
        </p>
      )}
      <p>{signedIn ? <Link href="/">Go to your gallery</Link> : <Link href="/login">Log in</Link>}</p>
    </section>
  );
}
