// The signed-in session. The access token lives in memory only; the refresh token in this
// tab's sessionStorage, so that a reload can renew the session (web/README.md says why).
// Refresh tokens rotate: every refresh stores the new one, and concurrent callers share one
// refresh in flight (a second use of a token would revoke the session).

import { ApiError, readJson, send } from "./http";
import { Store } from "./store";
import type { Token, UserPublic } from "./types";

export type AuthState =
  | { status: "loading" }
  | { status: "unavailable" }
  | { status: "anonymous"; notice?: string }
  | { status: "authenticated"; user: UserPublic };

export const auth = new Store<AuthState>({ status: "loading" });

export const SESSION_ENDED = "Your session has ended. Please log in again.";

const REFRESH_KEY = "tessera.refresh_token";
const TAB_KEY = "tessera.tab";
const RENEW_BEFORE_MS = 60_000;

let accessToken: string | null = null;
let expiresAt = 0;
let renewTimer: ReturnType<typeof setTimeout> | undefined;
let inflight: Promise<boolean> | null = null;
const endListeners = new Set<() => void>();

// A duplicated tab starts with a copy of this tab's sessionStorage, refresh token included;
// both using it would look like a stolen token and end the session. Each tab marks the
// token it holds with its own id and answers for it, so a copy knows not to use it.
const tabId = Math.random().toString(36).slice(2) + Date.now().toString(36);
const channel = typeof BroadcastChannel === "function" ? new BroadcastChannel("tessera-session") : null;
channel?.addEventListener("message", (event: MessageEvent) => {
  const message = event.data as { type?: string; tab?: string };
  if (message?.type === "who-holds" && message.tab === tabId && sessionStorage.getItem(REFRESH_KEY)) {
    channel.postMessage({ type: "held", tab: tabId });
  }
});

function storedTabIsAlive(tab: string): Promise<boolean> {
  if (!channel || tab === tabId) return Promise.resolve(false);
  return new Promise((resolve) => {
    const onMessage = (event: MessageEvent) => {
      const message = event.data as { type?: string; tab?: string };
      if (message?.type === "held" && message.tab === tab) finish(true);
    };
    const finish = (alive: boolean) => {
      clearTimeout(timer);
      channel.removeEventListener("message", onMessage);
      resolve(alive);
    };
    const timer = setTimeout(() => finish(false), 200);
    channel.addEventListener("message", onMessage);
    channel.postMessage({ type: "who-holds", tab });
  });
}

function storeTokens(token: Token): void {
  accessToken = token.access_token;
  expiresAt = Date.now() + token.expires_in * 1000;
  sessionStorage.setItem(REFRESH_KEY, token.refresh_token);
  sessionStorage.setItem(TAB_KEY, tabId);
  scheduleRenewal(token.expires_in * 1000);
}

function scheduleRenewal(lifetimeMs: number): void {
  clearTimeout(renewTimer);
  const delay = Math.max(5_000, lifetimeMs > 2 * RENEW_BEFORE_MS ? lifetimeMs - RENEW_BEFORE_MS : lifetimeMs * 0.75);
  renewTimer = setTimeout(() => {
    refresh().then(
      (renewed) => { if (!renewed) end(SESSION_ENDED); },
      () => scheduleRenewal(20_000), // the service is away: try again soon
    );
  }, delay);
}

function clearTokens(): void {
  clearTimeout(renewTimer);
  accessToken = null;
  expiresAt = 0;
  sessionStorage.removeItem(REFRESH_KEY);
  sessionStorage.removeItem(TAB_KEY);
}

/**
 * A new token pair for the stored refresh token. true: renewed; false: the session is
 * over (no token, or the API refused it); throws an ApiError when the API could not answer.
 */
export function refresh(): Promise<boolean> {
  inflight ??= (async () => {
    const refreshToken = sessionStorage.getItem(REFRESH_KEY);
    if (!refreshToken) return false;
    const response = await send("POST", "/api/v1/auth/refresh", { json: { refresh_token: refreshToken } });
    if (response.status === 401 || response.status === 400 || response.status === 422) {
      clearTokens();
      return false;
    }
    storeTokens(await readJson<Token>(response));
    return true;
  })().finally(() => {
    inflight = null;
  });
  return inflight;
}

/** The access token to send now, renewed first when it is about to expire. */
export async function currentToken(): Promise<string | null> {
  if (inflight) await inflight.catch(() => undefined);
  if (accessToken && Date.now() > expiresAt - 10_000) {
    await refresh().catch(() => undefined);
  }
  return accessToken;
}

/** Called with the answer of a successful login. */
export async function signIn(token: Token): Promise<UserPublic> {
  storeTokens(token);
  const user = await loadUser();
  auth.set({ status: "authenticated", user });
  return user;
}

export async function loadUser(): Promise<UserPublic> {
  const response = await send("GET", "/api/v1/users/me", { token: accessToken });
  return readJson<UserPublic>(response);
}

export function setUser(user: UserPublic): void {
  auth.set({ status: "authenticated", user });
}

/** Renews the session of a reloaded tab, if it has one. */
export async function restore(): Promise<void> {
  auth.set({ status: "loading" });
  const stored = sessionStorage.getItem(REFRESH_KEY);
  const holder = sessionStorage.getItem(TAB_KEY);
  if (stored && holder && (await storedTabIsAlive(holder))) {
    sessionStorage.removeItem(REFRESH_KEY);
    sessionStorage.removeItem(TAB_KEY);
    auth.set({ status: "anonymous", notice: "This tab is a copy of a signed-in tab. Please log in here too." });
    return;
  }
  try {
    if (!(await refresh())) {
      auth.set({ status: "anonymous" });
      return;
    }
    auth.set({ status: "authenticated", user: await loadUser() });
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      clearTokens();
      auth.set({ status: "anonymous", notice: SESSION_ENDED });
    } else {
      auth.set({ status: "unavailable" });
    }
  }
}

/** Ends the session here (after a logout, a revocation, an expired session). */
export function end(notice?: string): void {
  clearTokens();
  for (const listener of [...endListeners]) listener();
  auth.set({ status: "anonymous", notice });
}

export function onEnd(listener: () => void): () => void {
  endListeners.add(listener);
  return () => endListeners.delete(listener);
}

export async function logout(): Promise<void> {
  const token = accessToken;
  if (token) {
    await send("POST", "/api/v1/auth/logout", { token }).catch(() => undefined);
  }
  end("You have logged out.");
}
