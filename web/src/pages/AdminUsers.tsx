import { useEffect, useState } from "preact/hooks";
import { ConfirmDialog } from "../components/Dialog";
import { PageHeading } from "../components/PageHeading";
import { del, get, patch } from "../lib/api";
import { messageOf } from "../lib/errors";
import { when } from "../lib/format";
import { setUser } from "../lib/session";
import type { Page, UserPublic } from "../lib/types";
import { CreateUser } from "./admin/CreateUser";
import { EditUser } from "./admin/EditUser";

const PAGE_SIZE = 20;

export function AdminUsers({ me }: { me: UserPublic }) {
  if (!me.is_superuser) {
    return (
      <section>
        <PageHeading title="Users" />
        <div class="message message-error" role="alert" data-testid="not-allowed">
          <p>You are not allowed to see this page: it is for superusers only.</p>
        </div>
      </section>
    );
  }
  return <UsersAdministration me={me} />;
}

function UsersAdministration({ me }: { me: UserPublic }) {
  const [page, setPage] = useState<Page<UserPublic> | null>(null);
  const [skip, setSkip] = useState(0);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);
  const [editing, setEditing] = useState<UserPublic | null>(null);
  const [deleting, setDeleting] = useState<UserPublic | null>(null);
  const [busy, setBusy] = useState(false);
  const [deleteErrors, setDeleteErrors] = useState<string[]>([]);

  const load = (from = skip) =>
    get<Page<UserPublic>>(`/api/v1/users/?skip=${from}&limit=${PAGE_SIZE}`).then(
      (answer) => {
        // Past the end (the last user of the last page was deleted): go back one page.
        if (answer.data.length === 0 && from > 0) {
          setSkip(Math.max(0, from - PAGE_SIZE));
          return;
        }
        setPage(answer);
      },
      (error) => setMessage({ text: messageOf(error), error: true }),
    );
  useEffect(() => {
    void load(skip);
  }, [skip]);

  const replace = (user: UserPublic) => {
    if (user.id === me.id) setUser(user);
    setPage((current) => current && { ...current, data: current.data.map((u) => (u.id === user.id ? user : u)) });
  };

  const setActive = async (user: UserPublic, active: boolean) => {
    setBusy(true);
    setMessage(null);
    try {
      replace(await patch<UserPublic>(`/api/v1/users/${user.id}`, { is_active: active }));
      setMessage({
        text: active ? `${user.email} is active again.` : `${user.email} is deactivated; their sessions have ended.`,
        error: false,
      });
    } catch (error) {
      setMessage({ text: messageOf(error), error: true });
    } finally {
      setBusy(false);
    }
  };

  const remove = async () => {
    if (!deleting) return;
    setBusy(true);
    setDeleteErrors([]);
    try {
      await del(`/api/v1/users/${deleting.id}`);
      setMessage({ text: `${deleting.email} was deleted.`, error: false });
      setDeleting(null);
      await load();
    } catch (error) {
      setDeleteErrors([messageOf(error)]);
    } finally {
      setBusy(false);
    }
  };

  const count = page?.count ?? 0;
  const last = Math.min(skip + PAGE_SIZE, count);
  const lastPage = Math.max(0, Math.floor((count - 1) / PAGE_SIZE) * PAGE_SIZE);
  return (
    <div class="admin-page">
      <PageHeading title="Users" />
      {message && (
        <div class={message.error ? "message message-error" : "message message-success"} role={message.error ? "alert" : "status"} data-testid="admin-message">
          <p>{message.text}</p>
        </div>
      )}
      <section class="card" aria-labelledby="users-title">
        <h2 id="users-title">
          All users <span class="count" data-testid="user-count">({count})</span>
        </h2>
        {page === null ? (
          <p role="status">Loading users…</p>
        ) : (
          <div class="table-scroll">
            <table class="table" data-testid="users-table">
              <caption class="visually-hidden">Users, oldest first</caption>
              <thead>
                <tr>
                  <th scope="col">Email</th>
                  <th scope="col">Name</th>
                  <th scope="col">Status</th>
                  <th scope="col">Created</th>
                  <th scope="col"><span class="visually-hidden">Actions</span></th>
                </tr>
              </thead>
              <tbody>
                {page.data.map((user) => (
                  <UserRow
                    key={user.id}
                    user={user}
                    self={user.id === me.id}
                    busy={busy}
                    onEdit={() => setEditing(user)}
                    onActive={(active) => setActive(user, active)}
                    onDelete={() => {
                      setDeleteErrors([]);
                      setDeleting(user);
                    }}
                  />
                ))}
              </tbody>
            </table>
          </div>
        )}
        <nav class="pager" aria-label="Pages of users">
          <button class="button" type="button" disabled={skip === 0} onClick={() => setSkip(0)} data-testid="users-first">
            First
          </button>
          <button class="button" type="button" disabled={skip === 0} onClick={() => setSkip(Math.max(0, skip - PAGE_SIZE))} data-testid="users-previous">
            Previous
          </button>
          <span data-testid="users-range">{count === 0 ? "No users" : `${skip + 1}–${last} of ${count}`}</span>
          <button class="button" type="button" disabled={skip + PAGE_SIZE >= count} onClick={() => setSkip(skip + PAGE_SIZE)} data-testid="users-next">
            Next
          </button>
          <button class="button" type="button" disabled={skip + PAGE_SIZE >= count} onClick={() => setSkip(lastPage)} data-testid="users-last">
            Last
          </button>
        </nav>
      </section>
      <CreateUser onCreated={() => void load()} />
      {editing && (
        <EditUser user={editing} self={editing.id === me.id} onSaved={replace} onClose={() => setEditing(null)} />
      )}
      <ConfirmDialog
        id="delete-user-dialog"
        title="Delete this user?"
        open={deleting !== null}
        confirmLabel="Delete the user"
        busy={busy}
        errors={deleteErrors}
        onConfirm={remove}
        onCancel={() => setDeleting(null)}
      >
        <p>
          <strong>{deleting?.email}</strong> and all their images will be deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </div>
  );
}

type RowProps = {
  user: UserPublic;
  self: boolean;
  busy: boolean;
  onEdit: () => void;
  onActive: (active: boolean) => void;
  onDelete: () => void;
};

function UserRow({ user, self, busy, onEdit, onActive, onDelete }: RowProps) {
  const who = <span class="visually-hidden"> {user.email}</span>;
  return (
    <tr data-testid="user-row" data-email={user.email} data-active={String(user.is_active)}>
      <th scope="row">{user.email}</th>
      <td>{user.full_name ?? "—"}</td>
      <td>
        <div class="badges">
          {user.is_active
            ? <span class="badge badge-ready">Active</span>
            : <span class="badge badge-failed">Inactive</span>}
          {user.is_superuser && <span class="badge badge-processing">Superuser</span>}
          {user.email_verified
            ? <span class="badge badge-pending">Verified</span>
            : <span class="badge badge-warning">Unverified</span>}
          {user.two_factor_enabled && <span class="badge badge-pending">2FA</span>}
        </div>
      </td>
      <td class="when">{when(user.created_at)}</td>
      <td>
        <div class="row-actions">
          <button class="button button-small" type="button" onClick={onEdit} data-testid="user-edit">
            Edit{who}
          </button>
          {!self && (
            <>
              <button
                class="button button-small"
                type="button"
                disabled={busy}
                onClick={() => onActive(!user.is_active)}
                data-testid={user.is_active ? "user-deactivate" : "user-activate"}
              >
                {user.is_active ? "Deactivate" : "Activate"}{who}
              </button>
              <button class="button button-small button-danger" type="button" disabled={busy} onClick={onDelete} data-testid="user-delete">
                Delete{who}
              </button>
            </>
          )}
        </div>
      </td>
    </tr>
  );
}
