// Dutch by default; every language one menu away (a details element, so no script is needed),
// remembered in a cookie, and back again.

import { test, expect, type Page } from "@playwright/test";
import { BASE_URL, DEMO, linkFor, signInWithLink } from "./support";

async function expectLang(page: Page, code: "nl" | "en"): Promise<void> {
  await expect(page.locator("html")).toHaveAttribute("lang", code);
}

async function switchTo(page: Page, linkName: "English" | "Nederlands", expectedPath: string): Promise<void> {
  const menu = page.locator("details.lang-menu");
  await menu.locator("summary").click();
  await expect(menu).toHaveAttribute("open", "");
  const link = menu.getByRole("link", { name: linkName, exact: true });
  await expect(link).toHaveAttribute("href", `/lang/${linkName === "English" ? "en" : "nl"}?back=${expectedPath}`);
  await link.click();
  await expect(page).toHaveURL(`${BASE_URL}${expectedPath}`);
}

test.describe("signed out", () => {
  test("switching to English and back, remembered between pages", async ({ page, context }) => {
    await page.goto("/");
    await expectLang(page, "nl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Aan Tafel");
    await expect(page.getByRole("link", { name: "Inloggen voor professionals" })).toBeVisible();

    await switchTo(page, "English", "/");
    await expectLang(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welcome to Aan Tafel");
    await expect(page.getByRole("link", { name: "Sign in for professionals" })).toBeVisible();
    // The menu names the current language and marks it in the list.
    await expect(page.locator("details.lang-menu summary")).toContainText("English");
    await expect(page.locator('details.lang-menu a[aria-current="true"]')).toHaveText("English");
    const cookie = (await context.cookies()).find((c) => c.name === "at_lang");
    expect(cookie?.value).toBe("en");

    // Remembered on the next page load.
    await page.goto("/sign-in");
    await expectLang(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in for professionals");
    await expect(page.getByLabel("Email address")).toBeVisible();
    await expect(page.getByLabel("Password")).toBeVisible();
    await page.reload();
    await expectLang(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Sign in for professionals");

    // Errors are in English too.
    await page.getByRole("button", { name: "Sign in", exact: true }).click();
    await expect(page.locator(".error-summary")).toContainText("Please change this");
    await expect(page.locator("#email-error")).toContainText("Please fill this in.");

    // Unknown pages too.
    await page.goto("/nergens");
    await expectLang(page, "en");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");

    // And back to Dutch.
    await page.goto("/sign-in");
    await switchTo(page, "Nederlands", "/sign-in");
    await expectLang(page, "nl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen voor professionals");
    await page.goto("/");
    await expectLang(page, "nl");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Aan Tafel");
    await expect(page.locator("details.lang-menu summary")).toContainText("Nederlands");
  });

  test("the switch only goes back to pages on this site", async ({ page }) => {
    await page.goto("/lang/en?back=//example.com/");
    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expectLang(page, "en");
    await page.goto("/lang/nl?back=https://example.com/");
    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expectLang(page, "nl");
  });
});

test("signed in: the case, the meeting and my cases in English", async ({ page }) => {
  await signInWithLink(page, linkFor("parent"), DEMO.people.parent.name);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");

  await switchTo(page, "English", "/cases/1");
  await expectLang(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("At the table for Sam");
  await expect(page.getByRole("heading", { level: 2, name: "Meetings" })).toBeVisible();
  await expect(page.getByRole("heading", { level: 2, name: "Who is at the table?" })).toBeVisible();
  await expect(page.getByText("Knows the child best.")).toBeVisible();
  await expect(page.getByRole("button", { name: /Sign out/ })).toBeVisible();

  await page.goto("/meetings/1");
  await expectLang(page, "en");
  await expect(page.getByRole("heading", { level: 2, name: "Why do we meet?" })).toBeVisible();
  await expect(page.locator("dl dt").first()).toHaveText("When");

  await page.goto("/");
  await expectLang(page, "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("My meetings");

  await switchTo(page, "Nederlands", "/");
  await expectLang(page, "nl");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn gesprekken");
  await page.goto("/cases/1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");
});
