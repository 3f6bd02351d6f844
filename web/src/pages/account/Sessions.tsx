import { useEffect, useState } from "preact/hooks";
import { del, get } from "../../lib/api";
import { messageOf } from "../../lib/errors";
import { device, when } from "../../lib/format";
import type { Page, SessionPublic } from "../../lib/types";

export function Sessions() {
  const [sessions, setSessions] = useState<SessionPublic[] | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [busy, setBusy] = useState(false);

  const load = () =>
    get<Page<SessionPublic>>("/api/v1/users/me/sessions/").then(
      (page) => setSessions(page.data),
      (error) => setMessage({ text: messageOf(error), error: true }),
    );
  useEffect(() => {
    void load();
  }, []);

  const act = async (path: string, done: string) => {
    setBusy(true);
    setMessage(null);
    try {
      await del(path);
      setMessage({ text: done, error: false });
      await load();
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  const others = sessions?.filter((session) => !session.current).length ?? 0;
  return (
    <section class="card" aria-labelledby="sessions-title" data-testid="sessions-section">
      <h2 id="sessions-title">Sessions</h2>
      <p>Where your account is logged in. End any session you do not recognise.</p>
      {message && (
        <div class={message.error ? "message message-error" : "message message-success"} role={message.error ? "alert" : "status"}>
          <p>{message.text}</p>
        </div>
      )}
      {sessions === null ? (
        <p role="status">Loading sessions…</p>
      ) : (
        <div class="table-scroll">
          <table class="table" data-testid="sessions-table">
            <caption class="visually-hidden">Your sessions, newest first</caption>
            <thead>
              <tr>
                <th scope="col">Device</th>
                <th scope="col">Address</th>
                <th scope="col">Started</th>
                <th scope="col">Last used</th>
                <th scope="col">Ends</th>
                <th scope="col"><span class="visually-hidden">Actions</span></th>
              </tr>
            </thead>
            <tbody>
              {sessions.map((session) => (
                <tr key={session.id} data-testid="session-row" data-current={session.current ? "true" : "false"}>
                  <td>
                    <span title={session.user_agent ?? undefined}>{device(session.user_agent)}</span>
                    {session.current && <span class="badge badge-current">This session</span>}
                  </td>
                  <td>{session.ip ?? "—"}</td>
                  <td class="when">{when(session.created_at)}</td>
                  <td class="when">{when(session.last_used_at)}</td>
                  <td class="when">{when(session.expires_at)}</td>
                  <td>
                    {!session.current && (
                      <button
                        class="button button-small"
                        type="button"
                        disabled={busy}
                        onClick={() => act(`/api/v1/users/me/sessions/${session.id}`, "The session has ended.")}
                        data-testid="session-revoke"
                      >
                        End<span class="visually-hidden"> the session of {device(session.user_agent)} started {when(session.created_at)}</span>
                      </button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <div class="actions">
        <button
          class="button"
          type="button"
          disabled={busy || others === 0}
          onClick={() => act("/api/v1/users/me/sessions/", "Every other session has ended.")}
          data-testid="sessions-revoke-others"
        >
          End all other sessions
        </button>
      </div>
    </section>
  );
}
