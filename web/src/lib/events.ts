// The live events of the signed-in user (GET /api/v1/events, Server-Sent Events). The
// stream needs the bearer token, which EventSource cannot send, so it is read with fetch.
// It reconnects after a pause with Last-Event-ID (the server replays what was missed);
// a 401 gets one refresh of the session, and when that fails the session ends: this is how
// a revoked session (a deactivated user, a password reset) reaches an open page.

import { send } from "./http";
import { currentToken, end, onEnd, refresh, SESSION_ENDED } from "./session";
import { SseParser } from "./sse";
import { Store } from "./store";
import type { ImagePublic, TaskPublic } from "./types";

export type LiveEvent =
  | { type: "image"; image: ImagePublic }
  | { type: "task"; task: TaskPublic }
  | { type: "connected" };

export type StreamState = "off" | "connecting" | "live" | "waiting";

export const streamState = new Store<StreamState>("off");

const listeners = new Set<(event: LiveEvent) => void>();

export function onLiveEvent(listener: (event: LiveEvent) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

function emit(event: LiveEvent): void {
  for (const listener of [...listeners]) listener(event);
}

const HEARTBEAT_TIMEOUT_MS = 45_000; // the server sends a comment at least every 15 s
const MAX_DELAY_MS = 30_000;

let stopper: AbortController | null = null;

export function startEvents(): void {
  stopEvents();
  stopper = new AbortController();
  void run(stopper.signal);
}

export function stopEvents(): void {
  stopper?.abort();
  stopper = null;
  streamState.set("off");
}

// A session that ends (logout, revocation) stops its stream at once.
onEnd(() => stopEvents());

function sleep(ms: number, stop: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      stop.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    stop.addEventListener("abort", done);
  });
}

function backoff(failures: number, floor: number): number {
  const base = Math.min(MAX_DELAY_MS, floor * 2 ** Math.max(0, failures - 1));
  return base / 2 + Math.random() * (base / 2);
}

async function run(stop: AbortSignal): Promise<void> {
  const parser = new SseParser((event) => {
    try {
      if (event.type === "image") emit({ type: "image", image: JSON.parse(event.data) as ImagePublic });
      else if (event.type === "task") emit({ type: "task", task: JSON.parse(event.data) as TaskPublic });
    } catch {
      // a malformed event is skipped; the next ones still count
    }
  });
  let failures = 0;
  let refreshed = false;
  while (!stop.aborted) {
    streamState.set(failures === 0 ? "connecting" : "waiting");
    const abort = new AbortController();
    const onStop = () => abort.abort();
    stop.addEventListener("abort", onStop);
    let opened = false;
    let floor = parser.retry ?? 1_000;
    try {
      const headers: Record<string, string> = { Accept: "text/event-stream", "Cache-Control": "no-cache" };
      if (parser.lastEventId) headers["Last-Event-ID"] = parser.lastEventId;
      const response = await send("GET", "/api/v1/events", { token: await currentToken(), headers, signal: abort.signal });
      if (stop.aborted) return;
      if (response.status === 401) {
        await response.body?.cancel().catch(() => undefined);
        if (refreshed) {
          end(SESSION_ENDED);
          return;
        }
        refreshed = true;
        let renewed = false;
        try {
          renewed = await refresh();
        } catch {
          // The service did not answer: the session may be fine, ask again later.
          refreshed = false;
          failures++;
          await sleep(backoff(failures, floor), stop);
          continue;
        }
        if (stop.aborted) return;
        if (!renewed) {
          end(SESSION_ENDED);
          return;
        }
        continue;
      }
      const type = response.headers.get("Content-Type") ?? "";
      if (!response.ok || !response.body || !type.startsWith("text/event-stream")) {
        await response.body?.cancel().catch(() => undefined);
        // A server without the stream (404) is asked every 10 s or more; other failures
        // (503 while a dependency is down) back off from the server's retry delay.
        if (response.status === 404) floor = Math.max(floor, 10_000);
        throw new Error(`events: HTTP ${response.status}`);
      }
      opened = true;
      failures = 0;
      refreshed = false;
      streamState.set("live");
      parser.reset();
      emit({ type: "connected" });
      await read(response.body, parser, abort);
    } catch {
      // a network error, a stream cut or stalled: reconnect below
    } finally {
      stop.removeEventListener("abort", onStop);
    }
    if (stop.aborted) return;
    if (!opened) failures++;
    streamState.set("waiting");
    // The server ended the stream (a restart, a revoked session): come back soon, and find
    // out which. A stream that never opened waits longer each time.
    await sleep(opened ? (parser.retry ?? 1_000) * (0.5 + Math.random()) : backoff(failures, floor), stop);
  }
}

async function read(body: ReadableStream<Uint8Array>, parser: SseParser, abort: AbortController): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let watchdog = setTimeout(() => abort.abort(), HEARTBEAT_TIMEOUT_MS);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      clearTimeout(watchdog);
      if (done) break;
      watchdog = setTimeout(() => abort.abort(), HEARTBEAT_TIMEOUT_MS);
      parser.feed(decoder.decode(value, { stream: true }));
    }
    parser.feed(decoder.decode());
  } finally {
    clearTimeout(watchdog);
    reader.releaseLock();
  }
}
