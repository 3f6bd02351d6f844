import { useEffect, useState } from "preact/hooks";
import { blob } from "../lib/api";

type Props = { src: string; alt: string; width?: number; height?: number; version?: string; class?: string };

/**
 * An image the API serves only with the bearer token: fetched with it, shown through an
 * object URL (CSP allows blob: images), released when the image leaves the page.
 */
export function AuthImage({ src, alt, width, height, version, class: className }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  const [failed, setFailed] = useState(false);
  useEffect(() => {
    const abort = new AbortController();
    let objectUrl: string | null = null;
    setFailed(false);
    blob(src, abort.signal).then(
      (data) => {
        objectUrl = URL.createObjectURL(data);
        setUrl(objectUrl);
      },
      (error: unknown) => {
        if (!(error instanceof DOMException && error.name === "AbortError")) setFailed(true);
      },
    );
    return () => {
      abort.abort();
      if (objectUrl) URL.revokeObjectURL(objectUrl);
      setUrl(null);
    };
  }, [src, version]);
  if (!url) {
    return (
      <span class={`image-placeholder ${className ?? ""}`} role="img" aria-label={failed ? `${alt} (could not be loaded)` : alt}>
        {failed ? "Could not load" : ""}
      </span>
    );
  }
  return <img class={className} src={url} alt={alt} width={width} height={height} />;
}
