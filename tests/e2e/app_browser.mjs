// The web app as people use it, in Debian's Chromium driven by Playwright, against the real
// `tessera serve` (which serves the app at `/`) and worker. One journey per run:
//
//   node app_browser.mjs BASE_URL SCREENSHOT_DIR JOURNEY
//
// JOURNEY is one of: signup-upload-delete, password-reset, two-factor, deactivation.
// Settings from the environment: SMTP_MAILDIR (where the SMTP sink writes the mail),
// APP_SUPERUSER_EMAIL and APP_SUPERUSER_PASSWORD (deactivation), APP_IMAGES (image files,
// separated by the path delimiter ':').
//
// Every page the journey shows is scanned with axe-core: any serious or critical violation
// fails the run, and so does anything the page's Content-Security-Policy refuses. A
// screenshot of each page is written into SCREENSHOT_DIR. Exits 0 when every step passed;
// otherwise prints the failed step and exits 1 (with a screenshot of the page at that moment).
import { createHmac, randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, basename } from "node:path";
import { fileURLToPath } from "node:url";
import { launchChromium } from "./chromium.mjs";

const [base, shots, journey] = process.argv.slice(2);
const journeys = { "signup-upload-delete": signupUploadDelete, "password-reset": passwordReset,
  "two-factor": twoFactor, deactivation };
if (!journey || !journeys[journey]) {
  console.error(`usage: node app_browser.mjs BASE_URL SCREENSHOT_DIR ${Object.keys(journeys).join("|")}`);
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const here = dirname(fileURLToPath(import.meta.url));
const axeSource = readFileSync(join(here, "../../node_modules/axe-core/axe.min.js"), "utf8");
const maildir = process.env.SMTP_MAILDIR;
const images = (process.env.APP_IMAGES ?? "").split(":").filter(Boolean);
const PASSWORD = "correct horse battery";

const browser = await launchChromium();

let step = "start";
const violations = [];
const refused = [];
const pages = [];

async function newPage(name) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(20_000);
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) refused.push(`${name}: ${message.text()}`);
  });
  page.on("pageerror", (error) => refused.push(`${name}: uncaught ${error.message}`));
  pages.push({ name, page });
  return page;
}

/** A screenshot of the page, and its axe-core scan: serious and critical violations count. */
async function look(page, name) {
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
  // The page's CSP does not apply to what the driver evaluates, so axe runs as is.
  if (!(await page.evaluate(() => typeof window.axe === "object"))) await page.evaluate(axeSource);
  const found = await page.evaluate(async () => {
    const result = await window.axe.run(document, { resultTypes: ["violations"] });
    return result.violations
      .filter((v) => v.impact === "serious" || v.impact === "critical")
      .map((v) => ({ id: v.id, impact: v.impact, help: v.help,
        nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ")) }));
  });
  for (const v of found) violations.push({ page: name, ...v });
  console.log(`page ${name}: ${found.length} serious or critical axe violations`);
}

const testid = (page, id) => page.locator(`[data-testid="${id}"]`);

function newAddress(prefix) {
  return `${prefix}_${randomBytes(5).toString("hex")}@example.com`;
}

/** An account made through the API, from a client address of its own (registrations are
 *  limited per address). */
async function register(address, password = PASSWORD) {
  const client = `198.19.${randomBytes(1)[0]}.${randomBytes(1)[0]}`;
  const reply = await fetch(`${base}/api/v1/auth/register`, {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-Forwarded-For": client },
    body: JSON.stringify({ email: address, password }),
  });
  if (reply.status !== 201) throw new Error(`register ${address}: ${reply.status} ${await reply.text()}`);
}

/** The link in the newest email to `address` that matches `pattern`, opened on BASE_URL
 *  (the server's PUBLIC_BASE_URL may name another port). Waits for the worker to send it. */
async function mailLink(address, pattern, timeout = 30_000) {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const folder of ["new", "cur"]) {
      let names = [];
      try {
        names = readdirSync(join(maildir, folder));
      } catch {
        continue;
      }
      for (const name of names.sort().reverse()) {
        const raw = readFileSync(join(maildir, folder, name), "latin1");
        const split = raw.search(/\r?\n\r?\n/);
        const head = raw.slice(0, split);
        if (!new RegExp(`^To:\\s*<?${address.replace(/[.+]/g, "\\$&")}>?\\s*$`, "mi").test(head)) continue;
        const text = raw.slice(split).replace(/=\r?\n/g, "").replace(/=([0-9A-F]{2})/g,
          (_, hex) => String.fromCharCode(parseInt(hex, 16)));
        const match = text.match(pattern);
        if (match) {
          const link = new URL(match[0]);
          return `${base}${link.pathname}${link.search}`;
        }
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no email to ${address} with ${pattern}`);
}

/** RFC 6238 TOTP (SHA-1, 30 s, 6 digits) of a base32 secret at a step. */
function totp(secret, step) {
  const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
  let bits = "";
  for (const c of secret.replace(/[\s=]/g, "").toUpperCase()) bits += alphabet.indexOf(c).toString(2).padStart(5, "0");
  const key = Buffer.from(bits.match(/.{8}/g).map((b) => parseInt(b, 2)));
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const mac = createHmac("sha1", key).update(counter).digest();
  const offset = mac[mac.length - 1] & 0x0f;
  return String((mac.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).padStart(6, "0");
}

const usedSteps = new Set();
/** A code for a step not used yet (the API accepts a code once per step), waiting for the
 *  next step when needed, with a few seconds of margin before the step ends. */
async function freshCode(secret) {
  for (;;) {
    const now = Date.now() / 1000;
    const stepNow = Math.floor(now / 30);
    if (!usedSteps.has(stepNow) && now % 30 < 25) {
      usedSteps.add(stepNow);
      return totp(secret, stepNow);
    }
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
}

async function logIn(page, address, password = PASSWORD) {
  step = `log in as ${address}`;
  await page.goto(`${base}/login`);
  await testid(page, "login-email").fill(address);
  await testid(page, "login-password").fill(password);
  await testid(page, "login-submit").click();
}

async function expectPath(page, path) {
  await page.waitForURL((url) => url.pathname === path);
}

// ---------------------------------------------------------------------------------------
// (1) Sign up, verify the email from its link, log in, upload three images at once, watch
// them become ready without a reload, open one, delete it.
async function signupUploadDelete() {
  if (images.length < 3) throw new Error("APP_IMAGES names fewer than three images");
  const page = await newPage("signup");
  const address = newAddress("app_signup");

  step = "sign up";
  const opened = await page.goto(`${base}/signup`);
  const policy = opened.headers()["content-security-policy"] ?? "";
  if (!policy.includes("script-src 'self'")) throw new Error(`no strict policy on /signup: "${policy}"`);
  await testid(page, "signup-form").waitFor();
  await look(page, "signup");
  await testid(page, "signup-email").fill(address);
  await testid(page, "signup-password").fill("short");
  await testid(page, "signup-submit").click();
  step = "a 422 shows next to its field";
  await page.locator("#signup-password-errors").waitFor();
  await look(page, "signup-invalid");
  await testid(page, "signup-password").fill(PASSWORD);
  await testid(page, "signup-submit").click();
  await testid(page, "signup-done").waitFor();
  await look(page, "signup-done");

  step = "open the verification link";
  const link = await mailLink(address, /http:\/\/\S+\/api\/v1\/auth\/verify-email\?token=[A-Za-z0-9_-]+/);
  await page.goto(link);
  await page.waitForURL((url) => url.pathname === "/verify-email" && url.searchParams.get("result") === "ok");
  await testid(page, "verify-ok").waitFor();
  await look(page, "verify-email-ok");
  step = "a used link lands on the invalid result";
  await page.goto(link);
  await page.waitForURL((url) => url.pathname === "/verify-email" && url.searchParams.get("result") === "invalid");
  await testid(page, "verify-invalid").waitFor();

  await logIn(page, address);
  await expectPath(page, "/");
  await testid(page, "gallery-empty").waitFor();
  await look(page, "gallery-empty");

  step = "drop three images on the drop zone at once";
  await page.evaluate(() => { window.notReloaded = true; });
  const files = images.slice(0, 3).map((path) => ({
    name: basename(path),
    type: path.endsWith(".png") ? "image/png" : path.endsWith(".webp") ? "image/webp" : "image/jpeg",
    data: readFileSync(path).toString("base64"),
  }));
  const transfer = await page.evaluateHandle((list) => {
    const data = new DataTransfer();
    for (const file of list) {
      const bytes = Uint8Array.from(atob(file.data), (c) => c.charCodeAt(0));
      data.items.add(new File([bytes], file.name, { type: file.type }));
    }
    return data;
  }, files);
  const zone = testid(page, "drop-zone");
  await zone.dispatchEvent("dragenter", { dataTransfer: transfer });
  await zone.dispatchEvent("dragover", { dataTransfer: transfer });
  await zone.dispatchEvent("drop", { dataTransfer: transfer });
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="upload-item"]').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-card"]').length === 3);

  step = "all three become ready, live";
  await page.waitForFunction(
    () => document.querySelectorAll('[data-testid="image-card"][data-status="ready"]').length === 3,
    null, { timeout: 90_000 });
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="image-card"] img')].filter((img) => img.naturalWidth > 0).length === 3);
  if (!(await page.evaluate(() => window.notReloaded === true))) throw new Error("the page was reloaded");
  const streamState = await testid(page, "stream-state").getAttribute("data-state");
  console.log(`gallery: three images ready, events stream ${streamState}`);
  await look(page, "gallery-ready");

  step = "open one image: its variants";
  const card = testid(page, "image-card").first();
  const name = await card.locator(".image-card-name").innerText();
  await card.locator("a").click();
  await page.waitForURL((url) => url.pathname.startsWith("/images/"));
  await testid(page, "image-detail").waitFor();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="variant"]').length >= 2);
  await page.waitForFunction(() =>
    [...document.querySelectorAll('[data-testid="variant"] img')].every((img) => img.complete && img.naturalWidth > 0));
  const variants = await testid(page, "variant").evaluateAll((items) => items.map((item) => item.innerText.replace(/\s+/g, " ")));
  if (!variants.some((v) => v.includes("thumb"))) throw new Error(`no thumb variant: ${variants.join("; ")}`);
  if (!variants.every((v) => /\d+×\d+ · WEBP · [\d.]+ (B|KiB|MiB)/.test(v))) throw new Error(`variants: ${variants.join("; ")}`);
  console.log(`detail of ${name}: ${variants.join("; ")}`);
  await look(page, "image-detail");

  step = "delete it after confirming";
  await testid(page, "delete-image").click();
  await testid(page, "confirm-dialog").waitFor();
  await look(page, "image-delete-dialog");
  await testid(page, "confirm-button").click();
  await expectPath(page, "/");
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-card"]').length === 2);
  const left = await testid(page, "image-card").locator(".image-card-name").allInnerTexts();
  if (left.includes(name)) throw new Error(`${name} is still listed: ${left.join(", ")}`);
  await page.reload();
  await page.waitForFunction(() => document.querySelectorAll('[data-testid="image-card"]').length === 2);
  console.log("deleted: two images left, after a reload too");
}

// ---------------------------------------------------------------------------------------
// (2) A forgotten password: the reset email's link, a new password, a login with it.
async function passwordReset() {
  const page = await newPage("reset");
  const address = newAddress("app_reset");
  await register(address);

  step = "ask for a reset link";
  await page.goto(`${base}/login`);
  await testid(page, "login-form").waitFor();
  await look(page, "login");
  await testid(page, "forgot-password-link").click();
  await expectPath(page, "/forgot-password");
  await testid(page, "recovery-email").fill(address);
  await testid(page, "recovery-submit").click();
  await testid(page, "form-success").waitFor();
  await look(page, "forgot-password");

  step = "open the reset link";
  const link = await mailLink(address, /http:\/\/\S+\/reset-password\?token=[A-Za-z0-9_-]+/);
  await page.goto(link);
  await testid(page, "reset-form").waitFor();
  await look(page, "reset-password");
  const newPassword = "a brand new passphrase";
  await testid(page, "reset-password").fill(newPassword);
  await testid(page, "reset-repeat").fill(newPassword);
  await testid(page, "reset-submit").click();
  await testid(page, "reset-done").waitFor();
  await look(page, "reset-done");

  step = "the old password is refused";
  await testid(page, "reset-login-link").click();
  await expectPath(page, "/login");
  await testid(page, "login-email").fill(address);
  await testid(page, "login-password").fill(PASSWORD);
  await testid(page, "login-submit").click();
  const error = await testid(page, "form-error").innerText();
  if (!/incorrect email or password/i.test(error)) throw new Error(`old password: "${error}"`);
  await look(page, "login-refused");

  step = "log in with the new password";
  await testid(page, "login-password").fill(newPassword);
  await testid(page, "login-submit").click();
  await expectPath(page, "/");
  await testid(page, "current-user").waitFor();
  console.log(`reset: ${address} logged in with the new password`);
}

// ---------------------------------------------------------------------------------------
// (3) Two-factor set-up from the account page, logout, login with a code.
async function twoFactor() {
  const page = await newPage("two-factor");
  const address = newAddress("app_2fa");
  await register(address);
  await logIn(page, address);
  await expectPath(page, "/");

  step = "account page";
  await testid(page, "nav-account").click();
  await expectPath(page, "/account");
  await page.waitForSelector('[data-testid="session-row"][data-current="true"]');
  await look(page, "account");

  step = "set up two-factor authentication";
  await testid(page, "twofactor-password").fill("wrong password!");
  await testid(page, "twofactor-setup").click();
  await page.locator("#twofactor-password-errors").waitFor();
  await testid(page, "twofactor-password").fill(PASSWORD);
  await testid(page, "twofactor-setup").click();
  const qr = testid(page, "twofactor-qr");
  await qr.waitFor();
  await page.waitForFunction(() => document.querySelector('[data-testid="twofactor-qr"]')?.naturalWidth > 0);
  const secret = await testid(page, "twofactor-secret").getAttribute("data-secret");
  await look(page, "two-factor-setup");
  await testid(page, "twofactor-code").fill(await freshCode(secret));
  await testid(page, "twofactor-confirm").click();
  await testid(page, "recovery-codes").waitFor();
  const codes = await testid(page, "recovery-codes").locator("li").count();
  if (codes !== 10) throw new Error(`${codes} recovery codes shown`);
  await look(page, "two-factor-recovery-codes");
  await testid(page, "recovery-codes-done").click();
  const state = await testid(page, "twofactor-state").innerText();
  if (state !== "on") throw new Error(`two-factor state "${state}"`);

  step = "log out";
  await testid(page, "logout-button").click();
  await expectPath(page, "/login");
  await testid(page, "session-notice").waitFor();

  step = "log in with a code";
  await testid(page, "login-email").fill(address);
  await testid(page, "login-password").fill(PASSWORD);
  await testid(page, "login-submit").click();
  await testid(page, "mfa-code").waitFor();
  await testid(page, "mfa-code").fill("000000");
  await testid(page, "mfa-submit").click();
  await page.locator("#mfa-code-errors").waitFor();
  await look(page, "login-second-step");
  await testid(page, "mfa-code").fill(await freshCode(secret));
  await testid(page, "mfa-submit").click();
  await expectPath(page, "/");
  await testid(page, "current-user").waitFor();
  console.log(`two-factor: ${address} logged in with a TOTP code`);
}

// ---------------------------------------------------------------------------------------
// (4) A superuser deactivates a user on the users page while the user's page is open in
// another browser: that page ends on the login page by itself.
async function deactivation() {
  const admin = process.env.APP_SUPERUSER_EMAIL;
  const adminPassword = process.env.APP_SUPERUSER_PASSWORD;
  if (!admin || !adminPassword) throw new Error("APP_SUPERUSER_EMAIL and APP_SUPERUSER_PASSWORD are needed");
  const address = newAddress("app_deactivated");
  await register(address);

  const userPage = await newPage("user");
  await logIn(userPage, address);
  await expectPath(userPage, "/");
  step = "the user uploads an image with the file picker; it becomes ready live";
  await testid(userPage, "file-input").setInputFiles(images[0]);
  await userPage.waitForSelector('[data-testid="image-card"][data-status="ready"]', { timeout: 90_000 });
  await userPage.waitForSelector('[data-testid="stream-state"][data-state="live"]');
  await userPage.evaluate(() => { window.notReloaded = true; });

  step = "the superuser opens the users page";
  const adminPage = await newPage("admin");
  await logIn(adminPage, admin, adminPassword);
  await expectPath(adminPage, "/");
  await testid(adminPage, "nav-admin").click();
  await expectPath(adminPage, "/admin/users");
  await testid(adminPage, "users-table").waitFor();
  // Users are listed oldest first: the new one is on the last page.
  await testid(adminPage, "users-last").click();
  const row = adminPage.locator(`[data-testid="user-row"][data-email="${address}"]`);
  await row.waitFor();
  await look(adminPage, "admin-users");

  step = "the superuser deactivates the user";
  await row.locator('[data-testid="user-deactivate"]').click();
  await adminPage.waitForSelector(`[data-testid="user-row"][data-email="${address}"][data-active="false"]`);
  await testid(adminPage, "admin-message").waitFor();

  step = "the user's page ends on the login page by itself";
  await userPage.waitForURL((url) => url.pathname === "/login", { timeout: 30_000 });
  const notice = await testid(userPage, "session-notice").innerText();
  if (!/session has ended/i.test(notice)) throw new Error(`notice: "${notice}"`);
  if (!(await userPage.evaluate(() => window.notReloaded === true))) throw new Error("the user's page was reloaded");
  await look(userPage, "deactivated-user-logged-out");

  step = "the deactivated user cannot log in";
  await testid(userPage, "login-email").fill(address);
  await testid(userPage, "login-password").fill(PASSWORD);
  await testid(userPage, "login-submit").click();
  const error = await testid(userPage, "form-error").innerText();
  if (!/inactive/i.test(error)) throw new Error(`login of the deactivated user: "${error}"`);

  step = "a user who is not a superuser is not allowed on the users page";
  const other = newAddress("app_plain");
  await register(other);
  const plain = await newPage("plain");
  await logIn(plain, other);
  await expectPath(plain, "/");
  await plain.goto(`${base}/admin/users`);
  await testid(plain, "not-allowed").waitFor();
  if (await testid(plain, "nav-admin").count()) throw new Error("a plain user sees the users link");
  await look(plain, "admin-not-allowed");
  console.log(`deactivation: ${address}'s open page went to the login page`);
}

try {
  await journeys[journey]();
  step = "no serious or critical axe violation";
  if (violations.length > 0) {
    throw new Error(violations.map((v) => `${v.page}: ${v.impact} ${v.id} (${v.help}) at ${v.nodes.join(", ")}`).join("\n"));
  }
  step = "no Content-Security-Policy violation or script error";
  if (refused.length > 0) throw new Error(refused.join("\n"));
  console.log(`journey ${journey}: passed`);
} catch (error) {
  console.error(`journey ${journey}: step "${step}" failed: ${error.message}`);
  for (const { name, page } of pages) {
    await page.screenshot({ path: join(shots, `failed-${journey}-${name}.png`), fullPage: true }).catch(() => {});
  }
  await browser.close();
  process.exit(1);
}
await browser.close();
