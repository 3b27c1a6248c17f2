// Checks for the app's form error pattern: a summary at the top (role=alert) listing each problem
// as a link to its field, and the same message next to the field (p.field-error#<field>-error).

import { expect, type Page } from "@playwright/test";

export interface ErrorCheckOptions {
  /** Report mismatches but let the test go on (the test still fails). */
  soft?: boolean;
}

/**
 * Expects exactly these field problems, in the summary and next to each field. Waits for the
 * summary to appear, then reads the page once (forms are plain posts, so the page is settled).
 */
export async function expectFieldErrors(
  page: Page,
  errors: Record<string, string>,
  options: ErrorCheckOptions = {},
): Promise<void> {
  const check = options.soft ? expect.soft : expect;
  const summary = page.locator(".error-summary");
  await expect(summary, "an error summary appears").toBeVisible();
  const seen = await page.evaluate(() => {
    const s = document.querySelector(".error-summary");
    return {
      role: s?.getAttribute("role") ?? null,
      heading: s?.querySelector("h2")?.textContent?.trim() ?? "",
      text: (s?.textContent ?? "").replace(/\s+/g, " "),
      links: Array.from(s?.querySelectorAll("li a") ?? []).map((a) => ({
        href: a.getAttribute("href") ?? "",
        text: (a.textContent ?? "").trim(),
      })),
      fieldMessages: Object.fromEntries(
        Array.from(document.querySelectorAll("p.field-error"))
          .filter((p) => p.id.endsWith("-error"))
          .map((p) => [p.id.replace(/-error$/, ""), (p.textContent ?? "").trim()]),
      ) as Record<string, string>,
    };
  });
  const n = Object.keys(errors).length;
  check(seen.role, "the summary has role=alert").toBe("alert");
  check(seen.heading).toBe("Dit moet anders");
  check(seen.text, "the summary counts the problems").toContain(
    n === 1 ? "Er is 1 ding dat u nog moet verbeteren." : `Er zijn ${n} dingen die u nog moet verbeteren.`,
  );
  check(seen.links, "the summary lists each problem as a link to its field").toEqual(
    Object.entries(errors).map(([field, message]) => ({ href: `#${field}`, text: message })),
  );
  for (const [field, message] of Object.entries(errors)) {
    check(seen.fieldMessages[field] ?? "(no p.field-error#" + field + "-error)", `message next to ${field}`).toContain(
      message,
    );
  }
  const others = Object.entries(seen.fieldMessages).filter(([f, t]) => !(f in errors) && t !== "");
  check(others, "no messages next to other fields").toEqual([]);
}

/**
 * Every link in the error summary must lead to something on the page (a field, or for a group of
 * radios the group or its first radio); otherwise following it does nothing. Soft: reported, but
 * the test goes on.
 */
export async function expectSummaryLinksLeadSomewhere(page: Page): Promise<void> {
  const hrefs = await page.locator(".error-summary a").evaluateAll((as) => as.map((a) => a.getAttribute("href") ?? ""));
  expect.soft(hrefs.length, "the error summary has links").toBeGreaterThan(0);
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
