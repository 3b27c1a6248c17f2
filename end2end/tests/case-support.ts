// A case of its own for specs that need a fresh table: the coordinator opens it, seats the demo
// family coach and a new parent, and plans two meetings, so a spec depends on no other spec.

import { expect, type Browser, type Page } from "@playwright/test";
import { DEMO, addDays, amsterdamToday, inputDateTime, newPhoneContext, signInWithPassword, unique } from "./support";

const COACH = DEMO.people.mediator;

/** The coordinator opens a case, seats the demo coach and a new parent, and plans two meetings. */
export async function caseWithTwoMeetings(browser: Browser) {
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


/** The signed-in person on `page` proposes `topic` for `meeting`, on its agenda page. */
export async function proposeTopic(page: Page, meeting: number, topic: string) {
  await page.goto(`/meetings/${meeting}/agenda`);
  const form = page.getByRole("region", { name: "Onderwerp voorstellen" });
  await form.getByLabel("Onderwerp", { exact: true }).fill(topic);
  await form.getByRole("button", { name: "Voorstellen", exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/meetings/${meeting}/agenda\\?proposed=1$`));
}
