// Checks for the app's form error pattern: a summary at the top (role=alert) listing each problem
// as a link to its field, and the same message next to the field (p.field-error#<field>-error).

import { expect, type Page } from "@playwright/test";

/** Expects exactly these field problems, in the summary and next to each field. */
export async function expectFieldErrors(page: Page, errors: Record<string, string>): Promise<void> {
  const summary = page.locator(".error-summary");
  await expect(summary).toBeVisible();
  await expect(summary).toHaveAttribute("role", "alert");
  await expect(summary.getByRole("heading", { name: "Dit moet anders" })).toBeVisible();
  const n = Object.keys(errors).length;
  await expect(summary).toContainText(
    n === 1 ? "Er is 1 ding dat u nog moet verbeteren." : `Er zijn ${n} dingen die u nog moet verbeteren.`,
  );
  await expect(summary.locator("li")).toHaveCount(n);
  for (const [field, message] of Object.entries(errors)) {
    await expect(summary.locator(`a[href="#${field}"]`), `summary lists the problem with ${field}`).toHaveText(message);
    const next = page.locator(`p.field-error#${field}-error`);
    await expect(next, `message next to ${field}`).toBeVisible();
    await expect(next).toContainText(message);
  }
}

/**
 * Every link in the error summary must lead to something on the page (a field, or for a group of
 * radios the group or its first radio); otherwise following it does nothing. Soft: reported, but
 * the test goes on.
 */
export async function expectSummaryLinksLeadSomewhere(page: Page): Promise<void> {
  const hrefs = await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect(hrefs.length).toBeGreaterThan(0);
  for (const href of hrefs) {
    const id = href.replace(/^#/, "");
    const targets = await page.locator(`[id="${id}"]`).count();
    expect.soft(targets, `error summary link ${href} points at an element with id "${id}" on the page`).toBe(1);
  }
}

/** No error summary and no field messages. */
export async function expectNoFieldErrors(page: Page): Promise<void> {
  await expect(page.locator(".error-summary")).toHaveCount(0);
  const texts = await page.locator("p.field-error").allTextContents();
  expect(texts.filter((t) => t.trim() !== "")).toEqual([]);
}
