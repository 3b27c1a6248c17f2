// The profile "Dit is …", at a phone's size, with and without JavaScript: a parent writes it
// from the prepare flow of one meeting, one part for the whole table and one for the coach only;
// the next meeting's prepare flow shows it ("Klopt dit nog?"); a change keeps the earlier version
// for the parent; a youth care worker who joins the table later reads it first on the meeting
// page ("Lees dit eerst"), without the part meant for the coach. Each test opens its own case.

import { test, expect } from "@playwright/test";
import { checkAccessibility, newPhoneContext, signInWithLink } from "./support";
import { caseWithTwoMeetings } from "./case-support";
import { choosePassword, freshProfessional } from "./session-support";

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a parent keeps the profile and a professional added later reads it first (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const forTable = `Lotte tekent graag en kookt met oma ${Date.now()}`;
    const forCoach = `Lotte slaapt slecht sinds de verhuizing ${Date.now()}`;
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    const proContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      const parent = await parentContext.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);

      // The first meeting's prepare flow asks for it once.
      await parent.goto(`/meetings/${c.first}/prepare`);
      const card = parent.getByRole("region", { name: `Dit is ${c.child}` });
      await expect(card).toContainText(`Vertel één keer wie ${c.child} is.`);
      await card.getByRole("link", { name: "Nu invullen" }).click();
      await expect(parent).toHaveURL(new RegExp(`/cases/${c.caseId}/profile$`));
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText(`Dit is ${c.child}`);
      if (javaScriptEnabled) await checkAccessibility(parent, "profile page", true);

      const goodAt = parent.locator("form#good_at");
      await goodAt.getByLabel("Waar is uw kind goed in?").fill(forTable);
      // The first time, nothing is chosen for the parent: a part is read as soon as it is saved.
      await expect(goodAt.getByRole("radio", { name: "Iedereen aan tafel" })).not.toBeChecked();
      await goodAt.getByRole("button", { name: /^Bewaren/ }).click();
      await expect(parent.locator(".error-summary")).toContainText("Kies een van de mogelijkheden.");
      // What was typed is still there.
      await expect(parent.locator("form#good_at textarea")).toHaveValue(forTable);
      await parent.locator("form#good_at").getByRole("radio", { name: "Iedereen aan tafel" }).check();
      await parent.locator("form#good_at").getByRole("button", { name: /^Bewaren/ }).click();
      await expect(parent).toHaveURL(new RegExp(`/cases/${c.caseId}/profile`));
      await expect(parent.locator("form#good_at textarea")).toHaveValue(forTable);
      const mustKnow = parent.locator("form#must_know");
      await mustKnow.getByLabel("Wat moet iedereen die met uw kind werkt weten?").fill(forCoach);
      await mustKnow.getByRole("radio", { name: "Alleen de gezinscoach" }).check();
      await mustKnow.getByRole("button", { name: /^Bewaren/ }).click();
      await expect(parent.locator("form#must_know textarea")).toHaveValue(forCoach);

      // A change keeps the earlier version, for the parent to look back on.
      await parent.locator("form#good_at textarea").fill(`${forTable}, en zwemt`);
      await parent.locator("form#good_at").getByRole("button", { name: /^Bewaren/ }).click();
      await expect(parent.locator("form#good_at textarea")).toHaveValue(`${forTable}, en zwemt`);
      const earlier = parent.locator("form#good_at details");
      await earlier.locator("summary").click();
      await expect(earlier).toContainText(forTable);
      if (javaScriptEnabled) await checkAccessibility(parent, "profile page with earlier versions");

      // The next meeting's prepare flow shows it: "Klopt dit nog?".
      await parent.goto(`/meetings/${c.next}/prepare`);
      await expect(card).toContainText("Klopt dit nog?");
      await expect(card).toContainText(`${forTable}, en zwemt`);
      await expect(card).toContainText(forCoach);

      // A youth care worker joins the table later and reads it first, without the coach's part.
      const pro = await freshProfessional(browser, "Jeugdhulp", c.caseId);
      const p = await proContext.newPage();
      await choosePassword(p, pro, c.caseId);
      await p.goto(`/meetings/${c.next}`);
      const first = p.getByRole("region", { name: "Lees dit eerst" });
      await expect(first).toContainText(`${forTable}, en zwemt`);
      await expect(first).not.toContainText(forCoach);
      await expect(first).toContainText(c.parentName);
      if (javaScriptEnabled) await checkAccessibility(p, "meeting page with 'Lees dit eerst'");
    } finally {
      await parentContext.close();
      await proContext.close();
    }
  });
}
