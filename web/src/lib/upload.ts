// One image upload (POST /api/v1/images/, multipart field `file`) through XMLHttpRequest,
// whose upload events give the progress that fetch cannot.

import { ApiError, retryAfterOf } from "./http";
import { currentToken, end, refresh, SESSION_ENDED } from "./session";
import type { ImagePublic, ValidationIssue } from "./types";

export interface UploadHandle {
  promise: Promise<ImagePublic>;
  abort(): void;
}

function once(file: File, token: string | null, onProgress: (fraction: number) => void, xhr: XMLHttpRequest) {
  return new Promise<ImagePublic>((resolve, reject) => {
    xhr.open("POST", "/api/v1/images/");
    xhr.setRequestHeader("Accept", "application/json");
    if (token) xhr.setRequestHeader("Authorization", `Bearer ${token}`);
    xhr.upload.onprogress = (event) => {
      if (event.lengthComputable && event.total > 0) onProgress(event.loaded / event.total);
    };
    xhr.onload = () => {
      let body: Record<string, unknown> | null = null;
      try {
        body = xhr.responseText ? (JSON.parse(xhr.responseText) as Record<string, unknown>) : null;
      } catch {
        body = null;
      }
      if (xhr.status >= 200 && xhr.status < 300 && body) {
        onProgress(1);
        resolve(body as unknown as ImagePublic);
        return;
      }
      const detail = body && (typeof body.detail === "string" || Array.isArray(body.detail))
        ? (body.detail as string | ValidationIssue[])
        : null;
      reject(new ApiError(xhr.status, detail, retryAfterOf(xhr.getResponseHeader("Retry-After")), body));
    };
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(new DOMException("Upload cancelled", "AbortError"));
    const form = new FormData();
    form.append("file", file, file.name);
    xhr.send(form);
  });
}

export function uploadImage(file: File, onProgress: (fraction: number) => void): UploadHandle {
  let xhr = new XMLHttpRequest();
  let aborted = false;
  const promise = (async () => {
    try {
      return await once(file, await currentToken(), onProgress, xhr);
    } catch (error) {
      if (!(error instanceof ApiError) || error.status !== 401 || aborted) throw error;
      // An expired access token: renew the session once and send the file again.
      if (!(await refresh())) {
        end(SESSION_ENDED);
        throw new ApiError(401, SESSION_ENDED);
      }
      onProgress(0);
      xhr = new XMLHttpRequest();
      return once(file, await currentToken(), onProgress, xhr);
    }
  })();
  return {
    promise,
    abort() {
      aborted = true;
      xhr.abort();
    },
  };
}
