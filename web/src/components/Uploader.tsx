import { useEffect, useRef, useState } from "preact/hooks";
import { messageOf } from "../lib/errors";
import { announce } from "../lib/live";
import { uploadImage, type UploadHandle } from "../lib/upload";
import { bytes } from "../lib/format";
import type { ImagePublic } from "../lib/types";

interface Upload {
  key: number;
  name: string;
  size: number;
  progress: number;
  state: "uploading" | "done" | "failed";
  error?: string;
  handle?: UploadHandle;
}

const ACCEPT = "image/jpeg,image/png,image/webp,image/gif";
let serial = 0;

/** The drop zone and file picker, and one progress bar per file being sent. */
export function Uploader({ onUploaded }: { onUploaded: (image: ImagePublic) => void }) {
  const [uploads, setUploads] = useState<Upload[]>([]);
  const [dragging, setDragging] = useState(false);
  const depth = useRef(0);
  const uploaded = useRef(onUploaded);
  uploaded.current = onUploaded;

  const change = (key: number, patch: Partial<Upload>) =>
    setUploads((list) => list.map((upload) => (upload.key === key ? { ...upload, ...patch } : upload)));
  const remove = (key: number) => setUploads((list) => list.filter((upload) => upload.key !== key));

  function start(files: File[]) {
    if (files.length === 0) return;
    announce(files.length === 1 ? `Uploading ${files[0].name}` : `Uploading ${files.length} files`);
    const started: Upload[] = files.map((file) => {
      const key = ++serial;
      const handle = uploadImage(file, (fraction) => change(key, { progress: fraction }));
      handle.promise.then(
        (image) => {
          change(key, { state: "done", progress: 1 });
          announce(`${file.name} uploaded; processing`);
          uploaded.current(image);
          setTimeout(() => remove(key), 4000);
        },
        (error: unknown) => {
          if (error instanceof DOMException && error.name === "AbortError") {
            remove(key);
            return;
          }
          const message = messageOf(error);
          change(key, { state: "failed", error: message });
          announce(`${file.name} was not uploaded: ${message}`);
        },
      );
      return { key, name: file.name, size: file.size, progress: 0, state: "uploading", handle };
    });
    setUploads((list) => [...started, ...list]);
  }

  // A file dropped next to the zone must not replace the page with the file.
  useEffect(() => {
    const stop = (event: DragEvent) => {
      if (event.dataTransfer?.types.includes("Files")) event.preventDefault();
    };
    window.addEventListener("dragover", stop);
    window.addEventListener("drop", stop);
    return () => {
      window.removeEventListener("dragover", stop);
      window.removeEventListener("drop", stop);
    };
  }, []);

  const hasFiles = (event: DragEvent) => !!event.dataTransfer?.types.includes("Files");

  return (
    <section class="uploader" aria-labelledby="upload-title">
      <div
        class={dragging ? "dropzone dropzone-active" : "dropzone"}
        data-testid="drop-zone"
        onDragEnter={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          depth.current++;
          setDragging(true);
        }}
        onDragOver={(event) => {
          if (!hasFiles(event)) return;
          event.preventDefault();
          if (event.dataTransfer) event.dataTransfer.dropEffect = "copy";
        }}
        onDragLeave={() => {
          depth.current = Math.max(0, depth.current - 1);
          if (depth.current === 0) setDragging(false);
        }}
        onDrop={(event) => {
          event.preventDefault();
          depth.current = 0;
          setDragging(false);
          start(Array.from(event.dataTransfer?.files ?? []));
        }}
      >
        <h2 id="upload-title">Upload images</h2>
        <p>Drop JPEG, PNG, WebP or GIF files here, as many as you like, or</p>
        <input
          id="file-input"
          class="file-input"
          type="file"
          multiple
          accept={ACCEPT}
          data-testid="file-input"
          onChange={(event) => {
            const target = event.currentTarget as HTMLInputElement;
            start(Array.from(target.files ?? []));
            target.value = "";
          }}
        />
        <label for="file-input" class="button button-primary">Choose files</label>
      </div>
      {uploads.length > 0 && (
        <ul class="uploads" aria-label="Uploads">
          {uploads.map((upload) => (
            <li key={upload.key} class={`upload upload-${upload.state}`} data-testid="upload-item" data-state={upload.state}>
              <div class="upload-line">
                <span class="upload-name">{upload.name}</span>
                <span class="upload-size">{bytes(upload.size)}</span>
              </div>
              <progress
                max={1}
                value={upload.progress}
                aria-label={`Upload of ${upload.name}`}
                data-testid="upload-progress"
              />
              <div class="upload-line">
                <span class="upload-state">
                  {upload.state === "uploading" && `${Math.round(upload.progress * 100)} %`}
                  {upload.state === "done" && "Uploaded"}
                  {upload.state === "failed" && <span class="upload-error">{upload.error}</span>}
                </span>
                {upload.state === "uploading" && (
                  <button type="button" class="link-button" onClick={() => upload.handle?.abort()}>
                    Cancel<span class="visually-hidden"> upload of {upload.name}</span>
                  </button>
                )}
                {upload.state === "failed" && (
                  <button type="button" class="link-button" onClick={() => remove(upload.key)}>
                    Dismiss<span class="visually-hidden"> the error about {upload.name}</span>
                  </button>
                )}
              </div>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
