// What the polite live region announces to screen readers (uploads, status changes).

import { Store } from "./store";

export const announcement = new Store<{ text: string; serial: number }>({ text: "", serial: 0 });

export function announce(text: string): void {
  announcement.set({ text, serial: announcement.get().serial + 1 });
}
