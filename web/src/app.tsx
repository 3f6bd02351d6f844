import { useEffect } from "preact/hooks";
import { Link } from "./components/Link";
import { PageHeading } from "./components/PageHeading";
import { startEvents, stopEvents } from "./lib/events";
import { announcement } from "./lib/live";
import { match, navigate, place } from "./lib/router";
import { auth, logout, restore } from "./lib/session";
import { useStore } from "./lib/store";
import type { UserPublic } from "./lib/types";
import { Account } from "./pages/Account";
import { AdminUsers } from "./pages/AdminUsers";
import { ForgotPassword } from "./pages/ForgotPassword";
import { Gallery } from "./pages/Gallery";
import { ImageDetail } from "./pages/ImageDetail";
import { Login } from "./pages/Login";
import { ResetPassword } from "./pages/ResetPassword";
import { Signup } from "./pages/Signup";
import { VerifyEmail } from "./pages/VerifyEmail";

/** Pages for anyone; every other page needs a signed-in user. */
const PUBLIC = ["/login", "/signup", "/verify-email", "/forgot-password", "/reset-password"];
/** Pages that a signed-in user has no use for. */
const ANONYMOUS_ONLY = ["/login", "/signup", "/forgot-password"];

function safeNext(next: string | null): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

function Page({ user }: { user: UserPublic }) {
  const { path } = useStore(place);
  if (path === "/") return <Gallery />;
  if (path === "/account") return <Account user={user} />;
  if (path === "/admin/users") return <AdminUsers me={user} />;
  const image = match("/images/:id", path);
  if (image) return <ImageDetail key={image.id} id={image.id} />;
  return <NotFound />;
}

function NotFound() {
  return (
    <section class="card narrow" data-testid="not-found">
      <PageHeading title="Page not found" />
      <p>There is nothing at this address.</p>
      <p><Link href="/">Go to the start page</Link></p>
    </section>
  );
}

function Header({ user }: { user: UserPublic | null }) {
  const { path } = useStore(place);
  const current = (href: string) => (path === href || (href === "/" && path.startsWith("/images/")) ? "page" : undefined);
  return (
    <header class="site-header">
      <div class="site-header-inner">
        <Link href="/" class="brand" data-testid="brand">
          <span class="brand-mark" aria-hidden="true" />
          Tessera
        </Link>
        <nav aria-label="Main" class="site-nav">
          <ul>
            {user ? (
              <>
                <li><Link href="/" aria-current={current("/")} data-testid="nav-gallery">Images</Link></li>
                <li><Link href="/account" aria-current={current("/account")} data-testid="nav-account">Account</Link></li>
                {user.is_superuser && (
                  <li><Link href="/admin/users" aria-current={current("/admin/users")} data-testid="nav-admin">Users</Link></li>
                )}
              </>
            ) : (
              <>
                <li><Link href="/login" aria-current={current("/login")} data-testid="nav-login">Log in</Link></li>
                <li><Link href="/signup" aria-current={current("/signup")} data-testid="nav-signup">Sign up</Link></li>
              </>
            )}
          </ul>
        </nav>
        {user && (
          <div class="site-user">
            <span class="site-user-email" data-testid="current-user">{user.email}</span>
            <button class="button button-small" type="button" onClick={() => void logout().then(() => navigate("/login"))} data-testid="logout-button">
              Log out
            </button>
          </div>
        )}
      </div>
    </header>
  );
}

export function App() {
  const state = useStore(auth);
  const { path, query } = useStore(place);
  const live = useStore(announcement);
  const signedIn = state.status === "authenticated";

  useEffect(() => {
    void restore();
  }, []);

  // The live events run while someone is signed in.
  useEffect(() => {
    if (signedIn) startEvents();
    else stopEvents();
  }, [signedIn]);

  // Pages that need a user send the others to the login, and back after it.
  // (Read when the effect runs: a logout may have moved to /login since this render.)
  useEffect(() => {
    const status = auth.get().status;
    const here = place.get();
    if (status === "anonymous" && !PUBLIC.includes(here.path)) {
      const next = here.path === "/" ? "" : `?next=${encodeURIComponent(here.path + window.location.search)}`;
      navigate(`/login${next}`, { replace: true });
    } else if (status === "authenticated" && ANONYMOUS_ONLY.includes(here.path)) {
      navigate(safeNext(here.query.get("next")), { replace: true });
    }
  }, [state.status, path]);

  let content;
  if (state.status === "loading") {
    content = <p class="loading" role="status">Loading…</p>;
  } else if (state.status === "unavailable") {
    content = (
      <section class="card narrow">
        <PageHeading title="Service unavailable" />
        <div class="message message-error" role="alert">
          <p>The service is unavailable right now. Please try again in a moment.</p>
        </div>
        <button class="button button-primary" type="button" onClick={() => void restore()}>Try again</button>
      </section>
    );
  } else if (path === "/verify-email") {
    content = <VerifyEmail query={query} />;
  } else if (path === "/reset-password") {
    content = <ResetPassword key={query.get("token")} query={query} />;
  } else if (state.status === "authenticated") {
    content = ANONYMOUS_ONLY.includes(path) ? null : <Page user={state.user} />;
  } else if (path === "/signup") {
    content = <Signup />;
  } else if (path === "/forgot-password") {
    content = <ForgotPassword />;
  } else if (path === "/login") {
    content = <Login notice={state.notice} />;
  } else {
    content = null; // on its way to /login
  }

  return (
    <>
      <a class="skip-link" href="#main">Skip to the content</a>
      <Header user={signedIn ? state.user : null} />
      <main id="main" class="site-main" tabIndex={-1}>
        {content}
      </main>
      <footer class="site-footer">
        <p>
          Tessera · <a href="/docs">API documentation</a>
        </p>
      </footer>
      <div class="visually-hidden" aria-live="polite" aria-atomic="true" data-testid="live-region">
        {/* A new node each time, so that a repeated sentence is read again. */}
        <span key={live.serial}>{live.text}</span>
      </div>
    </>
  );
}
