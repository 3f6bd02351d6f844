import { useEffect, useRef, useState } from "preact/hooks";
import { AuthImage } from "../components/AuthImage";
import { ConfirmDialog } from "../components/Dialog";
import { StatusBadge } from "../components/ImageCard";
import { Link } from "../components/Link";
import { PageHeading } from "../components/PageHeading";
import { blob, del, get } from "../lib/api";
import { messageOf } from "../lib/errors";
import { bytes, when } from "../lib/format";
import { ApiError } from "../lib/http";
import { announceChange, isFinal, isOlder, watchImages } from "../lib/images";
import { announce } from "../lib/live";
import { navigate } from "../lib/router";
import type { ImagePublic } from "../lib/types";

export function ImageDetail({ id }: { id: string }) {
  const [image, setImage] = useState<ImagePublic | null>(null);
  const [error, setError] = useState<{ status: number; message: string } | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [deleteErrors, setDeleteErrors] = useState<string[]>([]);
  const current = useRef<ImagePublic | null>(null);

  useEffect(() => {
    const abort = new AbortController();
    get<ImagePublic>(`/api/v1/images/${encodeURIComponent(id)}`, abort.signal).then(
      (found) => {
        current.current = found;
        setImage(found);
      },
      (failure: unknown) => {
        if (failure instanceof DOMException) return;
        setError({ status: failure instanceof ApiError ? failure.status : 0, message: messageOf(failure) });
      },
    );
    const stop = watchImages(
      () => (current.current && !isFinal(current.current) ? [current.current] : []),
      (next) => {
        const known = current.current;
        if (next.id !== id || (known && isOlder(next, known))) return;
        announceChange(known ?? undefined, next);
        current.current = next;
        setImage(next);
      },
    );
    return () => {
      abort.abort();
      stop();
    };
  }, [id]);

  const remove = async () => {
    setDeleting(true);
    setDeleteErrors([]);
    try {
      await del(`/api/v1/images/${encodeURIComponent(id)}`);
      announce(`${image?.original_filename ?? "The image"} was deleted`);
      setConfirming(false);
      navigate("/");
    } catch (failure) {
      setDeleteErrors([messageOf(failure)]);
    } finally {
      setDeleting(false);
    }
  };

  const download = async () => {
    if (!image) return;
    try {
      const data = await blob(`/api/v1/images/${image.id}/variants/original`);
      const url = URL.createObjectURL(data);
      const anchor = document.createElement("a");
      anchor.href = url;
      anchor.download = image.original_filename;
      anchor.click();
      setTimeout(() => URL.revokeObjectURL(url), 10_000);
    } catch (failure) {
      announce(`The download failed: ${messageOf(failure)}`);
    }
  };

  if (error) {
    return (
      <section>
        <PageHeading title={error.status === 404 ? "Image not found" : "Could not load the image"} />
        <div class="message message-error" role="alert">
          <p>{error.status === 404 ? "There is no such image in your gallery." : error.message}</p>
        </div>
        <p><Link href="/">Back to your gallery</Link></p>
      </section>
    );
  }
  if (!image) {
    return (
      <section>
        <PageHeading title="Image" />
        <p role="status">Loading…</p>
      </section>
    );
  }

  const variants = [...image.variants].sort((a, b) => a.width - b.width);
  return (
    <article class="image-detail" data-testid="image-detail" data-status={image.status}>
      <p class="breadcrumb"><Link href="/" data-testid="back-to-gallery">← Your images</Link></p>
      <PageHeading title={image.original_filename} />
      <section aria-labelledby="original-title" class="card">
        <h2 id="original-title">Original</h2>
        <dl class="facts" data-testid="original-facts">
          <dt>Status</dt>
          <dd><StatusBadge status={image.status} /></dd>
          {image.error && (
            <>
              <dt>Error</dt>
              <dd class="image-card-error" data-testid="image-error">{image.error}</dd>
            </>
          )}
          <dt>Dimensions</dt>
          <dd>{image.width}×{image.height} pixels</dd>
          <dt>Type</dt>
          <dd>{image.content_type}</dd>
          <dt>Size</dt>
          <dd>{bytes(image.size_bytes)}</dd>
          <dt>Uploaded</dt>
          <dd>{when(image.created_at)}</dd>
          <dt>Last change</dt>
          <dd>{when(image.updated_at)}</dd>
        </dl>
        <div class="actions">
          <button class="button" type="button" onClick={download} data-testid="download-original">
            Download the original
          </button>
          <button class="button button-danger" type="button" onClick={() => setConfirming(true)} data-testid="delete-image">
            Delete
          </button>
        </div>
      </section>
      <section aria-labelledby="variants-title">
        <h2 id="variants-title">Variants</h2>
        {variants.length === 0 && (
          <p>{isFinal(image) ? "This image has no variants." : "The variants appear here once the image is processed."}</p>
        )}
        <ul class="variants">
          {variants.map((variant) => (
            <li key={variant.name} class="variant card" data-testid="variant" data-variant={variant.name}>
              <figure>
                <AuthImage
                  src={variant.url}
                  alt={`${image.original_filename}, ${variant.name} variant`}
                  width={variant.width}
                  height={variant.height}
                  version={image.updated_at}
                  class="variant-image"
                />
                <figcaption>
                  <strong>{variant.name}</strong>
                  <span>
                    {variant.width}×{variant.height} · {variant.format.toUpperCase()} · {bytes(variant.size_bytes)}
                  </span>
                </figcaption>
              </figure>
            </li>
          ))}
        </ul>
      </section>
      <ConfirmDialog
        id="delete-image-dialog"
        title="Delete this image?"
        open={confirming}
        confirmLabel="Delete the image"
        busy={deleting}
        errors={deleteErrors}
        onConfirm={remove}
        onCancel={() => setConfirming(false)}
      >
        <p>
          <strong>{image.original_filename}</strong> and all its variants will be deleted. This cannot be undone.
        </p>
      </ConfirmDialog>
    </article>
  );
}
