// Agreements followed up, at a phone's size, with and without JavaScript: the coach writes down
// an agreement in one meeting with a parent as responsible; the next meeting's prepare flow opens
// with "Hoe ging het met de afspraken van de vorige keer?", one short step per agreement; the
// parent's answer reaches the coach's review of the next meeting and the case's overview of all
// agreements. Each test opens its own case with two meetings, so the tests do not depend on each
// other, on their order, or on what other specs do at Sam's table.

import { test, expect, type Page } from "@playwright/test";
import { DEMO, checkAccessibility, newPhoneContext, signInWithLink, signInWithPassword, unique } from "./support";
import { caseWithTwoMeetings } from "./case-support";

const COACH = DEMO.people.mediator;

async function shownError(page: Page) {
  await expect(page.locator(".error-summary")).toBeVisible();
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`the next meeting opens with how the agreements went (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const what = `Lotte gaat op dinsdag naar de huiswerkklas ${unique()}`;
    const coachContext = await newPhoneContext(browser, { javaScriptEnabled });
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      // The coach writes down an agreement in the first meeting, with the parent responsible.
      const coach = await coachContext.newPage();
      await signInWithPassword(coach, COACH.email);
      await coach.goto(`/meetings/${c.first}/agreements`);
      const add = coach.getByRole("region", { name: "Afspraak toevoegen" });
      await add.getByLabel("Wat gebeurt er?").fill(what);
      await add.getByLabel("Wie doet het?").fill("Moeder");
      await add.getByLabel("Wie zorgt ervoor? (niet verplicht)").selectOption({ label: c.parentName });
      await add.getByRole("button", { name: "Afspraak toevoegen" }).click();
      await expect(coach.locator("main")).toContainText(what);

      // The parent prepares the next meeting: the flow opens with the agreements of the first.
      const parent = await parentContext.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);
      await parent.goto(`/meetings/${c.next}/prepare`);
      const card = parent.getByRole("region", { name: "Hoe ging het met de afspraken van de vorige keer?" });
      await expect(card).toBeVisible();
      await card.getByRole("link", { name: "Vertel hoe het ging" }).click();
      await expect(parent).toHaveURL(new RegExp(`/meetings/${c.next}/follow-up$`));
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText("Hoe ging het met de afspraken van de vorige keer?");
      await expect(parent.getByText("Afspraak 1 van 1")).toBeVisible();
      await expect(parent.getByRole("heading", { level: 2 })).toHaveText(what);
      if (javaScriptEnabled) await checkAccessibility(parent, "follow-up step", true);

      // Nothing chosen: a plain error, and nothing saved.
      await parent.getByRole("button", { name: "Volgende" }).click();
      await shownError(parent);
      await expect(parent.locator("main")).toContainText("Kies een van de mogelijkheden.");
      if (javaScriptEnabled) await checkAccessibility(parent, "follow-up step with an error");

      await parent.getByRole("radio", { name: "Niet gelukt" }).check();
      await parent.getByLabel("Wilt u iets vertellen over hoe het ging? (niet verplicht)").fill("Dinsdag past niet met sport.");
      await parent.getByRole("button", { name: "Volgende" }).click();
      // After the last step: on to the questions for this meeting.
      await expect(parent).toHaveURL(new RegExp(`/meetings/${c.next}/prepare$`));
      await expect(card).toContainText("Dank u. U heeft verteld hoe het ging.");

      // The coach sees it on the review of the next meeting and in the case's overview.
      await coach.goto(`/meetings/${c.next}/review`);
      const told = coach.getByRole("region", { name: "Hoe ging het met de afspraken van de vorige keer?" });
      await expect(told).toContainText(what);
      await expect(told).toContainText("Niet gelukt");
      await expect(told).toContainText("Dinsdag past niet met sport.");
      await expect(told).toContainText(c.parentName);
      await coach.goto(`/cases/${c.caseId}`);
      await coach.getByRole("link", { name: "Alle afspraken" }).click();
      await expect(coach).toHaveURL(new RegExp(`/cases/${c.caseId}/agreements$`));
      await expect(coach.locator(".tally")).toContainText("1 Niet gelukt");
      await expect(coach.locator("main")).toContainText(what);
      if (javaScriptEnabled) await checkAccessibility(coach, "the case's agreements");

      // On the first meeting's agreements page the status shows, and the parent can change it.
      await parent.goto(`/meetings/${c.first}/agreements`);
      await expect(parent.locator(".agreement")).toContainText("Niet gelukt");
      await parent.getByText("Vertel hoe het ging").click();
      await parent.getByRole("radio", { name: "Bezig" }).check();
      await parent.getByRole("button", { name: "Bewaren" }).click();
      await expect(parent).toHaveURL(new RegExp(`/meetings/${c.first}/agreements$`));
      await expect(parent.locator(".agreement .report").first()).toContainText("Bezig");
      if (javaScriptEnabled) await checkAccessibility(parent, "agreements page with a report");
    } finally {
      await coachContext.close();
      await parentContext.close();
    }
  });
}
