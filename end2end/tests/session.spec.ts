// The session guard on a professional's page. Time is controlled on both sides: the page's clock
// by Playwright, the server's view of the session by moving its last use back in the database.
// The guard warns before the session ends, "Blijf ingelogd" keeps it, and after it ended, signing
// in again in place keeps what was typed and sends it.
import { test, expect } from "@playwright/test";
import { DEMO, newPhoneContext, signInWithPassword, unique } from "./support";
import { dbQuery } from "./prepare-support";
import { choosePassword, freshProfessional } from "./session-support";

test("the guard warns, keeps the session on request, and signs in again in place without losing typed text", async ({ browser }) => {
  const pro = await freshProfessional(browser, "Sessie");
  const context = await newPhoneContext(browser);
  try {
    const page = await context.newPage();
    await page.clock.install();
    await choosePassword(page, pro);

    await page.goto(`/cases/${DEMO.caseId}/plan`);
    const goal = `Sam fietst zelf naar school (${unique()})`;
    const add = page.getByRole("region", { name: "Doel toevoegen" });
    await add.getByLabel("Het doel in gewone woorden").fill(goal);

    // 56 minutes without use, on the server and on the page.
    const live = `person_id = ${pro.personId} AND revoked_at IS NULL`;
    dbQuery(`UPDATE sessions SET last_seen = last_seen - 3360 WHERE ${live}`);
    await page.clock.fastForward("56:00");
    const warning = page.getByRole("dialog", { name: "Bent u er nog?" });
    await expect(warning).toBeVisible();
    await warning.getByRole("button", { name: "Blijf ingelogd" }).click();
    await expect(warning).toBeHidden();
    const [fresh] = dbQuery<{ age: number }>(`SELECT strftime('%s','now') - last_seen AS age FROM sessions WHERE ${live}`);
    expect(fresh.age, "the session was used just now").toBeLessThan(60);

    // Then more than an hour passes: the session ends while the text is still on the page.
    dbQuery(`UPDATE sessions SET last_seen = last_seen - 3700 WHERE ${live}`);
    await page.clock.fastForward("02:00");
    await add.getByRole("button", { name: "Doel toevoegen" }).click();
    const ended = page.getByRole("dialog", { name: "U bent uitgelogd" });
    await expect(ended).toBeVisible();
    await expect(page.locator("#main"), "the page behind the dialog is hidden").toBeHidden();
    // Still there behind the dialog (the region is hidden, so it is found by its id).
    await expect(page.locator("textarea#plain")).toHaveValue(goal);
    expect(dbQuery(`SELECT id FROM goals WHERE plain = '${goal}'`), "not sent while signed out").toEqual([]);

    await ended.getByLabel("Wachtwoord").fill("niet-mijn-wachtwoord");
    await ended.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(ended.getByRole("alert")).toHaveText(/klopt niet/);
    await ended.getByLabel("Wachtwoord").fill(pro.password);
    await ended.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(ended).toBeHidden();
    await expect(page.getByText(goal).first()).toBeVisible();
    expect(dbQuery(`SELECT COUNT(*) AS n FROM goals WHERE plain = '${goal}'`)).toEqual([{ n: 1 }]);
  } finally {
    await context.close();
  }
});

test("a page left open notices a session that ended elsewhere, and asks to sign in again", async ({ browser }) => {
  const pro = await freshProfessional(browser, "Elders");
  const context = await newPhoneContext(browser);
  try {
    const page = await context.newPage();
    await page.clock.install();
    await choosePassword(page, pro);

    const other = await newPhoneContext(browser);
    try {
      const laptop = await other.newPage();
      await signInWithPassword(laptop, pro.email, pro.password);
      await laptop.getByRole("button", { name: "Uitloggen op alle apparaten" }).click();
    } finally {
      await other.close();
    }
    await page.clock.fastForward("56:00");
    await expect(page.getByRole("dialog", { name: "U bent uitgelogd" })).toBeVisible();
  } finally {
    await context.close();
  }
});
