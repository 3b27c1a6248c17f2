// Agreements followed up, at a phone's size, with and without JavaScript: the coach writes down
// an agreement in one meeting with a parent as responsible; the next meeting's prepare flow opens
// with "Hoe ging het met de afspraken van de vorige keer?", one short step per agreement; the
// parent's answer reaches the coach's review of the next meeting and the case's overview of all
// agreements. Each test opens its own case with two meetings, so the tests do not depend on each
// other, on their order, or on what other specs do at Sam's table.

import { test, expect, type Browser, type Page } from "@playwright/test";
import {
  DEMO,
  addDays,
  amsterdamToday,
  checkAccessibility,
  inputDateTime,
  newPhoneContext,
  signInWithLink,
  signInWithPassword,
  unique,
} from "./support";

const COACH = DEMO.people.mediator;

/** The coordinator opens a case, seats the demo coach and a new parent, and plans two meetings. */
async function caseWithTwoMeetings(browser: Browser) {
  const child = `Lotte${unique()}`;
  const parentName = `Ouder ${unique()}`;
  const context = await newPhoneContext(browser);
  try {
    const page = await context.newPage();
    await signInWithPassword(page, DEMO.people.coordinator.email);
    await page.goto("/cases/new");
    await page.getByLabel("Voornaam van het kind").fill(child);
    await page.getByRole("group", { name: "Leeftijd" }).getByRole("radio", { name: "12 tot 16 jaar" }).check();
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/\d+$/);
    const caseId = Number(new URL(page.url()).pathname.split("/").pop());

    const invite = async (name: string, role: RegExp, email?: string) => {
      await page.goto(`/cases/${caseId}/invite`);
      await page.getByLabel("Naam", { exact: true }).fill(name);
      if (email) await page.getByLabel("E-mailadres").fill(email);
      await page.getByRole("group", { name: "Rol aan tafel" }).getByRole("radio", { name: role }).check();
      await page.getByRole("button", { name: "Link maken" }).click();
    };
    await invite(COACH.name, /^Gezinscoach/, COACH.email);
    await invite(parentName, /^Ouder of verzorger/);
    const box = page.locator("code.link-box");
    await expect(box).toHaveText(/\/invite\/[A-Za-z0-9_-]{43}$/);
    const parentLink = ((await box.textContent()) ?? "").trim();

    const plan = async (title: string, days: number) => {
      const day = addDays(amsterdamToday(), days);
      await page.goto(`/cases/${caseId}/meetings/new`);
      await page.getByLabel("Titel").fill(title);
      await page.getByLabel("Waarom praten we? (in gewone woorden)").fill("We kijken samen hoe het gaat.");
      await page.getByLabel("Datum en begintijd").fill(inputDateTime(day, "10:00"));
      await page.getByLabel("Hoe lang (minuten)").fill("60");
      await page.getByLabel("Plek", { exact: true }).fill("School");
      await page.getByLabel("Voorbereiden kan tot").fill(inputDateTime(addDays(day, -2), "18:00"));
      await page.getByRole("button", { name: "Gesprek plannen" }).click();
      await expect(page).toHaveURL(/\/meetings\/\d+$/);
      return Number(new URL(page.url()).pathname.split("/").pop());
    };
    const first = await plan(`Eerste gesprek ${child}`, 10);
    const next = await plan(`Tweede gesprek ${child}`, 40);
    return { caseId, child, parentName, parentLink, first, next };
  } finally {
    await context.close();
  }
}

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
