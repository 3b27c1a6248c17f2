// Trust in the browser: no page breaks its Content-Security-Policy while the islands still work
// (autosave, the copy button), and a family member who lost their link gets a new one from the
// coach, handed over as a QR code, and is told who made it.

import { test, expect, type Page } from "@playwright/test";
import { DEMO, checkAccessibility, confirmOwnPhone, newPhoneContext, personRow, signInWithPassword, waitingOnPhone } from "./support";
import { answersOf, freshFamilyMember, inviteToDemoCase, waitForFlowReady, waitSaved } from "./prepare-support";

/** Collects CSP violations (the browser's own event) and console errors of a page. */
async function watchViolations(page: Page): Promise<() => Promise<string[]>> {
  const errors: string[] = [];
  page.on("console", (m) => {
    if (m.type() === "error") errors.push(`${page.url()}: ${m.text()}`);
  });
  await page.addInitScript(() => {
    const w = window as unknown as { __csp: string[] };
    w.__csp = [];
    document.addEventListener("securitypolicyviolation", (e) => {
      w.__csp.push(`${e.violatedDirective} ${e.blockedURI}`);
    });
  });
  return async () => {
    const seen = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    return [...seen, ...errors.filter((e) => /Content Security Policy|Refused to/.test(e))];
  };
}

test("no page breaks the CSP, and autosave still works under it", async ({ browser }) => {
  const me = await freshFamilyMember(browser, "parent", { prefix: "Csp" });
  try {
    const page = me.page;
    const violations = await watchViolations(page);
    const csp = (await page.request.get("/cases/1")).headers()["content-security-policy"] ?? "";
    expect(csp).toMatch(/script-src 'nonce-[^']+' 'strict-dynamic' 'wasm-unsafe-eval'/);
    expect(csp).not.toContain("unsafe-inline");
    for (const path of ["/", "/cases/1", "/meetings/1", "/cases/1/plan", "/meetings/1/agenda", "/woorden"]) {
      await page.goto(path);
      await page.waitForLoadState("networkidle");
      expect(await violations(), `CSP violations on ${path}`).toEqual([]);
    }
    // The prepare island hydrates and saves under the policy.
    await page.goto("/meetings/1/prepare?step=1");
    await waitForFlowReady(page);
    await page.locator("textarea#answer").fill("Onder de CSP bewaard");
    await waitSaved(page);
    expect(await violations(), "CSP violations in the prepare flow").toEqual([]);
  } finally {
    await me.context.close();
  }
});

test("a coach makes a new link for a parent who lost theirs; the parent is told who made it", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent", { prefix: "Kwijt" });
  const coachCtx = await newPhoneContext(browser);
  try {
    const coach = await coachCtx.newPage();
    const violations = await watchViolations(coach);
    await signInWithPassword(coach, DEMO.people.mediator.email);
    await coach.goto(`/cases/${DEMO.caseId}`);
    const table = coach.getByRole("region", { name: "Wie zitten er aan tafel?" });
    await personRow(table, parent.name).getByRole("link", { name: /Nieuwe link maken/ }).click();
    await expect(coach.getByRole("heading", { level: 1 })).toHaveText("Nieuwe inloglink");
    await coach.getByRole("button", { name: "Nieuwe link maken" }).click();
    const box = coach.getByRole("status").filter({ hasText: "De link is klaar" });
    await expect(box.getByRole("img", { name: "QR-code van de link" })).toBeVisible();
    const link = ((await box.locator("code.link-box").textContent()) ?? "").trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
    expect(coach.url(), "the link is not in the address").not.toContain(link.split("/").pop()!);
    await checkAccessibility(coach, "new link page");
    expect(await violations()).toEqual([]);
    // Shown once: a reload shows no link.
    await coach.reload();
    await expect(coach.locator("code.link-box")).toHaveCount(0);

    // The parent's old session has ended.
    await parent.page.goto(`/cases/${DEMO.caseId}`);
    await expect(parent.page.getByText("U moet eerst inloggen.")).toBeVisible();
    // The new link signs in the same person, who is told who made it.
    const phone = await newPhoneContext(browser);
    try {
      const p = await phone.newPage();
      await p.goto(link);
      await expect(p.getByRole("heading", { level: 1 })).toHaveText(`Welkom, ${parent.name}`);
      await confirmOwnPhone(p);
      await p.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
      await expect(p.getByRole("status").filter({ hasText: "een nieuwe inloglink voor u gemaakt" })).toContainText(
        `${DEMO.people.mediator.name} heeft op`,
      );
      // Once only.
      await p.reload();
      await expect(p.getByText("een nieuwe inloglink voor u gemaakt")).toHaveCount(0);
    } finally {
      await phone.close();
    }
  } finally {
    await coachCtx.close();
    await parent.context.close();
  }
});

test("a shared phone: the session cookie ends with the browser", async ({ browser }) => {
  const name = `Gedeeld ${Date.now().toString(36)}`;
  const link = await inviteToDemoCase(browser, name, "parent");
  const ctx = await newPhoneContext(browser, { javaScriptEnabled: false });
  try {
    const page = await ctx.newPage();
    await page.goto(link);
    await page.getByRole("radio", { name: "Nee, anderen gebruiken hem ook" }).check();
    await page.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
    await expect(page).toHaveURL(/\/cases\/1$/);
    const cookie = (await ctx.cookies()).find((c) => c.name === "at_session");
    expect(cookie, "a session cookie").toBeTruthy();
    expect(cookie!.expires, "no expiry: it ends when the browser closes").toBe(-1);
  } finally {
    await ctx.close();
  }
});

test("signed out while typing: the answer waits on the phone and goes out after signing in again", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent", { prefix: "Weg" });
  const coachCtx = await newPhoneContext(browser);
  try {
    const page = parent.page;
    await page.goto("/meetings/1/prepare?step=1");
    await waitForFlowReady(page);
    // The coach makes a new link for this parent: every session of theirs ends.
    const coach = await coachCtx.newPage();
    await signInWithPassword(coach, DEMO.people.mediator.email);
    await coach.goto(`/cases/${DEMO.caseId}/people/${parent.personId}/link`);
    await coach.getByRole("button", { name: "Nieuwe link maken" }).click();
    const link = ((await coach.locator("code.link-box").textContent()) ?? "").trim();
    expect(link).toMatch(/\/invite\/[A-Za-z0-9_-]{43}$/);

    await page.locator("textarea#answer").fill("Getypt na het uitloggen");
    await expect(page.locator("p.save-state")).toContainText("U bent uitgelogd. Wat u typte staat nog op deze telefoon.", {
      timeout: 15_000,
    });
    expect(await waitingOnPhone(page)).toContain("Getypt na het uitloggen");
    expect(answersOf(parent.personId).map((a) => a.body)).not.toContain("Getypt na het uitloggen");

    // Signing in again with the new link, on the same phone: what waited goes out.
    await page.goto(link);
    await confirmOwnPhone(page);
    await page.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
    await expect(page).toHaveURL(/\/cases\/1$/);
    await page.goto("/meetings/1/prepare?step=1");
    await waitForFlowReady(page);
    await waitSaved(page);
    expect(answersOf(parent.personId).map((a) => a.body)).toContain("Getypt na het uitloggen");
  } finally {
    await coachCtx.close();
    await parent.context.close();
  }
});
