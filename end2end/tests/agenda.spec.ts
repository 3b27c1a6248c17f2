// The shared agenda, the family coach's review of the input, the agreements card and the calendar
// file, for the demo case (meeting 1, Sam, 13). The parent (Fatima), the young person (Sam), the
// school (Mark) and the family coach (Joyce) each use their own phone. The tests build on each
// other (serial): prepare and review, propose, organise and publish, record agreements, download
// the calendar. The whole run shares one database, so every check looks for this run's own titles.

import { readFileSync } from "node:fs";
import { test, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import ICAL from "ical.js";
import {
  BASE_URL,
  DEMO,
  NOT_FOUND_TEXT,
  addDays,
  amsterdamToday,
  checkAccessibility,
  demoMeetingDates,
  dutchDate,
  escapeRegExp,
  linkFor,
  newPhoneContext,
  personRow,
  signInWithLink,
  signInWithPassword,
  unique,
} from "./support";
import {
  PARENT_QUESTIONS as PQ,
  chooseSharing,
  expectSharing,
  expectStep,
  prepareUrl,
} from "./prepare-support";
import { expectFieldErrors, expectSummaryLinksLeadSomewhere } from "./forms";

const MEETING = `/meetings/${DEMO.meetingId}`;
const AGENDA = `${MEETING}/agenda`;
const PEOPLE = DEMO.people;

// This run's own words (letters, digits and spaces only, so they are safe in patterns).
const TAG = unique();
const TITLE = {
  parent: `Huiswerk en rust thuis ${TAG}`,
  young: `Pauzes op school ${TAG}`,
  school: `Rooster en mentor ${TAG}`,
  mediator: `Plan voor de komende weken ${TAG}`,
};
const A1 = `Hij lacht weer vaker en voetbalt graag. (${TAG}-1)`;
const A2 = `Hij slaapt slecht sinds de herfstvakantie. (${TAG}-2)`;
const A3 = `Een vaste plek en een vast aanspreekpunt. (${TAG}-3)`;
const QUESTION_BACK = `Bij welke club voetbalt hij, en hoe vaak? (${TAG}-vraag)`;
const SUMMARY = `Thuis gaat het beter; voetbal geeft hem energie. (${TAG}-samenvatting)`;
const REPLY = `Bij VV De Meeuwen, twee keer per week. (${TAG}-antwoord)`;
const DISCUSSED = `We spraken over huiswerk na het eten en een rustige plek. (${TAG}-besproken)`;
const AGREEMENT = `De mentor belt de moeder elke vrijdag (${TAG})`;
const AGREEMENT_WHO = "Mark Jansen (school)";
const FEEDBACK = `Ja, zo heb ik het ook gehoord. (${TAG}-feedback)`;
const DUE = addDays(amsterdamToday(), 21);
const DUE_INPUT = DUE.toISOString().slice(0, 10);

type Who = "parent" | "young" | "school" | "mediator";
const WHO: Who[] = ["parent", "young", "school", "mediator"];

const ctx = {} as Record<Who, BrowserContext>;
const pg = {} as Record<Who, Page>;

// ---- Helpers ----

/** The agenda item (on the numbered agenda) with this title. */
function item(page: Page, title: string): Locator {
  return page.locator("ol.agenda > li.agenda-item").filter({
    has: page.locator("h3", { hasText: new RegExp(`^\\d+\\. ${escapeRegExp(title)}(\\s|$)`) }),
  });
}

/** The numbered agenda's titles as shown ("1. Titel"), without the tags after them. */
async function agendaHeadings(page: Page): Promise<string[]> {
  return page.locator("ol.agenda > li.agenda-item > h3").evaluateAll((hs) =>
    hs.map((h) => {
      const c = h.cloneNode(true) as HTMLElement;
      c.querySelectorAll(".tag").forEach((t) => t.remove());
      return (c.textContent ?? "").trim();
    }),
  );
}

/** This run's titles on the numbered agenda, in their order. */
async function myAgenda(page: Page): Promise<string[]> {
  const own = Object.values(TITLE);
  return (await agendaHeadings(page)).map((h) => h.replace(/^\d+\. /, "")).filter((t) => own.includes(t));
}

/** The entries of "Mijn voorstellen" that belong to this run, as "title · state". */
async function myProposals(page: Page): Promise<string[]> {
  const section = page.getByRole("region", { name: "Mijn voorstellen" });
  if ((await section.count()) === 0) return [];
  const rows = (await section.locator("li").allTextContents()).map((t) => t.replace(/\s+/g, " ").trim());
  return rows.filter((r) => r.includes(TAG));
}

async function openAgenda(page: Page): Promise<void> {
  await page.goto(AGENDA);
  await expect(page.locator("main h1")).toContainText("Onderwerpen");
  await expect(page.getByRole("heading", { level: 2, name: "Onderwerp voorstellen" })).toBeVisible();
}

async function propose(
  page: Page,
  p: { title: string; explanation?: string; why?: string; linked?: string; viaCoach?: boolean },
): Promise<void> {
  await openAgenda(page);
  const form = page.getByRole("region", { name: "Onderwerp voorstellen" });
  await form.getByLabel("Onderwerp", { exact: true }).fill(p.title);
  if (p.explanation) await form.getByLabel("Uitleg in gewone woorden (niet verplicht)").fill(p.explanation);
  if (p.why) await form.getByLabel("Waarom is dit belangrijk voor u? (niet verplicht)").fill(p.why);
  if (p.linked) await form.getByLabel("Hoort bij mijn antwoord op (niet verplicht)").selectOption({ label: p.linked });
  if (p.viaCoach) {
    const box = form.getByLabel("Ik wil dat de gezinscoach dit onderwerp inbrengt. Dan staat mijn naam er niet bij.");
    await box.check();
    await expect(box).toBeChecked();
  }
  await form.getByRole("button", { name: "Voorstellen", exact: true }).click();
  await expect(page).toHaveURL(`${BASE_URL}${AGENDA}?proposed=1`);
  await expect(
    // Parents read "u", a young person "je".
    page.getByRole("status").filter({ hasText: /^Dank (u\. Uw|je\. Je) onderwerp is doorgegeven aan de gezinscoach\.$/ }),
  ).toBeVisible();
}

/** One of the family coach's tools on an item; every form post comes back to the agenda. */
async function organise(page: Page, title: string, button: string): Promise<void> {
  await item(page, title).getByRole("button", { name: new RegExp(`^${button}\\s*: ${escapeRegExp(title)}$`) }).click();
  await expect(page).toHaveURL(`${BASE_URL}${AGENDA}`);
  await expect(page.locator(".error-summary")).toHaveCount(0);
}

async function setMinutes(page: Page, title: string, minutes: number): Promise<void> {
  await item(page, title).getByLabel("Minuten").fill(String(minutes));
  await organise(page, title, "Tijd bewaren");
  await expect(item(page, title).locator("p.meta").first()).toHaveText(`${minutes} minuten`);
}

/** The record of the parent's (merged) item on the agreements page. */
function section(page: Page): Locator {
  return page.getByRole("region", { name: TITLE.parent, exact: true });
}

/** This run's agreement in that record. */
function shown(page: Page): Locator {
  return section(page).locator("li.agreement").filter({ hasText: AGREEMENT });
}

/** A review card on the family coach's review page. */
function reviewCard(page: Page, author: string, prompt: string): Locator {
  return page.getByRole("article", { name: `${author} · ${prompt}`, exact: true });
}

async function waitingCount(page: Page): Promise<number> {
  return Number((await page.locator("dl.facts dd.waiting").textContent())?.trim());
}

/** One group on the preview page ("Dit ziet iedereen aan tafel", ...). */
function previewGroup(page: Page, heading: string): Locator {
  return page
    .locator("section.preview-group")
    .filter({ has: page.getByRole("heading", { level: 2, name: heading, exact: true }) });
}

async function groupPrompts(page: Page, heading: string): Promise<string[]> {
  return (await previewGroup(page, heading).locator("dt").allTextContents()).map((t) => t.trim());
}

function groupAnswer(page: Page, heading: string, prompt: string): Locator {
  return previewGroup(page, heading)
    .locator("dt")
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(prompt)}\\s*$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** The instant of a wall-clock time in the Netherlands (independent of the app's own code). */
function amsterdamToUtc(day: Date, clock: string): Date {
  const [h, m] = clock.split(":").map(Number);
  const wall = Date.UTC(day.getUTCFullYear(), day.getUTCMonth(), day.getUTCDate(), h, m);
  const fmt = new Intl.DateTimeFormat("en-GB", {
    timeZone: "Europe/Amsterdam",
    hourCycle: "h23",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
    hour: "2-digit",
    minute: "2-digit",
  });
  const offsetAt = (t: number) => {
    const parts = fmt.formatToParts(new Date(t));
    const g = (k: string) => Number(parts.find((p) => p.type === k)?.value);
    return Date.UTC(g("year"), g("month") - 1, g("day"), g("hour"), g("minute")) - t;
  };
  let t = wall - offsetAt(wall);
  t = wall - offsetAt(t);
  return new Date(t);
}

interface ParsedEvent {
  uid: string;
  summary: string;
  description: string;
  location: string;
  url: string;
  start: ICAL.Time;
  end: ICAL.Time;
}

/** Parses a calendar file with ical.js: its top component's name and its events. */
function parseCalendar(text: string): { name: string; calName: string; events: ParsedEvent[] } {
  const root = new ICAL.Component(ICAL.parse(text));
  const events = root.getAllSubcomponents("vevent").map((v) => {
    const e = new ICAL.Event(v);
    return {
      uid: e.uid,
      summary: e.summary,
      description: e.description ?? "",
      location: e.location ?? "",
      url: String(v.getFirstPropertyValue("url") ?? ""),
      start: e.startDate,
      end: e.endDate,
    };
  });
  return { name: root.name, calName: String(root.getFirstPropertyValue("x-wr-calname") ?? ""), events };
}

/** A signed-in person who is not at Sam's table: the coordinator opens a new case and invites them. */
async function outsider(browser: Browser): Promise<BrowserContext> {
  const coord = await newPhoneContext(browser);
  let link = "";
  const name = `Buiten Staander ${unique()}`;
  try {
    const page = await coord.newPage();
    await signInWithPassword(page, PEOPLE.coordinator.email);
    await page.goto("/cases/new");
    await page.getByLabel("Voornaam van het kind").fill(`Noa${unique()}`);
    await page.getByRole("group", { name: "Leeftijd" }).getByRole("radio", { name: "12 tot 16 jaar" }).check();
    await page.getByRole("button", { name: "Zaak openen" }).click();
    await expect(page).toHaveURL(/\/cases\/\d+$/);
    const caseId = Number(new URL(page.url()).pathname.split("/").pop());
    expect(caseId).not.toBe(DEMO.caseId);
    await page.goto(`/cases/${caseId}/invite`);
    await page.getByLabel("Naam", { exact: true }).fill(name);
    await page.getByRole("group", { name: "Rol aan tafel" }).getByRole("radio", { name: /^Ouder of verzorger/ }).check();
    await page.getByRole("button", { name: "Link maken" }).click();
    const box = page.locator("code.link-box");
    await expect(box).toHaveText(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
    link = ((await box.textContent()) ?? "").trim();
  } finally {
    await coord.close();
  }
  const context = await newPhoneContext(browser);
  const page = await context.newPage();
  await signInWithLink(page, link, name);
  return context;
}

// ---- The flow ----

test.describe.serial("agenda, review and agreements for Sam's meeting", () => {
  test.use({ actionTimeout: 15_000 });

  test.beforeAll(async ({ browser }) => {
    test.setTimeout(120_000);
    ctx.parent = await newPhoneContext(browser);
    ctx.young = await newPhoneContext(browser);
    ctx.school = await newPhoneContext(browser);
    ctx.mediator = await newPhoneContext(browser);
    for (const w of WHO) pg[w] = await ctx[w].newPage();
    await signInWithLink(pg.parent, linkFor("parent"), PEOPLE.parent.name);
    await signInWithLink(pg.young, linkFor("young"), PEOPLE.young.name);
    await signInWithPassword(pg.school, PEOPLE.school.email);
    await signInWithPassword(pg.mediator, PEOPLE.mediator.email);
  });

  test.afterAll(async () => {
    for (const w of WHO) await ctx[w]?.close();
  });

  test("the parent prepares; the family coach reads, asks back and summarises; the parent replies", async ({ browser }) => {
    test.setTimeout(120_000);
    const parent = pg.parent;
    const coach = pg.mediator;
    const fatima = PEOPLE.parent.name;

    // Fatima answers the three required questions (one only for the family coach) and sends, on a
    // phone without JavaScript: every step is a plain form post, whatever the machine's load.
    const prepContext = await newPhoneContext(browser, { javaScriptEnabled: false });
    try {
      const prep = await prepContext.newPage();
      await signInWithLink(prep, linkFor("parent"), fatima);
      await prep.goto(`${MEETING}/prepare?step=2`);
      await expectStep(prep, 2, 10, PQ[1].prompt);
      await expectSharing(prep, "table");
      await prep.locator("textarea#answer").fill(A1);
      await prep.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(prep).toHaveURL(prepareUrl(3));
      await expectStep(prep, 3, 10, PQ[2].prompt);
      await prep.locator("textarea#answer").fill(A2);
      await chooseSharing(prep, "mediator");
      await prep.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(prep).toHaveURL(prepareUrl(4));
      await expectStep(prep, 4, 10, PQ[3].prompt);
      await prep.locator("textarea#answer").fill(A3);
      await chooseSharing(prep, "table");
      await prep.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(prep).toHaveURL(prepareUrl(5));
      await prep.goto(`${MEETING}/prepare?step=11`);
      await expect(prep.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
      await prep.getByRole("button", { name: "Versturen", exact: true }).click();
      await expect(prep).toHaveURL(`${BASE_URL}${MEETING}?sent=1`);
      await expect(prep.getByText("Je antwoorden zijn verstuurd.")).toBeVisible();
    } finally {
      await prepContext.close();
    }

    // The meeting page leads the family coach to the review, and the parent to the preview.
    await coach.goto(MEETING);
    const coachLinks = coach.getByRole("navigation", { name: "Bij dit gesprek" });
    await expect(coachLinks.getByRole("link", { name: "Input bekijken" })).toHaveAttribute("href", `${MEETING}/review`);
    await expect(coachLinks.getByRole("link", { name: "Wat de tafel van mij ziet" })).toHaveCount(0);
    await parent.goto(MEETING);
    const parentLinks = parent.getByRole("navigation", { name: "Bij dit gesprek" });
    await expect(parentLinks.getByRole("link", { name: "Wat de tafel van mij ziet" })).toHaveAttribute(
      "href",
      `${MEETING}/preview`,
    );
    await expect(parentLinks.getByRole("link", { name: "Input bekijken" })).toHaveCount(0);
    for (const [name, href] of [
      ["Onderwerpen", AGENDA],
      ["Wat we afspreken", `${MEETING}/agreements`],
      ["Zet het in mijn telefoon (.ics)", `${MEETING}/calendar.ics`],
    ]) {
      await expect(parentLinks.getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
      await expect(coachLinks.getByRole("link", { name, exact: true })).toHaveAttribute("href", href);
    }

    // The review: who prepared, a reminder for who did not, and Fatima's answers.
    await coachLinks.getByRole("link", { name: "Input bekijken" }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/review`);
    await expect(coach.getByRole("heading", { level: 1 })).toHaveText("Input bekijken");
    const { start, deadline } = demoMeetingDates();
    const who = coach.getByRole("region", { name: "Wie heeft zich voorbereid?" });
    await expect(personRow(who, fatima)).toContainText(`${fatima} · Ouder of verzorger · verstuurd`);
    await expect(personRow(who, fatima).locator("details.reminder")).toHaveCount(0);
    const sam = personRow(who, PEOPLE.young.name);
    await expect(sam).toContainText("Sam · Kind of jongere · nog niet begonnen");
    const reminder = sam.locator("details.reminder");
    await reminder.locator("summary", { hasText: "Herinnering om te sturen" }).click();
    await expect(reminder.locator("p.copy-text")).toHaveText(
      // Sam is the young person: the message says "je".
      `Hoi Sam, op ${dutchDate(start)}, 15:30 praten we samen over Sam. Wil je je voorbereiden? ` +
        `Dat kan tot ${dutchDate(deadline)}, 20:00, ook op je telefoon: ${BASE_URL}${MEETING}/prepare`,
    );

    const c1 = reviewCard(coach, fatima, PQ[1].prompt);
    const c2 = reviewCard(coach, fatima, PQ[2].prompt);
    await expect(c1.locator("blockquote.own-words")).toHaveText(A1);
    await expect(c1.locator("p.meta")).toHaveText(`${fatima} · Ouder of verzorger · Gedeeld met iedereen aan tafel · nieuw`);
    await expect(c2.locator("blockquote.own-words")).toHaveText(A2);
    await expect(c2.locator("p.meta")).toHaveText(`${fatima} · Ouder of verzorger · Alleen voor de gezinscoach · nieuw`);
    await expect(reviewCard(coach, fatima, PQ[3].prompt).locator("blockquote.own-words")).toHaveText(A3);

    // "Gelezen": one fewer to read.
    const before = await waitingCount(coach);
    expect(before).toBeGreaterThanOrEqual(3);
    await c1.getByRole("button", { name: "Gelezen", exact: true }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/review`);
    await expect(c1.locator("p.meta")).toHaveText(`${fatima} · Ouder of verzorger · Gedeeld met iedereen aan tafel · gelezen`);
    await expect(c1.getByRole("button", { name: "Gelezen", exact: true })).toHaveCount(0);
    expect(await waitingCount(coach)).toBe(before - 1);

    // A question back, then a summary for the table.
    await c1.getByLabel("Vraag terug stellen").fill(QUESTION_BACK);
    await c1.getByRole("button", { name: "Vraag sturen", exact: true }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/review`);
    await expect(c1.getByText(`Uw vraag: ${QUESTION_BACK}`)).toBeVisible();
    await expect(c1.getByText("Antwoord: (nog niet)")).toBeVisible();
    await c1.getByLabel("Samenvatting voor de tafel (uw woorden)").fill(SUMMARY);
    await c1.getByRole("button", { name: "Samenvatting bewaren", exact: true }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/review`);
    await expect(c1.getByLabel("Samenvatting voor de tafel (uw woorden)")).toHaveValue(SUMMARY);
    await expect(c1.locator("blockquote.own-words"), "the coach's words never replace the parent's").toHaveText(A1);

    // The parent's preview: what the table sees, the summary next to her own words, the question.
    await parentLinks.getByRole("link", { name: "Wat de tafel van mij ziet" }).click();
    await expect(parent).toHaveURL(`${BASE_URL}${MEETING}/preview`);
    await expect(parent.getByRole("heading", { level: 1 })).toHaveText("Wat de tafel ziet");
    await expect(parent.getByText("U hebt uw antwoorden nog niet verstuurd.")).toHaveCount(0);
    expect(await groupPrompts(parent, "Dit ziet iedereen aan tafel")).toEqual([PQ[1].prompt, PQ[3].prompt]);
    expect(await groupPrompts(parent, "Dit ziet alleen de gezinscoach")).toEqual([PQ[2].prompt]);
    expect(await groupPrompts(parent, "Dit ziet niemand anders")).toEqual([]);
    await expect(previewGroup(parent, "Dit ziet niemand anders")).toContainText("Niets.");
    const shared = groupAnswer(parent, "Dit ziet iedereen aan tafel", PQ[1].prompt);
    await expect(shared.locator(".own-words")).toHaveText(A1);
    // The summary stands next to her own words (its words may be marked up: compare text only).
    const summary = shared.locator(".summary");
    await expect(summary).toHaveCount(1);
    await expect(summary).toContainText("Samenvatting van de gezinscoach:");
    await expect(summary).toContainText(SUMMARY);
    await expect(groupAnswer(parent, "Dit ziet alleen de gezinscoach", PQ[2].prompt).locator(".summary")).toHaveCount(0);
    await expect(parent.getByRole("button", { name: /^Terugnemen/ })).toHaveCount(3);

    const questions = parent.getByRole("region", { name: "Vragen van de gezinscoach" });
    const q = questions.locator("article.question-back");
    await expect(q).toHaveCount(1);
    await expect(q.locator("p.meta")).toHaveText(PQ[1].prompt);
    await expect(q.locator("strong")).toHaveText(QUESTION_BACK);
    await q.getByLabel("Uw antwoord").fill(REPLY);
    await q.getByRole("button", { name: "Antwoord sturen", exact: true }).click();
    await expect(parent).toHaveURL(`${BASE_URL}${MEETING}/preview?replied=1`);
    await expect(parent.getByRole("region", { name: "Vragen van de gezinscoach" }).getByLabel("Uw antwoord")).toHaveValue(
      REPLY,
    );

    // The coach reads the reply.
    await coach.reload();
    await expect(c1.getByText(`Antwoord: ${REPLY}`)).toBeVisible();

    // "Terugnemen": the third answer is hers alone again, and the coach no longer reads it.
    await parent.getByRole("button", { name: new RegExp(`^Terugnemen\\s*: ${escapeRegExp(PQ[3].prompt)}$`) }).click();
    await expect(parent).toHaveURL(`${BASE_URL}${MEETING}/preview?withdrawn=1`);
    await expect(parent.getByRole("status").filter({ hasText: "Teruggenomen. Alleen u ziet dit antwoord nu nog." })).toBeVisible();
    expect(await groupPrompts(parent, "Dit ziet iedereen aan tafel")).toEqual([PQ[1].prompt]);
    expect(await groupPrompts(parent, "Dit ziet niemand anders")).toEqual([PQ[3].prompt]);
    await coach.reload();
    await expect(c1).toHaveCount(1);
    await expect(reviewCard(coach, fatima, PQ[3].prompt)).toHaveCount(0);
    expect(await coach.content()).not.toContain(A3);
  });

  test("everyone proposes an item; before publishing each sees only their own", async () => {
    test.setTimeout(120_000);
    await propose(pg.parent, {
      title: TITLE.parent,
      explanation: "Hoe maken we huiswerk thuis rustiger?",
      why: "Elke avond is er ruzie over huiswerk.",
      linked: PQ[1].prompt,
    });
    await expect(pg.parent.locator("#via_mediator"), "only a young person can ask the coach to raise an item").toHaveCount(0);
    await propose(pg.young, { title: TITLE.young, explanation: "Ik wil een rustige plek in de pauze.", viaCoach: true });
    await propose(pg.school, { title: TITLE.school, explanation: "Wie is het vaste aanspreekpunt?" });
    await propose(pg.mediator, { title: TITLE.mediator });

    const others = (w: Who) => WHO.filter((o) => o !== w && o !== "mediator").map((o) => TITLE[o]);
    for (const w of ["parent", "young", "school"] as const) {
      const page = pg[w];
      await openAgenda(page);
      await expect(
        // Parents and the school read "u", the young person "je".
        page.getByRole("status").filter({ hasText: /^De gezinscoach maakt de lijst met onderwerpen\. (U ziet hier uw|Je ziet hier je) eigen voorstellen/ }),
      ).toBeVisible();
      expect(await myAgenda(page), `${w}: nothing on the agenda before it is shared`).toEqual([]);
      expect(await myProposals(page), `${w}: only their own proposal`).toEqual([`${TITLE[w]} · wacht op de gezinscoach`]);
      await expect(page.getByRole("button", { name: "Onderwerpen delen met iedereen" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Omhoog/ })).toHaveCount(0);
      const raw = await (await ctx[w].request.get(AGENDA)).text();
      for (const t of [...others(w), TITLE.mediator]) {
        expect(await page.content(), `${w} does not see "${t}"`).not.toContain(t);
        expect(raw, `the server does not send "${t}" to ${w}`).not.toContain(t);
      }
    }

    // The family coach sees all four, new, in the order they came in, with who raised them.
    const coach = pg.mediator;
    await openAgenda(coach);
    await expect(
      coach.getByRole("status").filter({ hasText: "Nog niet gedeeld. Alleen u ziet alle voorstellen." }),
    ).toBeVisible();
    expect(await myAgenda(coach)).toEqual([TITLE.parent, TITLE.young, TITLE.school, TITLE.mediator]);
    for (const t of Object.values(TITLE)) await expect(item(coach, t).locator("h3 .tag")).toHaveText(/Nieuw/);
    const raised = (t: string) => item(coach, t).locator("p.raised");
    await expect(raised(TITLE.parent)).toHaveText("Ingebracht door Fatima Bakker (ouder of verzorger)");
    await expect(raised(TITLE.young)).toHaveText("Ingebracht door Sam (kind of jongere)");
    await expect(raised(TITLE.school)).toHaveText("Ingebracht door Mark Jansen (school)");
    await expect(raised(TITLE.mediator)).toHaveText("Ingebracht door Joyce de Vries (gezinscoach)");
    await expect(item(coach, TITLE.parent)).toContainText("Hoe maken we huiswerk thuis rustiger?");
    await expect(item(coach, TITLE.parent)).toContainText("Waarom belangrijk: Elke avond is er ruzie over huiswerk.");
    await expect(item(coach, TITLE.parent)).toContainText(`Hoort bij: ${PQ[1].prompt}`);
    await expect(coach.getByRole("button", { name: "Onderwerpen delen met iedereen" })).toBeVisible();
  });

  test("accessibility before publishing: agenda (coach, parent), review and preview", async () => {
    await openAgenda(pg.mediator);
    await checkAccessibility(pg.mediator, "agenda, family coach, not shared yet", true);
    await openAgenda(pg.parent);
    await checkAccessibility(pg.parent, "agenda, parent, not shared yet", true);
    await pg.mediator.goto(`${MEETING}/review`);
    await expect(pg.mediator.getByRole("heading", { level: 1 })).toHaveText("Input bekijken");
    await checkAccessibility(pg.mediator, "review, family coach", true);
    await pg.parent.goto(`${MEETING}/preview`);
    await expect(pg.parent.getByRole("heading", { level: 1 })).toHaveText("Wat de tafel ziet");
    await checkAccessibility(pg.parent, "preview, parent", true);
  });

  test("the family coach orders, times, merges and publishes; everyone sees the same agenda", async () => {
    test.setTimeout(120_000);
    const coach = pg.mediator;
    await openAgenda(coach);

    await organise(coach, TITLE.mediator, "Omhoog");
    expect(await myAgenda(coach)).toEqual([TITLE.parent, TITLE.young, TITLE.mediator, TITLE.school]);
    await organise(coach, TITLE.parent, "Omlaag");
    expect(await myAgenda(coach)).toEqual([TITLE.young, TITLE.parent, TITLE.mediator, TITLE.school]);

    await setMinutes(coach, TITLE.parent, 15);
    await setMinutes(coach, TITLE.young, 10);
    await expect(coach.getByText("Samen 25 minuten.", { exact: true })).toBeVisible();

    // Merge the school's item into the parent's: one item, raised by both.
    await item(coach, TITLE.school).getByLabel("Samenvoegen met").selectOption({ label: TITLE.parent });
    await organise(coach, TITLE.school, "Samenvoegen");
    expect(await myAgenda(coach)).toEqual([TITLE.young, TITLE.parent, TITLE.mediator]);
    await expect(item(coach, TITLE.parent).locator("p.raised")).toHaveText(
      "Ingebracht door Fatima Bakker (ouder of verzorger), Mark Jansen (school)",
    );

    await coach.getByRole("button", { name: "Onderwerpen delen met iedereen", exact: true }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${AGENDA}?published=1`);
    await expect(coach.getByRole("status").filter({ hasText: "Iedereen aan tafel ziet nu de onderwerpen." })).toBeVisible();
    await expect(coach.getByRole("button", { name: "Wijzigingen delen", exact: true })).toBeVisible();
    await expect(coach.getByRole("button", { name: "Onderwerpen delen met iedereen" })).toHaveCount(0);
    await expect(coach.locator("ol.agenda h3 .tag"), "nothing new or changed right after sharing").toHaveCount(0);
    const coachList = await agendaHeadings(coach);

    for (const w of WHO) {
      const page = pg[w];
      await openAgenda(page);
      await expect(page.getByRole("status").filter({ hasText: "Iedereen aan tafel ziet nu de onderwerpen." })).toBeVisible();
      expect(await myAgenda(page), `${w} sees this order`).toEqual([TITLE.young, TITLE.parent, TITLE.mediator]);
      expect(await agendaHeadings(page), `${w} sees the same numbered agenda as the family coach`).toEqual(coachList);
      await expect(item(page, TITLE.parent).locator("p.raised")).toHaveText(
        "Ingebracht door Fatima Bakker (ouder of verzorger), Mark Jansen (school)",
      );
      await expect(item(page, TITLE.parent).locator("p.meta").first()).toHaveText("15 minuten");
      await expect(item(page, TITLE.young).locator("p.meta").first()).toHaveText("10 minuten");
      await expect(page.getByText("Samen 25 minuten.", { exact: true })).toBeVisible();
    }
    // The young person asked the coach to raise the item: the parent and the school do not see Sam's name.
    for (const w of ["parent", "school"] as const) {
      const y = item(pg[w], TITLE.young);
      // It looks exactly like an item the coach raised herself.
      await expect(y.locator("p.raised")).toHaveText(`Ingebracht door ${DEMO.people.mediator.name} (gezinscoach)`);
      expect(await y.innerText(), `${w}: Sam's name is not on his item`).not.toMatch(/\bSam\b/);
      const raw = await (await ctx[w].request.get(AGENDA)).text();
      expect(raw, `the server does not send "Sam (kind of jongere)" to ${w}`).not.toContain("Sam (kind of jongere)");
    }
    await expect(item(pg.young, TITLE.young).locator("p.raised")).toHaveText("Ingebracht door Sam (kind of jongere)");
    await expect(item(pg.mediator, TITLE.young).locator("p.raised")).toHaveText("Ingebracht door Sam (kind of jongere)");
    // The school's own item lives on inside the parent's.
    expect(await myProposals(pg.school)).toEqual([`${TITLE.school} · samengevoegd met een ander onderwerp`]);
    for (const w of ["parent", "young"] as const) expect(await myProposals(pg[w]), w).toEqual([]);

    // A change after publishing is marked for everyone.
    await openAgenda(coach);
    await setMinutes(coach, TITLE.young, 20);
    await expect(item(coach, TITLE.young).locator("h3 .tag.changed")).toHaveText(/Gewijzigd/);
    for (const w of ["parent", "school", "young"] as const) {
      const page = pg[w];
      await openAgenda(page);
      await expect(item(page, TITLE.young).locator("h3")).toContainText("Gewijzigd");
      await expect(item(page, TITLE.young).locator("p.meta").first()).toHaveText("20 minuten");
      await expect(item(page, TITLE.parent).locator("h3")).not.toContainText("Gewijzigd");
      await expect(item(page, TITLE.mediator).locator("h3")).not.toContainText("Gewijzigd");
      await expect(page.getByText("Samen 35 minuten.", { exact: true })).toBeVisible();
    }

    // Once the agenda is shared, nothing can be taken back.
    await pg.parent.goto(`${MEETING}/preview`);
    await expect(
      pg.parent.getByRole("status").filter({ hasText: "De lijst is nu voor iedereen. U kunt niets meer terugnemen." }),
    ).toBeVisible();
    await expect(pg.parent.getByRole("button", { name: /^Terugnemen/ })).toHaveCount(0);
  });

  test("accessibility after publishing: agenda (coach, parent)", async () => {
    await openAgenda(pg.mediator);
    await checkAccessibility(pg.mediator, "agenda, family coach, shared", true);
    await openAgenda(pg.parent);
    await expect(item(pg.parent, TITLE.parent)).toHaveCount(1);
    await checkAccessibility(pg.parent, "agenda, parent, shared");
  });

  test("the family coach records the meeting and an agreement; Sam says it matches", async () => {
    test.setTimeout(120_000);
    const coach = pg.mediator;
    await coach.goto(`${MEETING}/agreements`);
    await expect(coach.getByRole("heading", { level: 1 })).toHaveText("Wat we afspreken");

    await section(coach).getByLabel("Wat is besproken?").fill(DISCUSSED);
    await section(coach).getByRole("button", { name: new RegExp(`^Bewaren\\s*: ${escapeRegExp(TITLE.parent)}$`) }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/agreements`);
    await expect(section(coach).getByText(`Besproken: ${DISCUSSED}`)).toBeVisible();

    const add = coach.getByRole("region", { name: "Afspraak toevoegen" });
    await add.getByLabel("Bij onderwerp").selectOption({ label: TITLE.parent });
    await add.getByLabel("Wat gebeurt er?").fill(AGREEMENT);
    await add.getByLabel("Wie doet het?").fill(AGREEMENT_WHO);
    await add.getByLabel("Klaar op (niet verplicht)").fill(DUE_INPUT);
    await add.getByRole("button", { name: "Afspraak toevoegen", exact: true }).click();
    await expect(coach).toHaveURL(`${BASE_URL}${MEETING}/agreements`);
    await expect(coach.locator(".error-summary")).toHaveCount(0);
    await expect(shown(coach)).toHaveCount(1);
    await expect(shown(coach)).toContainText(`Wie: ${AGREEMENT_WHO}`);
    await expect(shown(coach)).toContainText(`Wanneer klaar: ${dutchDate(DUE)}`);

    // Sam, on his own phone.
    const sam = pg.young;
    await sam.goto(MEETING);
    await sam.getByRole("navigation", { name: "Bij dit gesprek" }).getByRole("link", { name: "Wat we afspreken", exact: true }).click();
    await expect(sam).toHaveURL(`${BASE_URL}${MEETING}/agreements`);
    await expect(sam.getByRole("heading", { level: 1 })).toHaveText("Wat we afspreken");
    await expect(section(sam).getByRole("heading", { level: 2 })).toHaveText(TITLE.parent);
    await expect(section(sam).getByText(`Besproken: ${DISCUSSED}`)).toBeVisible();
    await expect(shown(sam)).toContainText(`Wie: ${AGREEMENT_WHO}`);
    await expect(shown(sam)).toContainText(`Wanneer klaar: ${dutchDate(DUE)}`);
    await expect(sam.getByLabel("Wat is besproken?"), "only the family coach records").toHaveCount(0);
    await expect(sam.getByRole("region", { name: "Afspraak toevoegen" })).toHaveCount(0);
    await expect(sam.getByRole("button", { name: /^Weghalen/ })).toHaveCount(0);

    const ask = sam.getByRole("region", { name: "Klopt dit met wat je hoorde?" });
    await ask.getByLabel("Ja, dit klopt").check();
    await ask.getByLabel("Wat wil je erover zeggen? (niet verplicht)").fill(FEEDBACK);
    await ask.getByRole("button", { name: "Versturen", exact: true }).click();
    await expect(sam).toHaveURL(`${BASE_URL}${MEETING}/agreements?thanks=1`);
    await expect(sam.getByRole("status").filter({ hasText: "Dank je. De gezinscoach ziet je antwoord." })).toBeVisible();
    await expect(sam.getByLabel("Ja, dit klopt")).toBeChecked();
    await expect(sam.getByLabel("Wat wil je erover zeggen? (niet verplicht)")).toHaveValue(FEEDBACK);

    await coach.reload();
    const fb = coach.getByRole("region", { name: "Klopt het volgens het gezin?" });
    const samSays = fb.locator("li").filter({ has: coach.locator("strong", { hasText: /^Sam$/ }) });
    await expect(samSays).toHaveCount(1);
    await expect(samSays).toContainText("Sam: klopt");
    await expect(samSays).not.toContainText("klopt niet");
    await expect(samSays.locator(".own-words")).toHaveText(FEEDBACK);

    await checkAccessibility(coach, "agreements, family coach", true);
  });

  test("the calendar file holds the meeting, the deadline and the dated agreement", async ({ browser, request }) => {
    test.setTimeout(120_000);
    const parent = pg.parent;
    const { start, deadline } = demoMeetingDates();

    // The agenda page shows the meeting's Dutch time; the file must hold the same moment.
    await openAgenda(parent);
    await expect(parent.locator("main h1 + p.meta")).toHaveText(`${dutchDate(start)}, 15:30`);

    // A real download from the agreements page, in the parent's own context.
    await parent.goto(`${MEETING}/agreements`);
    const link = parent.getByRole("link", { name: "Zet het in mijn telefoon (.ics)" });
    await expect(link).toHaveAttribute("href", `${MEETING}/calendar.ics`);
    const [download] = await Promise.all([parent.waitForEvent("download"), link.click()]);
    expect(download.suggestedFilename()).toMatch(/\.ics$/);
    const file = await download.path();
    const text = readFileSync(file, "utf8");
    expect(text.startsWith("BEGIN:VCALENDAR\r\n"), "CRLF line ends").toBe(true);

    const res = await ctx.parent.request.get(`${MEETING}/calendar.ics`);
    expect(res.status()).toBe(200);
    expect(res.headers()["content-type"]).toContain("text/calendar");
    expect(res.headers()["cache-control"] ?? "").toContain("no-store");

    const cal = parseCalendar(text);
    expect(cal.name).toBe("vcalendar");
    expect(cal.calName).toBe("Aan Tafel: Sam");

    const meetingEvents = cal.events.filter((e) => e.summary === DEMO.meetingTitle);
    expect(meetingEvents, "one event for the meeting").toHaveLength(1);
    const m = meetingEvents[0];
    expect(m.start.isDate).toBe(false);
    expect(m.start.zone?.tzid, "the start is in UTC").toBe("UTC");
    expect(m.start.toJSDate().toISOString()).toBe(amsterdamToUtc(start, "15:30").toISOString());
    expect(m.end.toJSDate().toISOString()).toBe(amsterdamToUtc(start, "16:30").toISOString());
    expect(m.location).toBe(DEMO.place);
    expect(m.description).toContain("Sam gaat sinds de herfstvakantie minder vaak naar school.");
    expect(m.url).toBe(`${BASE_URL}${MEETING}`);

    const prep = cal.events.filter((e) => e.summary === `Laatste dag om voor te bereiden: ${DEMO.meetingTitle}`);
    expect(prep, "one event for the deadline to prepare").toHaveLength(1);
    expect(prep[0].start.zone?.tzid).toBe("UTC");
    expect(prep[0].start.toJSDate().toISOString()).toBe(amsterdamToUtc(deadline, "19:30").toISOString());
    expect(prep[0].end.toJSDate().toISOString()).toBe(amsterdamToUtc(deadline, "20:00").toISOString());
    expect(prep[0].url).toBe(`${BASE_URL}${MEETING}/prepare`);

    const agreed = cal.events.filter((e) => e.summary === `Te doen: ${AGREEMENT}`);
    expect(agreed, "one event for the dated agreement").toHaveLength(1);
    expect(agreed[0].start.isDate, "an all-day event").toBe(true);
    expect(agreed[0].start.toString()).toBe(DUE_INPUT);
    expect(agreed[0].end.isDate).toBe(true);
    expect(agreed[0].end.toString()).toBe(addDays(DUE, 1).toISOString().slice(0, 10));
    expect(agreed[0].description).toBe(`Wie: ${AGREEMENT_WHO}`);
    expect(agreed[0].url).toBe(`${BASE_URL}${MEETING}/agreements`);

    const uids = cal.events.map((e) => e.uid);
    expect(new Set(uids).size, "every event has its own UID").toBe(uids.length);

    // The school does not prepare: the meeting and the agreement, no deadline.
    const school = parseCalendar(await (await ctx.school.request.get(`${MEETING}/calendar.ics`)).text());
    expect(school.events.filter((e) => e.summary === DEMO.meetingTitle)).toHaveLength(1);
    expect(school.events.filter((e) => e.summary === `Te doen: ${AGREEMENT}`)).toHaveLength(1);
    expect(school.events.filter((e) => e.summary.startsWith("Laatste dag om voor te bereiden"))).toHaveLength(0);

    // Signed out: 401. A meeting that does not exist, or someone not at Sam's table: 404.
    const anon = await request.get(`${MEETING}/calendar.ics`);
    expect(anon.status()).toBe(401);
    expect(await anon.text()).not.toContain("BEGIN:VCALENDAR");
    const missing = await ctx.parent.request.get("/meetings/999999/calendar.ics");
    expect(missing.status()).toBe(404);
    const stranger = await outsider(browser);
    try {
      const res404 = await stranger.request.get(`${MEETING}/calendar.ics`);
      expect(res404.status()).toBe(404);
      const body = await res404.text();
      expect(body).not.toContain("BEGIN:VCALENDAR");
      expect(body).not.toContain(DEMO.meetingTitle);
      const page = await stranger.newPage();
      await page.goto(`${MEETING}/agenda`);
      await expect(page.getByText(NOT_FOUND_TEXT)).toBeVisible();
      expect(await page.content()).not.toContain(TITLE.parent);
    } finally {
      await stranger.close();
    }
  });

  test("without JavaScript a parent proposes with the form; an empty title is explained", async ({ browser }) => {
    test.setTimeout(120_000);
    // Fatima on a second phone without JavaScript (a new person at Sam's table would change what
    // other spec files see there).
    const context = await newPhoneContext(browser, { javaScriptEnabled: false });
    const page = await context.newPage();
    await signInWithLink(page, linkFor("parent"), PEOPLE.parent.name);
    const title = `Zonder JavaScript ${TAG}`;
    const explanation = `Dit typte ik eerst. (${TAG}-nojs)`;
    try {
      await openAgenda(page);
      const form = page.getByRole("region", { name: "Onderwerp voorstellen" });
      await form.getByLabel("Uitleg in gewone woorden (niet verplicht)").fill(explanation);
      await form.getByRole("button", { name: "Voorstellen", exact: true }).click();
      await expectFieldErrors(page, { title: "Vul dit in." });
      await expectSummaryLinksLeadSomewhere(page);
      await expect(page.locator("#title")).toHaveAttribute("aria-describedby", "title-error");
      await expect(page.getByText("Dank u. Uw onderwerp is doorgegeven aan de gezinscoach.")).toHaveCount(0);
      await expect(form.getByLabel("Uitleg in gewone woorden (niet verplicht)"), "what was typed is kept").toHaveValue(
        explanation,
      );

      await form.getByLabel("Onderwerp", { exact: true }).fill(title);
      await form.getByRole("button", { name: "Voorstellen", exact: true }).click();
      await expect(page).toHaveURL(`${BASE_URL}${AGENDA}?proposed=1`);
      await expect(page.getByRole("status").filter({ hasText: "Dank u. Uw onderwerp is doorgegeven aan de gezinscoach." })).toBeVisible();
      await expect(page.locator(".error-summary")).toHaveCount(0);
      expect(await myProposals(page)).toEqual([`${title} · wacht op de gezinscoach`]);
      // The shared agenda is there for them too; their new item waits for the family coach.
      expect(await myAgenda(page)).toEqual([TITLE.young, TITLE.parent, TITLE.mediator]);

      await openAgenda(pg.mediator);
      await expect(item(pg.mediator, title).locator("h3 .tag")).toHaveText(/Nieuw/);
      await openAgenda(pg.school);
      expect(await pg.school.content(), "not shared with the school yet").not.toContain(title);
    } finally {
      await context.close();
    }
  });

  // Last, so that what it finds does not stop the tests above.
  test("accessibility of the agreements page for the young person", async () => {
    const sam = pg.young;
    await sam.goto(`${MEETING}/agreements`);
    await expect(shown(sam)).toHaveCount(1);
    await expect(sam.getByRole("region", { name: "Klopt dit met wat je hoorde?" })).toBeVisible();
    // A form field named after a DOM method hides that method on its form (the feedback radios were
    // once named "matches"), and then the accessibility tooling cannot run.
    const clobbered = await sam.evaluate(() =>
      Array.from(document.forms)
        .filter((f) => typeof (f as HTMLFormElement).matches !== "function")
        .map((f) => f.getAttribute("action")),
    );
    expect
      .soft(clobbered, 'no form has its DOM methods hidden by a field\'s name (e.g. name="matches")')
      .toEqual([]);
    await checkAccessibility(sam, "agreements, young person", true);
  });
});
