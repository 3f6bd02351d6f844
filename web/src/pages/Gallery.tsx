import { useEffect, useRef, useState } from "preact/hooks";
import { ImageCard } from "../components/ImageCard";
import { PageHeading } from "../components/PageHeading";
import { Uploader } from "../components/Uploader";
import { get } from "../lib/api";
import { messageOf } from "../lib/errors";
import { streamState } from "../lib/events";
import { announceChange, isFinal, isOlder, watchImages } from "../lib/images";
import { useStore } from "../lib/store";
import type { ImagePublic, Page } from "../lib/types";

const PAGE_SIZE = 24;

const streamText = {
  off: "Live updates are off",
  connecting: "Connecting to live updates…",
  live: "Live updates are on",
  waiting: "Live updates are reconnecting…",
};

export function Gallery() {
  const [images, setImages] = useState<ImagePublic[]>([]);
  const [count, setCount] = useState(0);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const stream = useStore(streamState);
  const current = useRef<ImagePublic[]>([]);

  const commit = (list: ImagePublic[]) => {
    current.current = list;
    setImages(list);
  };

  /** Puts a new version of an image in the list (at the top when it is new here). */
  const apply = (image: ImagePublic) => {
    const list = current.current;
    const before = list.find((item) => item.id === image.id);
    if (before && isOlder(image, before)) return; // a late answer about an earlier state
    announceChange(before, image);
    if (before) {
      commit(list.map((item) => (item.id === image.id ? image : item)));
    } else {
      commit([image, ...list]);
      setCount((n) => n + 1);
    }
  };

  const load = async (skip: number) => {
    setLoading(true);
    setError(null);
    try {
      const page = await get<Page<ImagePublic>>(`/api/v1/images/?skip=${skip}&limit=${PAGE_SIZE}`);
      setCount(page.count);
      const list = current.current;
      const known = new Set(list.map((item) => item.id));
      commit(skip === 0 ? page.data : [...list, ...page.data.filter((item) => !known.has(item.id))]);
    } catch (failure) {
      setError(messageOf(failure));
    } finally {
      setLoading(false);
    }
  };

  useEffect(() => {
    void load(0);
    return watchImages(() => current.current.filter((image) => !isFinal(image)), apply);
  }, []);

  return (
    <div class="gallery-page">
      <div class="page-head">
        <PageHeading title="Your images" />
        <p class={`stream-state stream-${stream}`} data-testid="stream-state" data-state={stream}>
          {streamText[stream]}
        </p>
      </div>
      <Uploader onUploaded={apply} />
      <section aria-labelledby="images-title" class="images">
        <h2 id="images-title">
          Images <span class="count" data-testid="image-count">({count})</span>
        </h2>
        {error && (
          <div class="message message-error" role="alert">
            <p>{error}</p>
            <button class="button" type="button" onClick={() => load(0)}>Try again</button>
          </div>
        )}
        {!loading && !error && images.length === 0 && (
          <p class="empty" data-testid="gallery-empty">No images yet. Upload some above.</p>
        )}
        <ul class="image-grid" data-testid="image-grid">
          {images.map((image) => <ImageCard key={image.id} image={image} />)}
        </ul>
        {loading && <p role="status">Loading images…</p>}
        {!loading && images.length < count && (
          <div class="actions center">
            <button class="button" type="button" onClick={() => load(images.length)} data-testid="load-more">
              Load more ({count - images.length} left)
            </button>
          </div>
        )}
      </section>
    </div>
  );
}
