// Debian's Chromium, headless, as the browser tests and bench/web launch it.
import { chromium } from "playwright-core";

// Without these, Chromium tries to reach Google's services, which a closed network
// refuses many times over.
const flags = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
  "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic"];

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? "/usr/bin/chromium",
    args: flags,
    timeout: 60_000,
  });
}
