// A fresh professional of their own for specs that change an account (passkeys, sessions), so
// no other spec's demo account is touched and specs stay independent of their order.
import { Browser, Page, expect } from "@playwright/test";
import { DEMO, newPhoneContext, signInWithPassword, unique } from "./support";
import { personIdByName } from "./prepare-support";

export interface FreshProfessional {
  name: string;
  email: string;
  password: string;
  personId: number;
  /** The path of their first link: it only lets them choose a password. */
  linkPath: string;
}

/** The coordinator invites a new youth care worker to a table (Sam's unless said); returns their first link. */
export async function freshProfessional(browser: Browser, prefix: string, caseId: number = DEMO.caseId): Promise<FreshProfessional> {
  const id = unique();
  const name = `${prefix} ${id}`;
  const email = `${prefix.toLowerCase()}-${id}@example.invalid`.replace(/[^a-z0-9@.-]/g, "");
  const ctx = await newPhoneContext(browser);
  try {
    const page = await ctx.newPage();
    await signInWithPassword(page, DEMO.people.coordinator.email);
    await page.goto(`/cases/${caseId}/invite`);
    await page.getByLabel("Naam", { exact: true }).fill(name);
    await page.getByRole("radio", { name: /^Jeugdhulp/ }).check();
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByRole("button", { name: "Link maken" }).click();
    const box = page.locator("code.link-box");
    await expect(box).toBeVisible();
    const link = ((await box.textContent()) ?? "").trim();
    const linkPath = new URL(link).pathname;
    expect(linkPath).toMatch(/^\/invite\/[A-Za-z0-9_-]{43}$/);
    return { name, email, password: `Wachtwoord-${id}-lang`, personId: personIdByName(name), linkPath };
  } finally {
    await ctx.close();
  }
}

/** Opens their first link, chooses the password and lands on the case (Sam's unless said). */
export async function choosePassword(page: Page, pro: FreshProfessional, caseId: number = DEMO.caseId): Promise<void> {
  await page.goto(pro.linkPath);
  await page.getByLabel("Kies een wachtwoord").fill(pro.password);
  await page.getByLabel("Typ het wachtwoord nog een keer").fill(pro.password);
  await page.getByRole("button", { name: "Wachtwoord opslaan en inloggen" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}$`));
}
