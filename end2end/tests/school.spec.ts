// What the school can and cannot do, side by side with what the family asked; the plan in plain
// words; jargon marked and explained. For the demo case (school 1 "Het Baken College", meeting 1,
// Sam, 13). The school person (Mark) and a fresh parent at Sam's table each use their own phone.
// The tests build on each other (serial): the school fills its profile, the parent sends a need,
// the school links two entries to it, the parent reads the answer, the plan and the glossary, and
// it all works without JavaScript. The whole run shares one database, so every check looks for
// this run's own words.

import * as path from "node:path";
import { test, expect, devices, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";
import {
  BASE_URL,
  DEMO,
  checkAccessibility,
  escapeRegExp,
  linkFor,
  newPhoneContext,
  signInWithLink, signInWithPassword,
  unique,
} from "./support";
import {
  PARENT_QUESTIONS as PQ,
  answersOf,
  expectStep,
  freshFamilyMember,
  hasSent,
  prepareUrl,
  withoutVersion,
} from "./prepare-support";
import { expectFieldErrors, expectNoFieldErrors, expectSummaryLinksLeadSomewhere } from "./forms";

const SCHOOL = "/schools/1";
const SCHOOL_NAME = "Het Baken College";
const MEETING = `/meetings/${DEMO.meetingId}`;
const SIDE = `${MEETING}/school`;
const PLAN = `/cases/${DEMO.caseId}/plan`;
const KIND = {
  basic: "Kan de school altijd doen",
  extra: "Kan met extra hulp",
  cannot: "Kan de school niet doen",
} as const;
type Kind = keyof typeof KIND;
const SIDE_H1 = "Wat u vroeg, en wat de school kan doen";
const CAN_H = "Wat de school kan doen";
const CANNOT_H = "Wat de school niet kan, en wie wel";

// This run's own words (letters, digits and spaces in the titles, so they are safe in patterns).
const TAG = unique();
const SHORT_JARGON = `Voor Sam maken we een OPP en vragen we een arrangement aan (${TAG}).`;
// 30 words, one sentence: more than the hint's limit of 15.
const LONG_SENTENCE =
  " Als de leerling in het komende schooljaar opnieuw vaak afwezig is dan bespreken wij samen met de ouders " +
  "en de leraar welke begeleiding en aanpassingen in het rooster nodig zijn.";
const OFFER = {
  extra: {
    title: `Begeleiding in een kleine groep ${TAG}`,
    explanation: SHORT_JARGON + LONG_SENTENCE,
    conditions: `Alleen na een gesprek met de ouders (${TAG}-voorwaarde)`,
    decides: `Het zorgteam van school, samen met u (${TAG}-beslist)`,
    duration: `Binnen drie weken, eerst voor acht weken (${TAG}-duur)`,
  },
  basic: {
    title: `Huiswerkklas na school ${TAG}`,
    explanation: `Elke dag kan Sam na school een uur huiswerk maken met hulp (${TAG}-uitleg).`,
  },
  cannot: {
    title: `Dagelijkse begeleiding thuis ${TAG}`,
    explanation: `De school kan niet bij u thuis komen helpen (${TAG}-uitleg).`,
    elsewhere: `Het wijkteam kan thuisbegeleiding regelen, bel 020 123 4567 (${TAG}-elders)`,
  },
  nojs: {
    title: `Rustige plek bij toetsen ${TAG}`,
    explanation: `Sam mag toetsen maken in een apart lokaal met een OPP als basis (${TAG}-nojs).`,
  },
};
const NEED = `Een vaste plek om rustig te werken, en hulp bij plannen (${TAG}-nodig)`;
const NOTE_EXTRA = `Dit kunnen we na de herfstvakantie starten (${TAG}-notitie-extra)`;
const NOTE_CANNOT = `Wij helpen u graag bij het eerste contact met het wijkteam (${TAG}-notitie-niet)`;
const NOTE_NOJS = `Dit kan meteen, vanaf volgende week (${TAG}-notitie-nojs)`;

/** State shared by the serial tests. */
const shared: {
  schoolState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
  parentState?: Awaited<ReturnType<BrowserContext["storageState"]>>;
  parentName?: string;
  parentId?: number;
} = {};

/** A phone for the school person (Mark), signed in once and reused. */
async function schoolPhone(browser: Browser, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  if (!shared.schoolState) {
    const ctx = await newPhoneContext(browser);
    const p = await ctx.newPage();
    // A fresh sign-in link, not the password: another spec locks the school's password on purpose.
    await signInWithPassword(p, DEMO.people.school.email);
    shared.schoolState = await ctx.storageState();
    await ctx.close();
  }
  const context = await browser.newContext({
    ...phoneOptions(),
    javaScriptEnabled,
    storageState: shared.schoolState,
  });
  return { context, page: await context.newPage() };
}

/** A phone for this run's parent (made in test 2). */
async function parentPhone(browser: Browser, javaScriptEnabled = true): Promise<{ context: BrowserContext; page: Page }> {
  expect(shared.parentState, "the parent signed in in an earlier test").toBeTruthy();
  const context = await browser.newContext({
    ...phoneOptions(),
    javaScriptEnabled,
    storageState: shared.parentState,
  });
  return { context, page: await context.newPage() };
}

function phoneOptions() {
  return { ...devices["Pixel 7"], locale: "nl-NL", baseURL: BASE_URL };
}

/** Waits until the page script follows the typing for the plain-language hint. */
async function waitForLiveHint(page: Page): Promise<void> {
  await expect(page.locator(".plain-hint[data-live]")).toHaveCount(1, { timeout: 20_000 });
}

/** The section of the profile with one kind's entries. */
function kindSection(page: Page, kind: Kind): Locator {
  return page
    .locator("section.offer-group")
    .filter({ has: page.getByRole("heading", { level: 2, name: KIND[kind], exact: true }) });
}

/** The card of one entry in the profile. */
function offerCard(scope: Locator, title: string): Locator {
  return scope.locator("article.card").filter({ has: scope.page().getByRole("heading", { level: 3, name: title, exact: true }) });
}

/** Checks that the entry is listed under its own kind, and only there. */
async function expectListedUnder(page: Page, kind: Kind, title: string): Promise<Locator> {
  const card = offerCard(kindSection(page, kind), title);
  await expect(card, `"${title}" is listed under "${KIND[kind]}"`).toHaveCount(1);
  await expect(card.locator(".offer-kind")).toHaveText(KIND[kind]);
  for (const other of Object.keys(KIND) as Kind[]) {
    if (other !== kind) {
      await expect(offerCard(kindSection(page, other), title), `"${title}" is not under "${KIND[other]}"`).toHaveCount(0);
    }
  }
  return card;
}

async function chooseKind(page: Page, kind: Kind): Promise<void> {
  await page.locator(`label[for="kind-${kind}"]`).click();
  await expect(page.getByRole("radio", { name: new RegExp(`^${escapeRegExp(KIND[kind])}`) })).toBeChecked();
}

async function saveEntry(page: Page): Promise<void> {
  await page.getByRole("button", { name: "Bewaren", exact: true }).click();
  await expect(page).toHaveURL(`${BASE_URL}${SCHOOL}?saved=1`);
  await expect(page.getByRole("status").filter({ hasText: "Bewaard." })).toBeVisible();
  await expectNoFieldErrors(page);
}

/** The plain-language hint under the explanation field. */
function hint(page: Page): Locator {
  return page.locator("#explanation-plain");
}

/** The side-by-side article of this run's need. */
function needArticle(page: Page): Locator {
  return page
    .locator("article.side-by-side")
    .filter({ has: page.locator(".ask .own-words", { hasText: new RegExp(`^${escapeRegExp(NEED)}$`) }) });
}

/** The linked card of one entry inside an article. */
function linkedCard(scope: Locator, title: string): Locator {
  return scope.locator(".linked").filter({ has: scope.page().getByRole("heading", { level: 3, name: title, exact: true }) });
}

/** What the parent must see for their need, with or without JavaScript. */
async function expectParentSideBySide(page: Page, withNoJsOffer: boolean): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(SIDE_H1);
  await expect(page.getByRole("link", { name: SCHOOL_NAME })).toHaveAttribute("href", SCHOOL);
  const art = needArticle(page);
  await expect(art, "the parent's need is shown once").toHaveCount(1);
  await expect(art).toHaveAttribute("aria-label", PQ[3].prompt);
  await expect(art.locator(".ask h2")).toHaveText("Wat er gevraagd is");
  await expect(art.locator(".ask .meta")).toHaveText(`${PQ[3].prompt} · ${shared.parentName}`);
  expect(await art.locator(".ask .own-words").textContent(), "the parent's own words, exactly").toBe(NEED);

  const answer = art.locator(".answer");
  await expect(answer.getByRole("heading", { level: 2 })).toHaveText([CAN_H, CANNOT_H]);

  // What the school can do: the "extra" entry with who decides, how long, and the note.
  const extra = linkedCard(answer, OFFER.extra.title);
  await expect(extra).toHaveCount(1);
  await expect(extra.locator(".offer-kind")).toHaveText(KIND.extra);
  await expect(extra).toContainText(`Wie beslist: ${OFFER.extra.decides}`);
  await expect(extra).toContainText(`Hoe lang het duurt: ${OFFER.extra.duration}`);
  await expect(extra).toContainText(`Voorwaarden: ${OFFER.extra.conditions}`);
  await expect(extra.locator("p.note")).toHaveText(`Voor u: ${NOTE_EXTRA}`);
  // Jargon in the explanation links to the glossary, and is explained right there.
  await expect(extra.locator("a.term", { hasText: /^OPP$/ })).toHaveAttribute("href", "/woorden#opp");
  await expect(extra.locator("a.term", { hasText: /^arrangement$/ })).toHaveAttribute("href", "/woorden#arrangement");
  await expect(extra.locator("details.terms summary")).toHaveText("Uitleg van moeilijke woorden");

  // What the school cannot do, and who can: after its own heading, with who else could help.
  const cannot = linkedCard(answer, OFFER.cannot.title);
  await expect(cannot).toHaveCount(1);
  await expect(cannot.locator(".offer-kind")).toHaveText(KIND.cannot);
  await expect(cannot.locator("p.elsewhere")).toHaveText(`Wie kan wel helpen: ${OFFER.cannot.elsewhere}`);
  await expect(cannot.locator("p.note")).toHaveText(`Voor u: ${NOTE_CANNOT}`);

  // Order: under "can do" come the can-do entries; the cannot entry comes after its own heading.
  const order = await answer.evaluate((el) =>
    Array.from(el.children).map((c) =>
      c.tagName === "H2" ? `h2:${(c.textContent ?? "").trim()}` : (c.querySelector("h3")?.textContent ?? "").trim(),
    ),
  );
  const expected = [CAN_H, OFFER.extra.title, ...(withNoJsOffer ? [OFFER.nojs.title] : []), CANNOT_H, OFFER.cannot.title];
  expect(order.map((o) => o.replace(/^h2:/, ""))).toEqual(expected);
  if (withNoJsOffer) {
    const nojs = linkedCard(answer, OFFER.nojs.title);
    await expect(nojs.locator(".offer-kind")).toHaveText(KIND.basic);
    await expect(nojs.locator("p.note")).toHaveText(`Voor u: ${NOTE_NOJS}`);
  }

  // A parent reads; they cannot link or unlink anything.
  await expect(page.getByLabel("Koppel iets uit het schoolprofiel")).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Koppelen/ })).toHaveCount(0);
  await expect(page.getByRole("button", { name: /^Loskoppelen/ })).toHaveCount(0);
  // Only needs the school answered are shown to the family.
  const empty = await page
    .locator("article.side-by-side")
    .evaluateAll((arts) => arts.filter((a) => a.querySelectorAll(".linked").length === 0).length);
  expect(empty, "no need without an answer from the school is shown to the parent").toBe(0);
}

test.describe.serial("what the school can do, side by side, and the plan in plain words", () => {
  test("school staff add one entry of each kind; the plain-language tip follows the typing; an empty 'cannot' entry is refused", async ({
    browser,
  }) => {
    const { context, page } = await schoolPhone(browser);
    try {
      await page.goto(SCHOOL);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(SCHOOL_NAME);
      await expect(page.locator("section.offer-group > h2")).toHaveText([KIND.basic, KIND.extra, KIND.cannot]);
      // The demo profile: one entry of each kind.
      await expectListedUnder(page, "basic", "Een vaste mentor");
      await expectListedUnder(page, "extra", "Een rustige werkplek en een aangepast rooster");
      await expectListedUnder(page, "cannot", "Therapie op school");
      await expect(page.getByRole("region", { name: "Iets toevoegen" })).toBeVisible();
      const cardsBefore = await page.locator("section.offer-group article.card").count();
      await expect(page.getByRole("radio", { name: new RegExp(`^${KIND.basic}`) }), "new entries start as 'can always do'").toBeChecked();

      // An empty "cannot" entry: title, explanation and who else can help are missing.
      await chooseKind(page, "cannot");
      await page.getByRole("button", { name: "Bewaren", exact: true }).click();
      await expectFieldErrors(page, { title: "Vul dit in.", explanation: "Vul dit in.", elsewhere: "Vul dit in." });
      await expectSummaryLinksLeadSomewhere(page);
      await expect(page.locator("#elsewhere")).toHaveAttribute("aria-describedby", /elsewhere-error/);
      await expect(page.locator("section.offer-group article.card"), "nothing was added").toHaveCount(cardsBefore);

      // The tip for plain language follows the typing (JavaScript on), without loading a page.
      await page.goto(SCHOOL);
      await waitForLiveHint(page);
      await page.evaluate(() => ((window as unknown as { __samePage: number }).__samePage = 1));
      const explanation = page.getByLabel("Uitleg voor ouders en jongeren");
      await expect(explanation).toHaveAttribute("aria-describedby", /explanation-plain/);
      await expect(hint(page).locator(".hint-title")).toHaveText("Tip voor gewone taal");
      await expect(hint(page)).toHaveAttribute("aria-live", "polite");
      await expect(hint(page).locator("li"), "nothing typed, nothing to say").toHaveCount(0);

      await explanation.pressSequentially(SHORT_JARGON);
      await expect(hint(page).locator("li", { hasText: "Vakwoorden" })).toHaveText("Vakwoorden (leg ze uit): OPP, arrangement");
      await expect(hint(page).locator("li", { hasText: "lange zin" }), "no long sentence yet").toHaveCount(0);
      await expect(hint(page).locator("p.level strong")).toHaveText(/^(Makkelijk|Wat lastig|Moeilijk) te lezen$/);

      await explanation.pressSequentially(LONG_SENTENCE);
      await expect(hint(page).locator("li", { hasText: "lange zin" })).toHaveText(
        "1 lange zin, meer dan 15 woorden. Maak hem korter.",
      );
      await expect(hint(page).locator("li", { hasText: "Vakwoorden" })).toHaveText("Vakwoorden (leg ze uit): OPP, arrangement");
      await expect(hint(page).locator("p.level")).toContainText("Flesch-Douma, hoger is makkelijker");

      // Taking the jargon out takes it out of the tip.
      await explanation.fill(LONG_SENTENCE.trim());
      await expect(hint(page).locator("li", { hasText: "Vakwoorden" })).toHaveCount(0);
      await expect(hint(page).locator("li", { hasText: "lange zin" })).toHaveCount(1);
      expect(
        await page.evaluate(() => (window as unknown as { __samePage?: number }).__samePage),
        "the tip changed without loading a new page",
      ).toBe(1);

      // Extra support, with who decides and how long it takes.
      await explanation.fill(OFFER.extra.explanation);
      await chooseKind(page, "extra");
      await page.getByLabel("Titel in gewone woorden").fill(OFFER.extra.title);
      await page.getByLabel("Voorwaarden (niet verplicht)").fill(OFFER.extra.conditions);
      await page.getByLabel("Bij extra hulp: wie beslist?").fill(OFFER.extra.decides);
      await page.getByLabel("Bij extra hulp: hoe lang duurt het?").fill(OFFER.extra.duration);
      await saveEntry(page);
      const extra = await expectListedUnder(page, "extra", OFFER.extra.title);
      await expect(extra).toContainText(`Wie beslist: ${OFFER.extra.decides}`);
      await expect(extra).toContainText(`Hoe lang het duurt: ${OFFER.extra.duration}`);
      await expect(extra).toContainText(`Voorwaarden: ${OFFER.extra.conditions}`);
      await expect(extra.locator(".marked")).toContainText(OFFER.extra.explanation.replace(/\s+/g, " "));
      await expect(extra.locator("a.term", { hasText: /^OPP$/ })).toHaveAttribute("href", "/woorden#opp");
      await expect(extra.getByRole("button", { name: new RegExp(`^Weghalen\\s*:\\s*${escapeRegExp(OFFER.extra.title)}$`) })).toBeVisible();
      // The form is empty again, on its default kind.
      await expect(page.getByLabel("Titel in gewone woorden")).toHaveValue("");
      await expect(page.getByLabel("Uitleg voor ouders en jongeren")).toHaveValue("");

      // Something the school can always do.
      await chooseKind(page, "basic");
      await page.getByLabel("Titel in gewone woorden").fill(OFFER.basic.title);
      await page.getByLabel("Uitleg voor ouders en jongeren").fill(OFFER.basic.explanation);
      await saveEntry(page);
      const basic = await expectListedUnder(page, "basic", OFFER.basic.title);
      await expect(basic).toContainText(OFFER.basic.explanation);

      // Something the school cannot do, with who else can help.
      await chooseKind(page, "cannot");
      await page.getByLabel("Titel in gewone woorden").fill(OFFER.cannot.title);
      await page.getByLabel("Uitleg voor ouders en jongeren").fill(OFFER.cannot.explanation);
      await page.getByLabel("Kan de school het niet: wie kan wel helpen?").fill(OFFER.cannot.elsewhere);
      await saveEntry(page);
      const cannot = await expectListedUnder(page, "cannot", OFFER.cannot.title);
      await expect(cannot.locator("p.elsewhere")).toHaveText(`Wie kan wel helpen: ${OFFER.cannot.elsewhere}`);

      // The demo entries are still there.
      await expectListedUnder(page, "basic", "Een vaste mentor");
      await expectListedUnder(page, "cannot", "Therapie op school");
    } finally {
      await context.close();
    }
  });

  test("a parent sends what their child needs; the school links an 'extra' and a 'cannot' entry to it with a note", async ({
    browser,
  }) => {
    // A fresh parent at Sam's table answers the three required questions and sends, without JavaScript
    // (each step posts, so nothing waits on autosave).
    const me = await freshFamilyMember(browser, "parent", { javaScriptEnabled: false });
    shared.parentName = me.name;
    shared.parentId = me.personId;
    const page = me.page;
    const A1 = `Hij helpt graag in de keuken (${TAG}-goed)`;
    const A2 = `Hij wil 's ochtends niet naar school (${TAG}-zorg)`;
    try {
      await page.goto(`${MEETING}/prepare?step=2`);
      await expectStep(page, 2, 10, PQ[1].prompt);
      await page.locator("textarea#answer").fill(A1);
      await page.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(page).toHaveURL(prepareUrl(3));
      await expectStep(page, 3, 10, PQ[2].prompt);
      await page.locator("textarea#answer").fill(A2);
      await page.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(page).toHaveURL(prepareUrl(4));
      await expectStep(page, 4, 10, PQ[3].prompt);
      await expect(page.locator("#sharing-table"), "a parent's answer starts on 'everyone at the table'").toBeChecked();
      await page.locator("textarea#answer").fill(NEED);
      await page.getByRole("button", { name: "Volgende", exact: true }).click();
      await expect(page).toHaveURL(prepareUrl(5));
      await page.goto(`${MEETING}/prepare?step=11`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
      await page.getByRole("button", { name: "Versturen", exact: true }).click();
      await expect(page).toHaveURL(`${BASE_URL}${MEETING}?sent=1`);
      expect(hasSent(me.personId), "sent").toBe(true);
      expect(withoutVersion(answersOf(me.personId)).find((r) => r.question === "child_needs")).toEqual({
        question: "child_needs",
        body: NEED,
        sharing: "table",
      });
      shared.parentState = await me.context.storageState();
    } finally {
      await me.context.close();
    }

    // The school person sees the need, in the parent's words, and links two entries to it.
    const { context, page: school } = await schoolPhone(browser);
    try {
      await school.goto(SIDE);
      await expect(school.getByRole("heading", { level: 1 })).toHaveText(SIDE_H1);
      let art = needArticle(school);
      await expect(art, "the school sees the parent's need once").toHaveCount(1);
      await expect(art.locator(".ask .meta")).toHaveText(`${PQ[3].prompt} · ${shared.parentName}`);
      await expect(art.locator(".answer")).toContainText("Nog niets.");
      const select = art.getByLabel("Koppel iets uit het schoolprofiel");
      await expect(select).toHaveAttribute("id", `offer-answer:${shared.parentId}:child_needs`);
      // The school's whole profile can be chosen, this run's entries among them.
      const options = await select.locator("option").allTextContents();
      for (const kind of ["basic", "extra", "cannot"] as const) {
        expect(options, `the ${kind} entry can be linked`).toContain(`${OFFER[kind].title} – ${KIND[kind]}`);
      }

      await select.selectOption({ label: `${OFFER.extra.title} – ${KIND.extra}` });
      await art.getByLabel("Toelichting voor dit gezin (niet verplicht)").fill(NOTE_EXTRA);
      await art.getByRole("button", { name: "Koppelen", exact: true }).click();
      await expect(school).toHaveURL(`${BASE_URL}${SIDE}`);
      art = needArticle(school);
      await expect(linkedCard(art, OFFER.extra.title).locator("p.note")).toHaveText(`Voor u: ${NOTE_EXTRA}`);
      await expect(art.locator(".answer h2")).toHaveText([CAN_H]);

      await art.getByLabel("Koppel iets uit het schoolprofiel").selectOption({ label: `${OFFER.cannot.title} – ${KIND.cannot}` });
      await art.getByLabel("Toelichting voor dit gezin (niet verplicht)").fill(NOTE_CANNOT);
      await art.getByRole("button", { name: "Koppelen", exact: true }).click();
      await expect(school).toHaveURL(`${BASE_URL}${SIDE}`);
      art = needArticle(school);
      await expect(art.locator(".answer h2")).toHaveText([CAN_H, CANNOT_H]);
      const cannot = linkedCard(art, OFFER.cannot.title);
      await expect(cannot.locator("p.note")).toHaveText(`Voor u: ${NOTE_CANNOT}`);
      await expect(cannot.locator("p.elsewhere")).toHaveText(`Wie kan wel helpen: ${OFFER.cannot.elsewhere}`);
      await expect(art.locator(".answer .linked")).toHaveCount(2);
      await expect(art.locator(".answer")).not.toContainText("Nog niets.");
      // Staff can undo a link.
      await expect(art.getByRole("button", { name: new RegExp(`^Loskoppelen\\s*:\\s*${escapeRegExp(OFFER.cannot.title)}$`) })).toBeVisible();
    } finally {
      await context.close();
    }
  });

  test("the parent, on a phone, sees their own words next to what the school can and cannot do", async ({ browser }) => {
    const { context, page } = await parentPhone(browser);
    try {
      await page.goto(SIDE);
      await expectParentSideBySide(page, false);
      // Everything fits the phone's width.
      const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
      expect(widths.scroll).toBeLessThanOrEqual(widths.inner);
      await needArticle(page).scrollIntoViewIfNeeded();
      await page.screenshot({ path: path.join(__dirname, "..", "test-results", "side-by-side.png"), fullPage: true });
    } finally {
      await context.close();
    }
  });

  test("the parent reads the plan: goals with whose goal it is, the professionals' wording, and jargon explained", async ({
    browser,
  }) => {
    const { context, page } = await parentPhone(browser);
    try {
      await page.goto(PLAN);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Het plan");
      await expect(page.getByRole("link", { name: "Aan tafel voor Sam" })).toHaveAttribute("href", `/cases/${DEMO.caseId}`);
      await expect(page.getByRole("heading", { level: 2, name: /^Wat is er veranderd/ })).toBeVisible();
      await expect(page.getByRole("heading", { level: 2, name: "Doelen", exact: true })).toBeVisible();

      const school = page.getByRole("article", { name: "Sam gaat weer elke dag naar school." });
      await expect(school).toHaveCount(1);
      await expect(school.getByRole("heading", { level: 3 })).toHaveText("Sam gaat weer elke dag naar school.");
      await expect(school.locator("p.by")).toHaveText("Doel van de jongere zelf");
      await expect(school.locator("li.action")).toContainText("De mentor belt elke maandag even met Sam.");
      await expect(school.locator("li.action")).toContainText("Wie: Mentor");

      const home = page.getByRole("article", { name: "Thuis is het 's ochtends rustiger." });
      await expect(home).toHaveCount(1);
      await expect(home.locator("p.by")).toHaveText("Doel van ouder of verzorger");
      await expect(home.locator("details.detail"), "no professional wording for this goal").toHaveCount(0);

      // A parent reads the plan; they do not change it.
      await expect(page.getByRole("region", { name: "Doel toevoegen" })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Voortgang bewaren/ })).toHaveCount(0);
      await expect(page.getByRole("button", { name: /^Gedaan/ })).toHaveCount(0);

      // The professional wording is one tap away, with its jargon linked and explained.
      const details = school.locator("details.detail");
      const opp = details.locator("a.term", { hasText: /^OPP$/ });
      await expect(details).not.toHaveAttribute("open", /.*/);
      await expect(opp).toBeHidden();
      await details.locator("summary").filter({ hasText: "Zoals de professionals het schrijven" }).click();
      await expect(details).toHaveAttribute("open", /.*/);
      await expect(details.locator(".marked")).toContainText(
        "Terugdringen van verzuim; geleidelijke opbouw van de aanwezigheid conform het OPP.",
      );
      await expect(opp).toBeVisible();
      await expect(opp).toHaveAttribute("href", "/woorden#opp");
      const terms = details.locator("details.terms");
      await terms.locator("summary").filter({ hasText: "Uitleg van moeilijke woorden" }).click();
      await expect(terms.locator("dt", { hasText: "OPP" })).toHaveText("OPP (ontwikkelingsperspectiefplan)");
      await expect(terms.locator("dd").first()).toContainText("Een plan voor een leerling die extra hulp krijgt.");

      // Following the link opens the glossary at that word.
      await opp.click();
      await expect(page).toHaveURL(`${BASE_URL}/woorden#opp`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Moeilijke woorden uitgelegd");
      const entry = page.locator("dl.glossary dt#opp");
      await expect(entry).toHaveText("OPP (ontwikkelingsperspectiefplan)");
      await expect(entry).toBeInViewport();
      await expect(entry.locator("xpath=following-sibling::dd[1]")).toContainText(
        "Een plan voor een leerling die extra hulp krijgt.",
      );
      await expect(page.locator("dl.glossary dt#arrangement")).toHaveText("arrangement");
    } finally {
      await context.close();
    }
  });

  test("without JavaScript: the school adds and links an entry, and the parent still sees it side by side", async ({
    browser,
  }) => {
    const { context, page } = await schoolPhone(browser, false);
    try {
      await page.goto(SCHOOL);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText(SCHOOL_NAME);
      // The entries made with JavaScript are there.
      await expectListedUnder(page, "extra", OFFER.extra.title);
      await expectListedUnder(page, "cannot", OFFER.cannot.title);
      await expect(hint(page).locator(".hint-title")).toHaveText("Tip voor gewone taal");

      // A missing title: the form comes back with what was typed, and the tip for the sent text.
      await page.getByLabel("Uitleg voor ouders en jongeren").fill(OFFER.nojs.explanation);
      await page.getByRole("button", { name: "Bewaren", exact: true }).click();
      await expectFieldErrors(page, { title: "Vul dit in." });
      await expect(page.getByLabel("Uitleg voor ouders en jongeren"), "what was typed is kept").toHaveValue(
        OFFER.nojs.explanation,
      );
      await expect(hint(page).locator("li", { hasText: "Vakwoorden" })).toHaveText("Vakwoorden (leg ze uit): OPP");

      await chooseKind(page, "basic");
      await page.getByLabel("Titel in gewone woorden").fill(OFFER.nojs.title);
      await saveEntry(page);
      const card = await expectListedUnder(page, "basic", OFFER.nojs.title);
      await expect(card).toContainText(OFFER.nojs.explanation);

      // Linked to the parent's need, without JavaScript.
      await page.goto(SIDE);
      let art = needArticle(page);
      await expect(art).toHaveCount(1);
      await art.getByLabel("Koppel iets uit het schoolprofiel").selectOption({ label: `${OFFER.nojs.title} – ${KIND.basic}` });
      await art.getByLabel("Toelichting voor dit gezin (niet verplicht)").fill(NOTE_NOJS);
      await art.getByRole("button", { name: "Koppelen", exact: true }).click();
      await expect(page).toHaveURL(`${BASE_URL}${SIDE}`);
      art = needArticle(page);
      await expect(linkedCard(art, OFFER.nojs.title).locator("p.note")).toHaveText(`Voor u: ${NOTE_NOJS}`);
      await expect(art.locator(".answer .linked")).toHaveCount(3);
    } finally {
      await context.close();
    }

    const parent = await parentPhone(browser, false);
    try {
      await parent.page.goto(SIDE);
      await expectParentSideBySide(parent.page, true);
    } finally {
      await parent.context.close();
    }
  });

  test("accessibility: the profile, the side by side, the plan and the glossary", async ({ browser }) => {
    const school = await schoolPhone(browser);
    const parent = await parentPhone(browser);
    const careCtx = await newPhoneContext(browser);
    try {
      // Staff pages have buttons to measure; a parent's pages here are for reading.
      const check = async (page: Page, url: string, h1: string, what: string, staff: boolean) => {
        await page.goto(url);
        await expect(page.getByRole("heading", { level: 1 })).toHaveText(h1);
        await page.waitForLoadState("networkidle");
        await checkAccessibility(page, what, staff);
      };
      await check(school.page, SCHOOL, SCHOOL_NAME, "school profile (staff)", true);
      await check(school.page, SIDE, SIDE_H1, "side by side (school)", true);
      await check(parent.page, SCHOOL, SCHOOL_NAME, "school profile (parent)", false);
      await expect(parent.page.getByRole("region", { name: "Iets toevoegen" }), "a parent cannot add entries").toHaveCount(0);
      await expect(parent.page.getByRole("button", { name: /^Weghalen/ })).toHaveCount(0);
      await check(parent.page, SIDE, SIDE_H1, "side by side (parent)", false);
      await check(parent.page, PLAN, "Het plan", "plan (parent)", false);
      await parent.page.locator("details.detail summary").first().click();
      await checkAccessibility(parent.page, "plan with the professional wording open (parent)");

      const care = await careCtx.newPage();
      await signInWithPassword(care, DEMO.people.care.email);
      await check(care, PLAN, "Het plan", "plan (youth care professional)", true);
      await expect(care.getByRole("region", { name: "Doel toevoegen" }), "a professional may add goals").toBeVisible();

      await check(parent.page, "/woorden", "Moeilijke woorden uitgelegd", "glossary", false);
    } finally {
      await careCtx.close();
      await parent.context.close();
      await school.context.close();
    }
  });
});

test("a refused 'cannot' entry comes back with its kind still chosen", async ({ browser }) => {
  const { context, page } = await schoolPhone(browser);
  const title = `Logopedie op school ${unique()}`;
  const explanation = `De school heeft zelf geen logopedist (${title}).`;
  try {
    await page.goto(SCHOOL);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText(SCHOOL_NAME);
    await chooseKind(page, "cannot");
    await page.getByLabel("Titel in gewone woorden").fill(title);
    await page.getByLabel("Uitleg voor ouders en jongeren").fill(explanation);
    await page.getByRole("button", { name: "Bewaren", exact: true }).click();
    // Only "who else can help" is missing; what was typed comes back.
    await expectFieldErrors(page, { elsewhere: "Vul dit in." });
    await expect(page.getByLabel("Titel in gewone woorden")).toHaveValue(title);
    await expect(page.getByLabel("Uitleg voor ouders en jongeren")).toHaveValue(explanation);
    await expect(offerCard(page.locator("main"), title), "nothing was saved").toHaveCount(0);
    // The kind the staff member chose must still be chosen: otherwise, after filling in who else can
    // help and pressing "Bewaren" again, the entry is saved as "Kan de school altijd doen" and the
    // "who else can help" text is never shown.
    await expect.soft(page.locator("#kind-cannot"), "'Kan de school niet doen' is still chosen after the error").toBeChecked();
    // Fixing the one missing field and saving again stores the entry as the kind that was chosen.
    const elsewhere = `De logopedist in de wijk (${title})`;
    await page.getByLabel("Kan de school het niet: wie kan wel helpen?").fill(elsewhere);
    await saveEntry(page);
    const card = await expectListedUnder(page, "cannot", title);
    await expect(card.locator("p.elsewhere")).toHaveText(`Wie kan wel helpen: ${elsewhere}`);
  } finally {
    await context.close();
  }
});
