// One HTTP exchange with the API, and the error it becomes when it is not a success.

import type { ValidationIssue } from "./types";

export class ApiError extends Error {
  constructor(
    readonly status: number, // 0: the request never got an answer
    readonly detail: string | ValidationIssue[] | null,
    readonly retryAfter: number | null = null,
    readonly body: Record<string, unknown> | null = null,
  ) {
    super(typeof detail === "string" ? detail : `HTTP ${status}`);
  }

  get unavailable(): boolean {
    return this.status === 0 || this.status === 502 || this.status === 503 || this.status === 504;
  }
}

export interface SendOptions {
  json?: unknown;
  form?: Record<string, string>;
  token?: string | null;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export async function send(method: string, path: string, options: SendOptions = {}): Promise<Response> {
  const headers: Record<string, string> = { Accept: "application/json", ...options.headers };
  let body: BodyInit | undefined;
  if (options.json !== undefined) {
    headers["Content-Type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    body = new URLSearchParams(options.form);
  }
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  try {
    return await fetch(path, { method, headers, body, signal: options.signal, cache: "no-store" });
  } catch (error) {
    if (error instanceof DOMException && error.name === "AbortError") throw error;
    throw new ApiError(0, null);
  }
}

/** The answer's JSON body on success (undefined for 204); an ApiError otherwise. */
export async function readJson<T>(response: Response): Promise<T> {
  if (response.ok) {
    if (response.status === 204) return undefined as T;
    const type = response.headers.get("Content-Type") ?? "";
    if (!type.includes("json")) return undefined as T;
    return (await response.json()) as T;
  }
  throw await errorOf(response);
}

export async function errorOf(response: Response): Promise<ApiError> {
  let body: Record<string, unknown> | null = null;
  try {
    const text = await response.text();
    body = text ? (JSON.parse(text) as Record<string, unknown>) : null;
  } catch {
    body = null;
  }
  const detail = body && (typeof body.detail === "string" || Array.isArray(body.detail))
    ? (body.detail as string | ValidationIssue[])
    : null;
  return new ApiError(response.status, detail, retryAfterOf(response.headers.get("Retry-After")), body);
}

export function retryAfterOf(header: string | null): number | null {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.ceil(seconds));
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.ceil((date - Date.now()) / 1000));
}
