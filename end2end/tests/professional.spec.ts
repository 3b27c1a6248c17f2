// A coordinator signs in with a password, opens a case, invites a parent, and plans a meeting.
// Plus the sign-in page's errors, the limit on failed tries, and signing out.

import { test, expect } from "@playwright/test";
import {
  BASE_URL,
  DEMO,
  DEMO_PASSWORD,
  NOT_FOUND_TEXT,
  addDays,
  amsterdamToday,
  definition,
  dutchDate,
  inputDateTime,
  newPhoneContext,
  personRow,
  signInWithPassword,
  unique,
  confirmOwnPhone,
} from "./support";
import { expectFieldErrors, expectNoFieldErrors, expectSummaryLinksLeadSomewhere } from "./forms";

const coordinator = DEMO.people.coordinator;

test("coordinator opens a case, invites a parent and plans a meeting", async ({ page, browser }) => {
  test.setTimeout(120_000);
  const child = `Noor${unique()}`;
  const parentName = `Lotte de Boer ${unique()}`;

  // Sign in with the password.
  await signInWithPassword(page, coordinator.email);
  await expect(page.getByRole("link", { name: "Sam", exact: true })).toHaveAttribute("href", "/cases/1");
  await expect(page.getByRole("button", { name: /^Uitloggen \(/ })).toBeVisible();

  // Open a new case: first empty, then right.
  await page.getByRole("link", { name: "Nieuwe zaak openen" }).click();
  await expect(page).toHaveURL(/\/cases\/new$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Nieuwe zaak openen");
  await expectNoFieldErrors(page);
  await page.getByRole("button", { name: "Zaak openen" }).click();
  // Soft: a wrong answer here is reported, and the rest of the flow is still checked.
  await expectFieldErrors(
    page,
    {
      first_name: "Vul dit in.",
      age_band: "Kies een van de mogelijkheden.",
    },
    { soft: true },
  );
  await expectSummaryLinksLeadSomewhere(page);
  await expect(page).toHaveURL(/\/cases\/new/);

  await page.getByLabel("Voornaam van het kind").fill(child);
  const age = page.getByRole("group", { name: "Leeftijd" });
  await expect(age.getByRole("radio")).toHaveCount(4);
  await expect(age.getByRole("radio", { name: "18 jaar of ouder" })).toBeVisible();
  await expect(age.getByRole("radio", { name: "8 tot 12 jaar" })).toBeVisible();
  await expect(age.getByRole("radio", { name: "12 tot 16 jaar" })).toBeVisible();
  await expect(age.getByRole("radio", { name: "16 tot 18 jaar" })).toBeVisible();
  await age.getByRole("radio", { name: "8 tot 12 jaar" }).check();
  await page.getByRole("button", { name: "Zaak openen" }).click();

  await expect(page).toHaveURL(/\/cases\/\d+$/);
  const caseId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(caseId).toBeGreaterThan(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${child}`);
  await expect(page.getByText(`${child}, 8 tot 12 jaar.`)).toBeVisible();
  const table = page.getByRole("region", { name: "Wie zitten er aan tafel?" });
  await expect(personRow(table, coordinator.name)).toContainText("(u)");
  await expect(personRow(table, coordinator.name)).toContainText("Coördinator");
  await expect(page.getByRole("region", { name: "Gesprekken" })).toContainText("Er is nog geen gesprek gepland.");
  await expect(page.getByRole("region", { name: "Uitnodigingen" })).toContainText("Nog geen uitnodigingen.");

  // Invite a parent.
  await page.getByRole("link", { name: "Iemand uitnodigen" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/invite$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iemand uitnodigen");
  await page.getByLabel("Naam", { exact: true }).fill(parentName);
  const roles = page.getByRole("group", { name: "Rol aan tafel" });
  await expect(roles.getByRole("radio")).toHaveCount(6);
  for (const r of ["Ouder of verzorger", "Kind of jongere", "Gezinscoach", "School", "Jeugdhulp", "Coördinator"]) {
    await expect(roles.getByRole("radio", { name: new RegExp(`^${r}`) })).toHaveCount(1);
  }
  await roles.getByRole("radio", { name: /^Ouder of verzorger/ }).check();
  await page.getByLabel("Relatie tot het kind (niet verplicht)").fill("moeder");
  await page.getByRole("button", { name: "Link maken" }).click();

  // The link is shown once on the page, never in the address bar.
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/invite$`));
  const box = page.getByRole("status").filter({ hasText: "De link is klaar" });
  await expect(box.getByRole("heading", { name: "De link is klaar" })).toBeVisible();
  const linkBox = box.locator("code.link-box");
  await expect(linkBox).toHaveText(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
  const link = (await linkBox.textContent())!.trim();
  expect(page.url()).not.toContain(link.split("/").pop()!);

  // The parent opens the link on their own phone.
  const parentContext = await newPhoneContext(browser);
  try {
    const parent = await parentContext.newPage();
    await parent.goto(link);
    await expect(parent.getByRole("heading", { level: 1 })).toHaveText(`Welkom, ${parentName}`);
    await confirmOwnPhone(parent);
    await parent.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
    await expect(parent).toHaveURL(`${BASE_URL}/cases/${caseId}`);
    await expect(parent.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${child}`);
    const theirTable = parent.getByRole("region", { name: "Wie zitten er aan tafel?" });
    await expect(personRow(theirTable, parentName)).toContainText("(u)");
    await expect(personRow(theirTable, parentName)).toContainText("Ouder of verzorger · moeder");
    await expect(personRow(theirTable, coordinator.name)).toBeVisible();
    await expect(parent.getByRole("link", { name: "Iemand uitnodigen" })).toHaveCount(0);

    // They are not at Sam's table: Sam's case is exactly as invisible as a case that does not exist.
    const res = await parent.goto("/cases/1");
    expect(res?.status()).toBe(404);
    await expect(parent.getByText(NOT_FOUND_TEXT)).toBeVisible();
    await expect(parent.getByText(/\bSam\b/)).toHaveCount(0);
    const res999 = await parent.goto("/cases/999");
    expect(res999?.status()).toBe(404);
    await expect(parent.getByText(NOT_FOUND_TEXT)).toBeVisible();
    await parent.goto("/meetings/1");
    await expect(parent.getByText(NOT_FOUND_TEXT)).toBeVisible();
    await expect(parent.getByText(DEMO.meetingTitle)).toHaveCount(0);
  } finally {
    await parentContext.close();
  }

  // The coordinator sees the parent at the table and the invitation as used.
  await page.goto(`/cases/${caseId}`);
  await expect(personRow(page.getByRole("region", { name: "Wie zitten er aan tafel?" }), parentName)).toContainText(
    "Ouder of verzorger",
  );
  await expect(page.getByRole("region", { name: "Uitnodigingen" })).toContainText(`${parentName}: gebruikt`);

  // Plan a meeting: first with the deadline after the start, then right.
  await page.getByRole("link", { name: "Gesprek plannen" }).click();
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/meetings/new$`));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Gesprek plannen");
  const day = addDays(amsterdamToday(), 14);
  const title = `Kennismaken met ${child}`;
  await page.getByLabel("Titel").fill(title);
  await page.getByLabel("Waarom praten we? (in gewone woorden)").fill("We leren elkaar kennen. We kijken wat goed gaat.");
  await page.getByLabel("Datum en begintijd").fill(inputDateTime(day, "10:00"));
  await page.getByLabel("Hoe lang (minuten)").fill("90");
  await page.getByLabel("Plek", { exact: true }).fill("Buurthuis De Linde");
  await page.getByLabel("Voorbereiden kan tot").fill(inputDateTime(addDays(day, 1), "12:00"));
  await page.getByRole("button", { name: "Gesprek plannen" }).click();
  await expectFieldErrors(page, { prepare_by: "Deze datum moet vóór het gesprek liggen." });
  await expectSummaryLinksLeadSomewhere(page);
  await expect(page).toHaveURL(new RegExp(`/cases/${caseId}/meetings/new`));
  // What was typed is still there.
  await expect(page.getByLabel("Titel")).toHaveValue(title);
  await expect(page.getByLabel("Plek", { exact: true })).toHaveValue("Buurthuis De Linde");

  const deadline = addDays(day, -2);
  await page.getByLabel("Voorbereiden kan tot").fill(inputDateTime(deadline, "18:00"));
  await page.getByRole("button", { name: "Gesprek plannen" }).click();
  await expect(page).toHaveURL(/\/meetings\/\d+$/);
  const meetingId = Number(new URL(page.url()).pathname.split("/").pop());
  expect(meetingId).toBeGreaterThan(1);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(title);
  await expect(page.getByRole("link", { name: `Aan tafel voor ${child}` })).toHaveAttribute("href", `/cases/${caseId}`);
  await expect(page.getByRole("region", { name: "Waarom praten we?" })).toContainText("We leren elkaar kennen.");
  await expect(definition(page, "Wanneer")).toHaveText(`${dutchDate(day)}, 10:00 – 11:30`);
  await expect(definition(page, "Waar")).toHaveText("Buurthuis De Linde");
  await expect(definition(page, "Voorbereiden kan tot")).toHaveText(`${dutchDate(deadline)}, 18:00`);
  const who = page.getByRole("region", { name: "Wie komen er?" });
  await expect(personRow(who, coordinator.name)).toContainText("(u)");
  await expect(personRow(who, parentName)).toContainText("Ouder of verzorger");
  await expect(who.locator("li")).toHaveCount(2);

  // The case lists it.
  await page.goto(`/cases/${caseId}`);
  await expect(page.getByRole("region", { name: "Gesprekken" }).getByRole("link", { name: title })).toHaveAttribute(
    "href",
    `/meetings/${meetingId}`,
  );
});

test.describe("without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("opening a case shows errors and keeps what was typed", async ({ page }) => {
    const child = `Mila${unique()}`;
    await signInWithPassword(page, coordinator.email);
    await page.getByRole("link", { name: "Nieuwe zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/new$/);

    // Everything empty. (Soft checks: each wrong answer is reported, the flow goes on.)
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/new/);
    await expectFieldErrors(
      page,
      {
        first_name: "Vul dit in.",
        age_band: "Kies een van de mogelijkheden.",
      },
      { soft: true },
    );

    // A name but no age: the name survives the round trip.
    await page.getByLabel("Voornaam van het kind").fill(child);
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/new/);
    await expectFieldErrors(page, { age_band: "Kies een van de mogelijkheden." }, { soft: true });
    expect.soft(await page.getByLabel("Voornaam van het kind").inputValue(), "the typed name is still there").toBe(child);

    // A date of birth in the future: a plain error on that field.
    await page.getByLabel("Voornaam van het kind").fill(child);
    await page.getByLabel("Geboortedatum van het kind").fill("2999-01-01");
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/new/);
    await expectFieldErrors(page, { birth_date: "Dit is geen goede geboortedatum. Kies een dag in het verleden, niet meer dan 24 jaar geleden." }, { soft: true });

    // Now the age too (the name typed again in case it was lost; no date of birth).
    await page.getByLabel("Voornaam van het kind").fill(child);
    await page.getByLabel("Geboortedatum van het kind").fill("");
    await page.getByRole("group", { name: "Leeftijd" }).getByRole("radio", { name: "16 tot 18 jaar" }).check();
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/\d+$/);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Aan tafel voor ${child}`);
    await expect(page.getByText(`${child}, 16 tot 18 jaar.`)).toBeVisible();
    await expectNoFieldErrors(page);

    // The coordinator adds the date of birth later. It makes the child younger than "16 tot 18
    // jaar" (parents would read more again), so it is refused until confirmed; then the case page
    // shows it with the age.
    await page.getByText("Geboortedatum van het kind", { exact: true }).first().click();
    await page.getByLabel("Geboortedatum van het kind").fill("2012-05-15");
    await page.getByRole("button", { name: "Geboortedatum bewaren" }).click();
    await expect(page).toHaveURL(/\/cases\/\d+$/);
    await expectFieldErrors(page, { birth_date: "Met deze datum is het kind jonger dan nu in Aan Tafel staat. Dan mogen ouders weer meer zien. Klopt de datum? Zet dan een vinkje bij 'De datum klopt'." }, { soft: true });
    await expect(page.getByText(/^Geboren op /)).toHaveCount(0);
    await page.getByLabel("Geboortedatum van het kind").fill("2012-05-15");
    await page.getByLabel("De datum klopt, ook als het kind daarmee jonger wordt dan nu.").check();
    await page.getByRole("button", { name: "Geboortedatum bewaren" }).click();
    await expect(page).toHaveURL(/\/cases\/\d+$/);
    await expect(page.getByText(/^Geboren op .*15 mei 2012\. Nu \d+ jaar\.$/)).toBeVisible();

    await page.goto("/");
    await expect(page.getByRole("link", { name: child, exact: true })).toBeVisible();
  });

  test("signing in and out works with plain form posts", async ({ page }) => {
    await signInWithPassword(page, DEMO.people.mediator.email);
    await page.getByRole("button", { name: /^Uitloggen \(/ }).click();
    await expect(page).toHaveURL(`${BASE_URL}/`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Aan Tafel");
  });
});

test("an empty sign-in form asks to fill in both fields", async ({ page }) => {
  await page.goto("/sign-in");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen voor professionals");
  await page.getByRole("button", { name: "Inloggen", exact: true }).click();
  await expectFieldErrors(page, { email: "Vul dit in.", password: "Vul dit in." });
  await expect(page.getByLabel("E-mailadres")).toHaveAttribute("aria-invalid", "true");
  await expect(page.getByLabel("Wachtwoord")).toHaveAttribute("aria-invalid", "true");
});

test("a wrong password gives a plain message", async ({ page }) => {
  const email = DEMO.people.mediator.email;
  await page.goto("/sign-in");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill("dit-is-niet-het-wachtwoord");
  await page.getByRole("button", { name: "Inloggen", exact: true }).click();
  const alert = page.locator(".error-summary[role=alert]");
  await expect(alert).toContainText("Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw.");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen voor professionals");
  await expect(page.getByLabel("Wachtwoord")).toHaveValue("");
  await expect(page.getByRole("button", { name: /Uitloggen/ })).toHaveCount(0);
  expect((await page.context().cookies()).find((c) => c.name === "at_session")).toBeUndefined();

  // An unknown address gets exactly the same message.
  await page.getByLabel("E-mailadres").fill(`niemand-${unique()}@demo.invalid`);
  await page.getByLabel("Wachtwoord").fill("dit-is-niet-het-wachtwoord");
  await page.getByRole("button", { name: "Inloggen", exact: true }).click();
  await expect(alert).toContainText("Het e-mailadres of het wachtwoord klopt niet. Probeer het opnieuw.");
});

test("after three failed tries the next must wait: a plain 429 page in Dutch and English", async ({ page }) => {
  // An address of nobody: the slow-down counts per address, so no real account is slowed.
  const email = `niemand-${unique()}@demo.invalid`;
  const alert = page.locator(".error-summary[role=alert]");
  await page.goto("/sign-in");
  for (let i = 1; i <= 3; i++) {
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill(`fout-wachtwoord-${i}`);
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(alert, `try ${i}`).toContainText("Het e-mailadres of het wachtwoord klopt niet.");
  }
  // From the fourth try on, the wait doubles (1 s, 2 s, 4 s, …): within a few quick tries one
  // falls inside it, however slow this machine is.
  let status = 0;
  for (let i = 4; i <= 10 && status !== 429; i++) {
    await page.getByLabel("E-mailadres").fill(email);
    await page.getByLabel("Wachtwoord").fill(`nog-een-keer-fout-${i}`);
    const [response] = await Promise.all([
      page.waitForResponse((r) => r.url().includes("/api/sign_in")),
      page.getByRole("button", { name: "Inloggen", exact: true }).click(),
    ]);
    status = response.status();
    if (status !== 429) await expect(alert, `try ${i}`).toContainText("Het e-mailadres of het wachtwoord klopt niet.");
  }
  expect(status).toBe(429);
  await expect(page.getByRole("heading", { name: "Even wachten" })).toBeVisible();
  await expect(page.getByText(/Het is te vaak mislukt\. Wacht \d+ seconden?/)).toBeVisible();
  await expect(page.getByText(/Too many failed tries\. Wait \d+ seconds?/)).toBeVisible();
  expect((await page.context().cookies()).find((c) => c.name === "at_session")).toBeUndefined();

  // The lock is per address: another professional still gets in.
  await signInWithPassword(page, DEMO.people.care.email);
});

test("signing out ends the session", async ({ page, context }) => {
  await signInWithPassword(page, DEMO.people.care.email);
  const before = (await context.cookies()).find((c) => c.name === "at_session");
  expect(before).toBeTruthy();
  await page.goto("/cases/1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");

  await page.getByRole("button", { name: /^Uitloggen \(/ }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom bij Aan Tafel");
  await expect(page.getByRole("button", { name: /Uitloggen/ })).toHaveCount(0);
  expect((await context.cookies()).find((c) => c.name === "at_session")).toBeUndefined();

  await page.goto("/cases/1");
  await expect(page.getByRole("heading", { level: 1, name: "Aan tafel voor Sam" })).toHaveCount(0);
  await expect(page.getByText(/U moet eerst inloggen/)).toBeVisible();

  // The old session token is dead on the server too, not only forgotten by the browser.
  await context.addCookies([{ ...before!, expires: -1 }]);
  const res = await page.goto("/cases/1");
  expect(res?.status()).toBe(401);
  await expect(page.getByText(/U moet eerst inloggen/)).toBeVisible();
});
