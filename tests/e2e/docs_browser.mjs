// The docs page as a person uses it, in Debian's Chromium driven by Playwright:
// /docs lists the operations, Authorize with the OAuth2 password flow logs in, and
// "Try it out" on GET /api/v1/users/me shows 200 with the user's email, and the page's
// strict Content-Security-Policy refuses nothing it needs.
//
//   node docs_browser.mjs BASE_URL EMAIL PASSWORD SCREENSHOT_PATH
//
// Exits 0 when every step passed; otherwise prints the failed step and exits 1 (a
// screenshot of the page at that moment is written beside SCREENSHOT_PATH).
import { launchChromium } from "./chromium.mjs";

const [base, email, password, screenshot] = process.argv.slice(2);
if (!screenshot) {
  console.error("usage: node docs_browser.mjs BASE_URL EMAIL PASSWORD SCREENSHOT_PATH");
  process.exit(2);
}


const browser = await launchChromium();
const page = await browser.newPage({ viewport: { width: 1280, height: 1600 } });
page.setDefaultTimeout(20_000);
// The page runs under the server's strict Content-Security-Policy: anything it refuses
// (an inline script, eval, a style or image from elsewhere) is reported here.
const refused = [];
page.on("console", (message) => {
  if (/Content Security Policy/i.test(message.text())) refused.push(message.text());
});
let step = "open /docs";
try {
  const opened = await page.goto(`${base}/docs`);
  const policy = opened.headers()["content-security-policy"] ?? "";
  if (!policy.includes("script-src 'self'")) throw new Error(`no strict policy: "${policy}"`);
  const me = page.locator(".opblock-get", {
    has: page.locator('.opblock-summary-path[data-path="/api/v1/users/me"]'),
  });
  await me.waitFor();
  const operations = await page.locator(".opblock").count();
  if (operations < 20) throw new Error(`only ${operations} operations listed`);

  step = "Authorize with the OAuth2 password flow";
  await page.locator(".scheme-container button.authorize").click();
  const dialog = page.locator(".modal-ux");
  await dialog.locator("#oauth_username").fill(email);
  await dialog.locator("#oauth_password").fill(password);
  await dialog.locator(".auth-btn-wrapper button.authorize").click();
  await dialog.locator("button", { hasText: "Logout" }).waitFor();
  await page.screenshot({ path: screenshot, fullPage: false });
  await dialog.locator("button.btn-done").click();

  step = "Try it out on GET /api/v1/users/me";
  await me.locator(".opblock-summary").first().click();
  await me.locator("button.try-out__btn").click();
  await me.locator("button.execute").click();
  const status = me.locator(".live-responses-table .response .response-col_status").first();
  await status.waitFor();
  const code = (await status.innerText()).trim();
  const body = await me.locator(".live-responses-table .response-col_description .microlight").first().innerText();
  if (code !== "200") throw new Error(`status ${code}: ${body}`);
  if (!body.includes(email)) throw new Error(`the body does not show ${email}: ${body}`);

  step = "no Content-Security-Policy violation";
  if (refused.length > 0) throw new Error(refused.join("\n"));
  console.log(`docs page: ${operations} operations, authorized, GET /api/v1/users/me -> ${code}`);
} catch (error) {
  console.error(`docs page: step "${step}" failed: ${error.message}`);
  await page.screenshot({ path: screenshot.replace(/\.png$/, "") + "-failed.png", fullPage: true }).catch(() => {});
  await browser.close();
  process.exit(1);
}
await browser.close();
