// With JavaScript on: only pages with an island load the app's JS and wasm; they hydrate without
// errors, the WebAssembly is served compressed and cached for good, and the case page's HTML
// fits in the first 14 KB round trip.

import { test, expect, type Response } from "@playwright/test";
import * as http from "node:http";
import * as zlib from "node:zlib";
import { DEMO, linkFor, signInWithLink, signInWithPassword, unique } from "./support";

const isWasm = (url: string) => /^\/pkg\/[^/]+\.wasm$/.test(new URL(url).pathname);

test("pages without an island load no JS or wasm; the prepare flow hydrates without errors, its wasm brotli and immutable", async ({ page }) => {
  const errors: string[] = [];
  const app: string[] = [];
  const wasm: Response[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error on ${page.url()}: ${m.text()}`);
  });
  page.on("response", (r) => {
    if (/^\/pkg\/[^/]+\.(js|wasm)$/.test(new URL(r.url()).pathname)) app.push(new URL(r.url()).pathname);
    if (isWasm(r.url())) wasm.push(r);
  });

  // The case page and the meeting page hold no island: no JS and no wasm of the app.
  await signInWithLink(page, linkFor("parent"), DEMO.people.parent.name);
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");
  await page.getByRole("region", { name: "Gesprekken" }).getByRole("link", { name: DEMO.meetingTitle }).click();
  await expect(page).toHaveURL(/\/meetings\/1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.meetingTitle);
  await expect(page.getByRole("heading", { level: 2, name: "Wie komen er?" })).toBeVisible();
  await expect(page.getByText(DEMO.place)).toBeVisible();
  await page.waitForLoadState("networkidle");
  expect(app, "pages without an island load none of the app's JS or wasm").toEqual([]);

  // The prepare flow is an island: it loads the app's WebAssembly, brotli and cached for good.
  await page.goto("/meetings/1/prepare");
  await page.waitForLoadState("networkidle");
  await expect.poll(() => wasm.length, { message: "a .wasm file under /pkg/ was requested" }).toBeGreaterThan(0);
  const w = wasm[0];
  expect(w.status(), `${w.url()} status`).toBe(200);
  const reqHeaders = await w.request().allHeaders();
  expect(reqHeaders["accept-encoding"] ?? "", "the browser offers brotli").toContain("br");
  const headers = await w.allHeaders();
  expect(headers["content-encoding"], `${w.url()} content-encoding`).toBe("br");
  expect(headers["cache-control"] ?? "", `${w.url()} cache-control`).toContain("immutable");
  expect(headers["content-type"] ?? "").toContain("application/wasm");
  expect(new URL(w.url()).pathname, "the wasm file name carries a hash").toMatch(/^\/pkg\/aantafel\.[^/]+\.wasm$/);

  // Back to the plain pages, loaded directly: still nothing of the app's code, and no errors.
  app.length = 0;
  await page.goto("/meetings/1");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.meetingTitle);
  await page.goto("/cases/1");
  await page.waitForLoadState("networkidle");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");
  expect(app, "no JS or wasm on pages without an island").toEqual([]);
  // Give late panics (after hydration) a moment to surface.
  await page.waitForTimeout(500);

  expect(errors, "no page errors and no console errors").toEqual([]);
});

/** GETs a page with Node's http module and returns the raw (still compressed) body. */
function rawGet(path: string, headers: Record<string, string>): Promise<{ status: number; headers: http.IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const req = http.get({ host: "127.0.0.1", port: 3100, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on("data", (c: Buffer) => chunks.push(c));
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on("error", reject);
    });
    req.on("error", reject);
  });
}

test("the case page's HTML fits in 14 KB compressed", async ({ page, context }) => {
  await signInWithLink(page, linkFor("parent"), DEMO.people.parent.name);
  const session = (await context.cookies()).find((c) => c.name === "at_session");
  expect(session, "signed in").toBeTruthy();

  const res = await rawGet("/cases/1", {
    Cookie: `at_session=${session!.value}`,
    "Accept-Encoding": "br",
    Accept: "text/html",
  });
  expect(res.status).toBe(200);
  expect(res.headers["content-encoding"]).toBe("br");
  // Make sure the bytes measured are the signed-in case page.
  const html = zlib.brotliDecompressSync(res.body).toString("utf8");
  expect(html).toContain("Aan tafel voor Sam");
  expect(html).toContain(DEMO.meetingTitle);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  expect(
    res.body.length,
    `compressed HTML is ${kb(res.body.length)} (${kb(Buffer.byteLength(html))} uncompressed); must be under 14 KB`,
  ).toBeLessThan(14 * 1024);
});

test("the copy-link button comes alive on the invite page, without the app's wasm", async ({ page, context }) => {
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(`pageerror on ${page.url()}: ${e.message}`));
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`console error on ${page.url()}: ${m.text()}`);
  });
  const wasm: string[] = [];
  page.on("response", (r) => {
    if (isWasm(r.url())) wasm.push(new URL(r.url()).pathname);
  });
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: "http://127.0.0.1:3100" });

  // A case of its own, so Sam's table stays as it is.
  const child = `Ilse${unique()}`;
  await signInWithPassword(page, DEMO.people.coordinator.email);
  await page.goto("/cases/new");
  await page.getByLabel("Voornaam van het kind").fill(child);
  await page.getByRole("radio", { name: "12 tot 16 jaar" }).check();
  await page.getByRole("button", { name: "Zaak openen" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${child}`);

  await page.getByRole("link", { name: "Iemand uitnodigen" }).click();
  await page.getByLabel("Naam", { exact: true }).fill(`Opa ${unique()}`);
  await page.getByRole("radio", { name: /^Ouder of verzorger/ }).check();
  await page.getByRole("button", { name: "Link maken" }).click();
  const box = page.getByRole("status").filter({ hasText: "De link is klaar" });
  const link = (await box.locator("code.link-box").textContent())?.trim() ?? "";
  expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);

  // Hidden in the server's HTML; shown by the page script, with no wasm loaded for it.
  const copy = box.getByRole("button", { name: "Link kopiëren" });
  await expect(copy).toBeVisible();
  await copy.click();
  await expect(box.getByRole("button", { name: "Gekopieerd" })).toBeVisible();
  const clip = await page.evaluate(() => navigator.clipboard.readText());
  expect(clip).toBe(link);
  expect(wasm, "no wasm was loaded for the copy button").toEqual([]);
  expect(errors, "no page errors and no console errors").toEqual([]);
});
