// Accessibility of every page: axe (WCAG 2.2 AA rules), no sideways scrolling at phone width,
// touch targets of 44 px or more, a language, one h1 and a main landmark.

import { test, expect, type Page } from "@playwright/test";
import { DEMO, checkAccessibility, linkFor, signInWithLink, signInWithPassword } from "./support";


async function checkPage(page: Page, what: string): Promise<void> {
  await page.waitForLoadState("networkidle");
  await checkAccessibility(page, what);

  // Language, one h1, a main landmark.
  const lang = await page.locator("html").getAttribute("lang");
  expect.soft(lang ?? "", `${what}: <html lang>`).toMatch(/^(nl|en)$/);
  await expect.soft(page.locator("h1"), `${what}: exactly one h1`).toHaveCount(1);
  await expect.soft(page.getByRole("main"), `${what}: one main landmark`).toHaveCount(1);
  expect.soft((await page.title()).trim(), `${what}: a page title`).not.toBe("");
}

test.describe("signed out", () => {
  test("home", async ({ page }) => {
    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Aan Tafel");
    await checkPage(page, "signed-out home");
  });

  test("sign-in", async ({ page }) => {
    await page.goto("/sign-in");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen voor professionals");
    await checkPage(page, "sign-in");
  });

  test("sign-in with errors", async ({ page }) => {
    await page.goto("/sign-in");
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#email-error")).toContainText("Vul dit in.");
    await checkPage(page, "sign-in with field errors");

    await page.getByLabel("E-mailadres").fill(DEMO.people.care.email);
    await page.getByLabel("Wachtwoord").fill("niet-goed");
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(page.locator(".error-summary")).toContainText("klopt niet");
    await checkPage(page, "sign-in with a wrong password");
  });

  test("invitation page", async ({ page }) => {
    await page.goto(linkFor("parent"));
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Welkom, ${DEMO.people.parent.name}`);
    await checkPage(page, "invitation page");
  });

  test("used-link page", async ({ page }) => {
    const link = linkFor("young");
    await signInWithLink(page, link, DEMO.people.young.name);
    await page.goto(link);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet");
    await checkPage(page, "used-link page");
  });

  test("not found", async ({ page }) => {
    const res = await page.goto("/bestaat/niet");
    expect(res?.status()).toBe(404);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Niet gevonden");
    await checkPage(page, "404 page");
  });
});

test.describe("family", () => {
  test("case page and meeting page as a parent", async ({ page }) => {
    await signInWithLink(page, linkFor("parent"), DEMO.people.parent.name);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");
    await checkPage(page, "case page (parent)");

    await page.goto("/meetings/1");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.meetingTitle);
    await checkPage(page, "meeting page (parent)");

    await page.goto("/");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn gesprekken");
    await checkPage(page, "signed-in home (parent)");
  });
});

test.describe("coordinator", () => {
  test.beforeEach(async ({ page }) => {
    await signInWithPassword(page, DEMO.people.coordinator.email);
  });

  test("home and case page", async ({ page }) => {
    await checkPage(page, "signed-in home (coordinator)");
    await page.goto("/cases/1");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");
    await expect(page.getByRole("heading", { level: 2, name: "Uitnodigingen" })).toBeVisible();
    await checkPage(page, "case page (coordinator)");
  });

  test("meeting page", async ({ page }) => {
    await page.goto("/meetings/1");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.meetingTitle);
    await checkPage(page, "meeting page (coordinator)");
  });

  test("new case form, empty and with errors", async ({ page }) => {
    await page.goto("/cases/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nieuwe zaak openen");
    await checkPage(page, "new case form");
    // An age but no name: the name's error is shown next to it and in the summary.
    await page.getByRole("radio", { name: "12 tot 16 jaar" }).check();
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#first_name-error")).toContainText("Vul dit in.");
    await checkPage(page, "new case form with errors");
  });

  test("invite form, empty and with errors", async ({ page }) => {
    await page.goto("/cases/1/invite");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iemand uitnodigen");
    await checkPage(page, "invite form");
    // A role but no name, and an address that is not one.
    await page.getByRole("radio", { name: /^School/ }).check();
    await page.getByLabel("E-mailadres").fill("geen-adres");
    await page.getByRole("button", { name: "Link maken" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#name-error")).toContainText("Vul dit in.");
    await expect(page.locator("#email-error")).toContainText("Dit is geen e-mailadres.");
    await checkPage(page, "invite form with errors");
  });

  test("new meeting form, empty and with errors", async ({ page }) => {
    await page.goto("/cases/1/meetings/new");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gesprek plannen");
    await checkPage(page, "new meeting form");
    await page.getByRole("button", { name: "Gesprek plannen" }).click();
    await expect(page.locator(".error-summary")).toBeVisible();
    await expect(page.locator("#title-error")).toContainText("Vul dit in.");
    await checkPage(page, "new meeting form with errors");
  });
});
