// The agenda's print view: on A4, without the site's header, forms or the mediator's tools, and
// nothing wider than the paper.

import { expect, test } from "@playwright/test";
import { BASE_URL, DEMO, signInWithPassword } from "./support";

test("the agenda prints on A4 without controls", async ({ browser }) => {
  // A4 at 96 dpi is 794 by 1123 CSS pixels.
  const context = await browser.newContext({ locale: "nl-NL", baseURL: BASE_URL, viewport: { width: 794, height: 1123 } });
  const page = await context.newPage();
  try {
    await signInWithPassword(page, DEMO.people.mediator.email);
    const title = `Printtest ${Date.now()}`;
    await page.goto(`/meetings/${DEMO.meetingId}/agenda`);
    await page.getByLabel("Onderwerp", { exact: true }).fill(title);
    await page.getByRole("button", { name: "Voorstellen" }).click();
    await expect(page.getByText("Uw onderwerp is doorgegeven")).toBeVisible();
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(title) })).toBeVisible();
    // On screen the mediator sees the tools; in print they are gone.
    await expect(page.getByRole("button", { name: /^Omhoog/ }).first()).toBeVisible();
    await page.emulateMedia({ media: "print" });
    await expect(page.getByRole("heading", { level: 3, name: new RegExp(title) })).toBeVisible();
    for (const hidden of ["header.top", "form", ".no-print", ".crumb"]) {
      const visible = await page.locator(hidden).evaluateAll((els) =>
        els.filter((e) => getComputedStyle(e).display !== "none" && (e as HTMLElement).offsetParent !== null).length,
      );
      expect(visible, `${hidden} is hidden in print`).toBe(0);
    }
    // The meeting's title is printed with the heading, so the sheet says what it is about.
    await expect(page.locator("h1 .print-only")).toHaveText(`: ${DEMO.meetingTitle}`);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow, "nothing is wider than the paper").toBeLessThanOrEqual(0);
    const pdf = await page.pdf({ preferCSSPageSize: true });
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page[^s]/g) ?? []).length;
    expect(pages, "a PDF with at least one A4 page").toBeGreaterThanOrEqual(1);
    // Every page is A4: 595 by 842 points (the page size comes from the style sheet's @page rule).
    const boxes = [...pdf.toString("latin1").matchAll(/\/MediaBox\s*\[([^\]]+)\]/g)].map((m) =>
      m[1].trim().split(/\s+/).map(Number),
    );
    expect(boxes.length).toBeGreaterThanOrEqual(1);
    for (const [, , w, h] of boxes) {
      expect(Math.abs(w - 595)).toBeLessThan(1.5);
      expect(Math.abs(h - 842)).toBeLessThan(1.5);
    }
  } finally {
    await context.close();
  }
});
