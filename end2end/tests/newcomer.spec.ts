// A parent or young person opens the personal link they were sent, signs in with one button, and
// finds the table and the meeting. With and without JavaScript.

import { test, expect, type Page } from "@playwright/test";
import {
  DEMO,
  ROLE_EXPLANATIONS,
  type DemoRole,
  definition,
  demoMeetingDates,
  dutchDate,
  linkFor,
  newPhoneContext,
  personRow,
  signInWithLink,
  confirmOwnPhone,
} from "./support";

/** How the table marks the viewer: parents read "(u)", a young person "(jij)". */
function you(me: DemoRole): string {
  return me === "young" ? "(jij)" : "(u)";
}

/** The case page of the demo case, as seen by `me` (a family member: no planning buttons). */
async function expectDemoCasePage(page: Page, me: DemoRole): Promise<void> {
  await expect(page).toHaveURL(/\/cases\/1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");

  const meetings = page.getByRole("region", { name: "Gesprekken" });
  await expect(meetings.getByRole("heading", { level: 2, name: "Gesprekken" })).toBeVisible();
  await expect(meetings.getByRole("link", { name: DEMO.meetingTitle })).toBeVisible();
  const { start, deadline } = demoMeetingDates();
  await expect(meetings).toContainText(`${dutchDate(start)}, 15:30`);
  await expect(meetings).toContainText(`Voorbereiden kan tot ${dutchDate(deadline)}, 20:00`);

  const table = page.getByRole("region", { name: "Wie zitten er aan tafel?" });
  await expect(table.getByRole("heading", { level: 2, name: "Wie zitten er aan tafel?" })).toBeVisible();
  for (const role of Object.keys(DEMO.people) as DemoRole[]) {
    const person = DEMO.people[role];
    const row = personRow(table, person.name);
    await expect(row, `${person.name} sits at the table`).toHaveCount(1);
    await expect(row).toContainText(person.role);
    await expect(row.locator(".explain")).toContainText(ROLE_EXPLANATIONS[role]);
    if (role === me) {
      await expect(row, `the viewer (${person.name}) is marked "${you(me)}"`).toContainText(you(me));
    } else {
      await expect(row, `${person.name} is not marked "${you(me)}"`).not.toContainText(you(me));
    }
  }
  await expect(table.getByText(you(me))).toHaveCount(1);

  // Families see the table, but do not plan or invite.
  await expect(page.getByRole("link", { name: "Gesprek plannen" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Iemand uitnodigen" })).toHaveCount(0);
  await expect(page.getByRole("heading", { name: "Uitnodigingen" })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Uitloggen \(/ })).toBeVisible();
}

/** The demo meeting's page: why, when, where, the deadline and who comes. */
async function expectDemoMeetingPage(page: Page, me: DemoRole): Promise<void> {
  await expect(page).toHaveURL(/\/meetings\/1$/);
  await expect(page.getByRole("link", { name: "Aan tafel voor Sam" })).toHaveAttribute("href", "/cases/1");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(DEMO.meetingTitle);

  const why = page.getByRole("region", { name: "Waarom praten we?" });
  await expect(why.getByRole("heading", { level: 2, name: "Waarom praten we?" })).toBeVisible();
  await expect(why).toContainText("Sam gaat sinds de herfstvakantie minder vaak naar school.");

  const { start, deadline } = demoMeetingDates();
  await expect(definition(page, "Wanneer")).toHaveText(`${dutchDate(start)}, 15:30 – 16:30`);
  await expect(definition(page, "Waar")).toHaveText(DEMO.place);
  await expect(definition(page, "Voorbereiden kan tot")).toContainText(`${dutchDate(deadline)}, 20:00`);
  await expect(definition(page, "Voorbereiden kan tot")).not.toContainText("Deze datum is voorbij.");

  const who = page.getByRole("region", { name: "Wie komen er?" });
  await expect(who.getByRole("heading", { level: 2, name: "Wie komen er?" })).toBeVisible();
  for (const role of Object.keys(DEMO.people) as DemoRole[]) {
    const person = DEMO.people[role];
    const row = personRow(who, person.name);
    await expect(row, `${person.name} comes to the meeting`).toHaveCount(1);
    await expect(row).toContainText(person.role);
    if (role === me) await expect(row).toContainText(you(me));
  }
}

async function openInvitationAndFollowMeeting(page: Page): Promise<void> {
  const link = linkFor("parent");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom, Fatima Bakker");
  await expect(page.getByText("U bent uitgenodigd voor Aan Tafel.")).toBeVisible();
  // Opening the link alone does not sign in (chat-app previews would use it up).
  await expect(page.getByRole("button", { name: /Uitloggen/ })).toHaveCount(0);
  await confirmOwnPhone(page);
  await page.getByRole("button", { name: "Inloggen op dit apparaat" }).click();

  await expectDemoCasePage(page, "parent");
  const cookies = await page.context().cookies();
  const session = cookies.find((c) => c.name === "at_session");
  expect(session, "a session cookie is set").toBeTruthy();
  expect(session?.httpOnly, "the session cookie is HttpOnly").toBe(true);

  await page.getByRole("region", { name: "Gesprekken" }).getByRole("link", { name: DEMO.meetingTitle }).click();
  await expectDemoMeetingPage(page, "parent");

  // Back to the case through the crumb link.
  await page.getByRole("link", { name: "Aan tafel voor Sam" }).click();
  await expect(page).toHaveURL(/\/cases\/1$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");

  // The home page lists the case and its next meeting.
  await page.goto("/");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Mijn gesprekken");
  await expect(page.getByRole("link", { name: "Sam", exact: true })).toHaveAttribute("href", "/cases/1");
  await expect(page.getByRole("link", { name: DEMO.meetingTitle })).toHaveAttribute("href", "/meetings/1");
  await expect(page.getByRole("link", { name: "Nieuwe zaak openen" })).toHaveCount(0);
}

test.describe("a parent with JavaScript", () => {
  test("opens a fresh invitation, sees the table and the meeting", async ({ page }) => {
    await openInvitationAndFollowMeeting(page);
  });
});

test.describe("a parent without JavaScript", () => {
  test.use({ javaScriptEnabled: false });

  test("opens a fresh invitation, sees the table and the meeting", async ({ page }) => {
    await openInvitationAndFollowMeeting(page);
  });
});

test("a link that was used already says so", async ({ page, browser }) => {
  const link = linkFor("parent");
  await signInWithLink(page, link, DEMO.people.parent.name);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Aan tafel voor Sam");

  // Same device, again.
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet");
  await expect(page.getByText(/^Deze link is al gebruikt\./)).toBeVisible();
  await expect(page.getByRole("button", { name: "Inloggen op dit apparaat" })).toHaveCount(0);

  // Someone else who got hold of the link cannot use it either.
  const other = await newPhoneContext(browser);
  try {
    const p2 = await other.newPage();
    const res = await p2.goto(link);
    expect(res?.status(), "a used link answers 404").toBe(404);
    await expect(p2.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet");
    await expect(p2.getByText(/^Deze link is al gebruikt\./)).toBeVisible();
    await p2.goto("/cases/1");
    await expect(p2.getByRole("heading", { level: 1, name: "Aan tafel voor Sam" })).toHaveCount(0);
    await expect(p2.getByText(/U moet eerst inloggen/)).toBeVisible();
  } finally {
    await other.close();
  }
});

test("a link we do not know says so", async ({ page }) => {
  const res = await page.goto(`/invite/${"A".repeat(43)}`);
  expect(res?.status()).toBe(404);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet");
  await expect(page.getByText(/^Deze link kennen wij niet\./)).toBeVisible();
  await expect(page.getByRole("button", { name: "Inloggen op dit apparaat" })).toHaveCount(0);

  // A mangled (too short) link too.
  await page.goto("/invite/abc");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Deze link werkt niet");
  await expect(page.getByText(/^Deze link kennen wij niet\./)).toBeVisible();
});

test("a young person's link works too", async ({ page }) => {
  const link = linkFor("young");
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Welkom, Sam");
  await confirmOwnPhone(page);
  await page.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
  await expectDemoCasePage(page, "young");
  const me = personRow(page.getByRole("region", { name: "Wie zitten er aan tafel?" }), "Sam");
  await expect(me).toContainText("Kind of jongere");
  await expect(me).toContainText("Het gaat over jou.");

  await page.goto("/meetings/1");
  await expectDemoMeetingPage(page, "young");
});
