// A supporter at the table, at a phone's size, with and without JavaScript: a parent brings
// someone they trust, who signs in with their own link, sees the meeting and proposes a topic
// shown as "meegenomen door …", never reaches the prepare flow or the plan, and loses access when
// the parent takes them off again. "Tolk nodig" reaches the family coach's overview. Each test
// makes its own parent, so the tests do not depend on each other or on their order.

import { test, expect } from "@playwright/test";
import { DEMO, NOT_FOUND_TEXT, checkAccessibility, newPhoneContext, signInWithLink, signInWithPassword, unique } from "./support";
import { freshFamilyMember } from "./prepare-support";

const SUPPORT = `/cases/${DEMO.caseId}/support`;

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a parent brings a supporter and takes them off again (${mode})`, async ({ browser }) => {
    const parent = await freshFamilyMember(browser, "parent", { javaScriptEnabled });
    const page = parent.page;
    const oma = `Oma ${unique()}`;
    const topic = `Vervoer naar school ${unique()}`;
    const supporterContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      await page.getByRole("link", { name: "Iemand meenemen of een tolk vragen" }).click();
      await expect(page).toHaveURL(new RegExp(`${SUPPORT}$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iemand meenemen of een tolk vragen");
      await expect(page.getByText("Van uw antwoorden ziet hij of zij alleen wat u met iedereen deelt.")).toBeVisible();
      // axe runs as a script in the page: checked with JavaScript on.
      if (javaScriptEnabled) await checkAccessibility(page, "support page", true);

      // An empty form gets a plain error and keeps nothing.
      await page.getByRole("button", { name: "Link maken" }).click();
      await expect(page.locator(".error-summary")).toBeVisible();

      await page.getByLabel("Naam", { exact: true }).fill(oma);
      await page.getByRole("radio", { name: "Familie, zoals een oma of een tante" }).check();
      await page.getByRole("button", { name: "Link maken" }).click();
      const box = page.locator("code.link-box");
      await expect(box).toBeVisible();
      const link = ((await box.textContent()) ?? "").trim();
      expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
      await expect(page.getByRole("region", { name: "Wie er meekomt" })).toContainText(oma);

      // The supporter signs in on their own phone and sees who brought them.
      const sp = await supporterContext.newPage();
      await signInWithLink(sp, link, oma);
      await expect(sp.locator("main")).toContainText(`Meegenomen door ${parent.name}`);
      await expect(sp.getByRole("link", { name: "Iemand meenemen of een tolk vragen" })).toHaveCount(0);
      if (javaScriptEnabled) await checkAccessibility(sp, "case page of a supporter");

      // They propose a topic for the parent; the parent sees it, named as brought by them.
      await sp.goto(`/meetings/${DEMO.meetingId}/agenda`);
      const form = sp.getByRole("region", { name: "Onderwerp voorstellen" });
      await form.getByLabel("Onderwerp", { exact: true }).fill(topic);
      await form.getByRole("button", { name: "Voorstellen", exact: true }).click();
      await expect(sp).toHaveURL(new RegExp(`/meetings/${DEMO.meetingId}/agenda\\?proposed=1$`));
      await page.goto(`/meetings/${DEMO.meetingId}/agenda`);
      await expect(page.locator("main")).toContainText(topic);
      await expect(page.getByRole("region", { name: "Mijn voorstellen" })).toContainText(`${oma} (meegenomen door ${parent.name})`);

      // No prepare flow and no plan for a supporter.
      for (const path of [`/meetings/${DEMO.meetingId}/prepare`, `/cases/${DEMO.caseId}/plan`, SUPPORT]) {
        const res = await sp.goto(path);
        expect(res?.status(), path).toBe(403);
      }

      // The parent takes them off; from then on the supporter's pages are not found.
      await page.goto(SUPPORT);
      await page.getByRole("button", { name: `Van tafel halen (${oma})` }).click();
      await expect(page).toHaveURL(new RegExp(`${SUPPORT}$`));
      await expect(page.getByRole("region", { name: "Wie er meekomt" })).not.toContainText(oma);
      const res = await sp.goto(`/meetings/${DEMO.meetingId}`);
      expect(res?.status()).toBe(404);
      await expect(sp.locator("main")).toContainText(NOT_FOUND_TEXT);
    } finally {
      await supporterContext.close();
      await parent.context.close();
    }
  });
}

test("a parent asks for an interpreter and the family coach sees it", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent");
  const coachContext = await newPhoneContext(browser);
  try {
    const page = parent.page;
    await page.goto(SUPPORT);
    await expect(page.getByText("Uw kind hoeft niet te vertalen.")).toBeVisible();
    await page.getByLabel("Voor welke taal heeft u een tolk nodig?").selectOption({ label: "Tigrinya" });
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page.getByLabel("Voor welke taal heeft u een tolk nodig?")).toHaveValue("ti");

    const coach = await coachContext.newPage();
    await signInWithPassword(coach, DEMO.people.mediator.email);
    await expect(coach.locator("main .card").filter({ hasText: "Tolk nodig:" })).toContainText("Tigrinya");
    await coach.goto(`/meetings/${DEMO.meetingId}`);
    await expect(coach.locator("main")).toContainText(`Tigrinya (voor ${parent.name})`);
    await checkAccessibility(coach, "meeting page with an interpreter");

    // The parent says it again: no interpreter. The coach's overview no longer shows this one.
    await page.getByLabel("Voor welke taal heeft u een tolk nodig?").selectOption({ label: "Geen tolk nodig" });
    await page.getByRole("button", { name: "Opslaan" }).click();
    await expect(page.getByLabel("Voor welke taal heeft u een tolk nodig?")).toHaveValue("");
    await coach.goto(`/meetings/${DEMO.meetingId}`);
    await expect(coach.locator("main")).not.toContainText(`Tigrinya (voor ${parent.name})`);
  } finally {
    await coachContext.close();
    await parent.context.close();
  }
});
