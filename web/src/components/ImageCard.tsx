import { AuthImage } from "./AuthImage";
import { Link } from "./Link";
import { bytes, statusLabel } from "../lib/format";
import type { ImagePublic, ImageVariant } from "../lib/types";

/** The variant that fits a card: `thumb`, else the smallest there is. */
export function thumbnailOf(image: ImagePublic): ImageVariant | undefined {
  return image.variants.find((v) => v.name === "thumb") ??
    [...image.variants].sort((a, b) => a.width * a.height - b.width * b.height)[0];
}

export function StatusBadge({ status }: { status: string }) {
  return (
    <span class={`badge badge-${status}`} data-testid="image-status">
      {statusLabel[status] ?? status}
    </span>
  );
}

export function ImageCard({ image }: { image: ImagePublic }) {
  const thumb = image.status === "ready" ? thumbnailOf(image) : undefined;
  return (
    <li class="image-card" data-testid="image-card" data-status={image.status} data-image-id={image.id}>
      <Link href={`/images/${image.id}`} class="image-card-link">
        <span class="image-card-frame">
          {thumb ? (
            <AuthImage
              src={thumb.url}
              alt={`Thumbnail of ${image.original_filename}`}
              width={thumb.width}
              height={thumb.height}
              version={image.updated_at}
              class="image-card-thumb"
            />
          ) : (
            <span class="image-placeholder image-card-thumb" aria-hidden="true">
              {image.status === "failed" ? "!" : "…"}
            </span>
          )}
        </span>
        <span class="image-card-name">{image.original_filename}</span>
      </Link>
      <p class="image-card-facts">
        <StatusBadge status={image.status} />
        <span>
          {image.width}×{image.height} · {bytes(image.size_bytes)}
        </span>
      </p>
      {image.status === "failed" && image.error && (
        <p class="image-card-error" data-testid="image-error">{image.error}</p>
      )}
    </li>
  );
}
