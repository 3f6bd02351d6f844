// Client-side routing on the History API: the server answers index.html for every path
// that is not the API's or an asset, and the app picks the page from the path.

import { Store } from "./store";

export interface Place {
  path: string;
  query: URLSearchParams;
}

function here(): Place {
  return { path: window.location.pathname, query: new URLSearchParams(window.location.search) };
}

export const place = new Store<Place>(here());

window.addEventListener("popstate", () => place.set(here()));

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  const current = window.location.pathname + window.location.search;
  if (to !== current) {
    if (options.replace) window.history.replaceState(null, "", to);
    else window.history.pushState(null, "", to);
  }
  place.set(here());
}

/** A click that the browser should handle itself (new tab, download, another origin). */
export function isPlainClick(event: MouseEvent, anchor: HTMLAnchorElement): boolean {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey &&
    !anchor.target && !anchor.hasAttribute("download") && anchor.origin === window.location.origin;
}

/** Matches `pattern` ("/images/:id") against `path`: the parameters, or null. */
export function match(pattern: string, path: string): Record<string, string> | null {
  const want = pattern.split("/").filter(Boolean);
  const have = path.split("/").filter(Boolean);
  if (want.length !== have.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < want.length; i++) {
    if (want[i].startsWith(":")) {
      try {
        params[want[i].slice(1)] = decodeURIComponent(have[i]);
      } catch {
        return null;
      }
    } else if (want[i] !== have[i]) {
      return null;
    }
  }
  return params;
}
