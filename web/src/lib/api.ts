// Calls of the signed-in user: the bearer token is added, and a 401 is answered by one
// refresh of the session and one retry; when the session cannot be renewed it ends here.

import { ApiError, readJson, send, type SendOptions } from "./http";
import { currentToken, end, refresh, SESSION_ENDED } from "./session";

export async function authorized(method: string, path: string, options: SendOptions = {}): Promise<Response> {
  const response = await send(method, path, { ...options, token: await currentToken() });
  if (response.status !== 401) return response;
  let renewed: boolean;
  try {
    renewed = await refresh();
  } catch (error) {
    throw error instanceof ApiError ? error : new ApiError(0, null);
  }
  if (!renewed) {
    end(SESSION_ENDED);
    throw new ApiError(401, SESSION_ENDED);
  }
  return send(method, path, { ...options, token: await currentToken() });
}

export async function call<T>(method: string, path: string, options: SendOptions = {}): Promise<T> {
  return readJson<T>(await authorized(method, path, options));
}

export const get = <T>(path: string, signal?: AbortSignal) => call<T>("GET", path, { signal });
export const post = <T>(path: string, json?: unknown) => call<T>("POST", path, { json });
export const patch = <T>(path: string, json: unknown) => call<T>("PATCH", path, { json });
export const del = <T = void>(path: string, json?: unknown) => call<T>("DELETE", path, { json });

/** Bytes the API serves only with the bearer token (image variants), as a Blob. */
export async function blob(path: string, signal?: AbortSignal): Promise<Blob> {
  const response = await authorized("GET", path, { signal, headers: { Accept: "*/*" } });
  if (!response.ok) throw new ApiError(response.status, null);
  return response.blob();
}
