// Time to first render of the gallery, in Debian's Chromium driven by Playwright: a new tab
// of a user who has many images (the tab holds a refresh token, as after a reload), from
// navigation start to the first contentful paint, to the first page of image cards, and to
// their thumbnails decoded. Prints one JSON line per run and a summary line (medians).
//
//   node bench/web/first_render.mjs BASE_URL REFRESH_TOKENS_FILE RUNS
//
// REFRESH_TOKENS_FILE holds one refresh token per line, one per run (each is used once).
import { readFileSync } from "node:fs";
import { launchChromium } from "../../tests/e2e/chromium.mjs";

const [base, tokensFile, runsText] = process.argv.slice(2);
const runs = Number(runsText ?? 5);
const tokens = readFileSync(tokensFile, "utf8").split("\n").filter(Boolean);
if (tokens.length < runs) throw new Error(`need ${runs} refresh tokens, got ${tokens.length}`);

const browser = await launchChromium();

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
};

const results = [];
for (let run = 0; run < runs; ++run) {
  // A new context each time: nothing cached, as a first visit after a reload of the session.
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem("tessera.refresh_token")) sessionStorage.setItem("tessera.refresh_token", token);
  }, tokens[run]);
  const page = await context.newPage();
  await page.goto(`${base}/`, { waitUntil: "commit" });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-card"]').length > 0,
    null, { polling: "raf", timeout: 60_000 });
  const cardsAt = await page.evaluate(() => performance.now());
  await page.waitForFunction(() => {
    const thumbs = [...document.querySelectorAll('[data-testid="image-card"] img')];
    return thumbs.length > 0 && thumbs.every((img) => img.complete && img.naturalWidth > 0);
  }, null, { polling: "raf", timeout: 60_000 });
  const thumbsAt = await page.evaluate(() => performance.now());
  const facts = await page.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    cards: document.querySelectorAll('[data-testid="image-card"]').length,
    transferred: performance.getEntriesByType("resource").reduce((n, r) => n + (r.transferSize || 0), 0)
      + (performance.getEntriesByType("navigation")[0]?.transferSize || 0),
  }));
  const result = { run, fcp_ms: Math.round(facts.fcp), cards_ms: Math.round(cardsAt),
    thumbnails_ms: Math.round(thumbsAt), cards: facts.cards, bytes: facts.transferred };
  results.push(result);
  console.log(JSON.stringify(result));
  await context.close();
}
await browser.close();
console.log(JSON.stringify({
  summary: true,
  fcp_ms: median(results.map((r) => r.fcp_ms)),
  cards_ms: median(results.map((r) => r.cards_ms)),
  thumbnails_ms: median(results.map((r) => r.thumbnails_ms)),
  cards: results[0].cards,
  bytes: median(results.map((r) => r.bytes)),
}));
