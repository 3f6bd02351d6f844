// The signed-in user's images as the pages show them, kept current by the events stream.

import { get } from "./api";
import { onLiveEvent, streamState } from "./events";
import { announce } from "./live";
import type { ImagePublic } from "./types";

export const isFinal = (image: ImagePublic) => image.status === "ready" || image.status === "failed";

/** Whether `image` is an earlier version than `known` (a late answer, a replayed event). */
export function isOlder(image: ImagePublic, known: ImagePublic): boolean {
  return Date.parse(image.updated_at) < Date.parse(known.updated_at);
}

/** Announces a change of status that a person waits for. */
export function announceChange(before: ImagePublic | undefined, after: ImagePublic): void {
  if (before && before.status === after.status) return;
  if (after.status === "ready") announce(`${after.original_filename} is ready`);
  else if (after.status === "failed") announce(`${after.original_filename} failed: ${after.error ?? "processing failed"}`);
}

/**
 * Calls `apply` with every new version of an image: from the events stream, and by asking
 * the API about the images `unfinished()` names when the stream (re)connects (a replay
 * covers only the last minutes) and every few seconds while it is down.
 */
export function watchImages(unfinished: () => ImagePublic[], apply: (image: ImagePublic) => void): () => void {
  const catchUp = () => {
    for (const image of unfinished().slice(0, 20)) {
      get<ImagePublic>(`/api/v1/images/${image.id}`).then(apply, () => undefined);
    }
  };
  const stopEvents = onLiveEvent((event) => {
    if (event.type === "image") apply(event.image);
    else if (event.type === "connected") catchUp();
  });
  const poll = setInterval(() => {
    if (streamState.get() !== "live") catchUp();
  }, 4000);
  return () => {
    stopEvents();
    clearInterval(poll);
  };
}
