// A second family coach joins a table: what a parent kept "only for the family coach" stays with
// the first coach, and the parent is asked once, on the case page, whether the new coach may read
// it (checked with axe), at a phone's size with and without JavaScript. Each test opens its own
// case.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, newPhoneContext, signInWithLink, signInWithPassword, unique } from "./support";
import { caseWithTwoMeetings } from "./case-support";

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a parent is asked once whether a new coach may read what they kept for the coach (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const forCoach = `Alleen voor de coach ${unique()}`;
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    const coordinatorContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      const parent = await parentContext.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);
      await parent.goto(`/cases/${c.caseId}/profile`);
      const mustKnow = parent.locator("form#must_know");
      await mustKnow.getByLabel("Wat moet iedereen die met uw kind werkt weten?").fill(forCoach);
      await mustKnow.getByRole("radio", { name: "Alleen de gezinscoach" }).check();
      await mustKnow.getByRole("button", { name: /^Bewaren/ }).click();
      await expect(parent.locator("form#must_know textarea")).toHaveValue(forCoach);
      // No question while the coach stays the same.
      await parent.goto(`/cases/${c.caseId}`);
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${c.child}`);
      await expect(parent.getByRole("region", { name: /^Nieuw aan tafel/ })).toHaveCount(0);

      // The coordinator seats a second family coach.
      const coachName = `Coach ${unique()}`;
      const coordinator = await coordinatorContext.newPage();
      await signInWithPassword(coordinator, DEMO.people.coordinator.email);
      await coordinator.goto(`/cases/${c.caseId}/invite`);
      await coordinator.getByLabel("Naam", { exact: true }).fill(coachName);
      await coordinator.getByLabel("E-mailadres").fill(`coach-${unique()}@example.invalid`.toLowerCase().replace(/[^a-z0-9@.-]/g, ""));
      await coordinator.getByRole("group", { name: "Rol aan tafel" }).getByRole("radio", { name: /^Gezinscoach/ }).check();
      await coordinator.getByRole("button", { name: "Link maken" }).click();
      await expect(coordinator.locator("code.link-box")).toBeVisible();

      // The parent's next visit asks once.
      await parent.goto(`/cases/${c.caseId}`);
      const question = parent.getByRole("region", { name: `Nieuw aan tafel: ${coachName}, gezinscoach` });
      await expect(question).toContainText(`${coachName} is nu uw gezinscoach.`);
      await expect(question).toContainText(`Mag ${coachName} dat lezen?`);
      if (javaScriptEnabled) await checkAccessibility(parent, "case page asking about a new coach", true);
      await question.getByRole("button", { name: "Nee, liever niet" }).click();
      await expect(parent).toHaveURL(new RegExp(`/cases/${c.caseId}$`));
      await parent.reload();
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${c.child}`);
      await expect(parent.getByRole("region", { name: /^Nieuw aan tafel/ })).toHaveCount(0);
    } finally {
      await parentContext.close();
      await coordinatorContext.close();
    }
  });
}
