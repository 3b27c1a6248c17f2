// Helpers for the prepare-flow tests: fresh family members at Sam's table, knowing when the prepare
// island has come alive, reading the server's database, and the accessibility checks of a page.

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import { expect, type Browser, type BrowserContext, type Page } from "@playwright/test";
import { DEMO, REPO_ROOT, newPhoneContext, signInWithLink, signInWithPassword, unique, checkAccessibility as sharedAccessibility, waitingOnPhone } from "./support";

/** The SQLite file the test server uses. */
export const DB_PATH = path.join(REPO_ROOT, "end2end/.tmp/e2e.db");

export const STATUS = {
  saving: "Bezig met bewaren…",
  saved: "Bewaard ✓",
  // Parents read "u", young people "je".
  offline: "Geen verbinding. Uw antwoord staat veilig op deze telefoon",
  offlineYoung: "Geen verbinding. Je antwoord staat veilig op deze telefoon",
  conflict: "Dit antwoord is ook op een ander apparaat veranderd. Kies hieronder.",
  tooLong: "Dit is te lang. Gebruik hoogstens 10000 tekens.",
} as const;

/** The sharing choices as the prepare flow shows them: "only the family coach" names the coach. */
export const SHARING = {
  table: "Iedereen aan tafel",
  mediator: `Alleen ${DEMO.people.mediator.name} (gezinscoach)`,
  me: "Nog niet, alleen ik",
} as const;
export type SharingCode = keyof typeof SHARING;

export const PARENT_QUESTIONS = [
  { key: "change_after", prompt: "Wat moet er na dit gesprek anders zijn?", optional: true },
  { key: "goes_well", prompt: "Wat gaat er goed met uw kind?", optional: false },
  { key: "worries", prompt: "Waar maakt u zich zorgen over?", optional: false },
  { key: "child_needs", prompt: "Wat heeft uw kind volgens u nodig?", optional: false },
  { key: "parent_needs", prompt: "Wat heeft u zelf nodig?", optional: true },
  { key: "questions", prompt: "Wat wilt u vragen aan de school of de jeugdhulp?", optional: true },
  { key: "agenda_topics", prompt: "Over welke onderwerpen wilt u praten in het gesprek?", optional: true },
  { key: "practical", prompt: "Zijn er praktische dingen die wij moeten weten?", optional: true },
  { key: "child_view", prompt: "Wat zegt uw kind er zelf over?", optional: true },
  { key: "expectations", prompt: "Wat verwacht u van de school? En van de jeugdhulp?", optional: true },
] as const;

export const YOUNG_QUESTIONS = [
  { key: "why_meeting", prompt: "Weet je waarom dit gesprek er is?", optional: true },
  { key: "good_things", prompt: "Wat gaat er goed?", optional: false },
  { key: "worries", prompt: "Waar maak je je zorgen over?", optional: false },
  { key: "wishes", prompt: "Wat wil je dat er verandert?", optional: false },
  { key: "scale_school", prompt: "Hoe gaat het op school?", optional: false },
  { key: "scale_home", prompt: "Hoe gaat het thuis?", optional: false },
  { key: "adults_should_know", prompt: "Wat wil je dat de volwassenen weten?", optional: true },
  { key: "take_part", prompt: "Hoe wil je meedoen aan het gesprek?", optional: false },
  { key: "trusted_person", prompt: "Wie vertrouw je, en wie mag je helpen?", optional: true },
  { key: "who_there", prompt: "Wie wil je erbij, en wie liever niet?", optional: true },
  { key: "not_talk", prompt: "Waar wil je níet over praten?", optional: true },
  { key: "after", prompt: "Wat moet er na het gesprek gebeuren?", optional: true },
] as const;

export type FamilyRole = "parent" | "young";

export interface FamilyMember {
  name: string;
  role: FamilyRole;
  personId: number;
  context: BrowserContext;
  page: Page;
}

/**
 * Remembers every element that got an event listener, so a test can tell when the prepare island
 * has hydrated (before that, its buttons post the form like they do without JavaScript).
 */
export async function armHydrationProbe(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    const seen = new WeakSet<object>();
    (window as unknown as { __listening: WeakSet<object> }).__listening = seen;
    const original = EventTarget.prototype.addEventListener;
    EventTarget.prototype.addEventListener = function (
      this: EventTarget,
      type: string,
      listener: EventListenerOrEventListenerObject | null,
      options?: boolean | AddEventListenerOptions,
    ) {
      if (this instanceof Element) seen.add(this);
      return original.call(this, type, listener, options);
    };
  });
}

/** A new phone context (with the hydration probe when JavaScript is on). */
export async function familyContext(browser: Browser, javaScriptEnabled = true): Promise<BrowserContext> {
  const context = await newPhoneContext(browser, { javaScriptEnabled });
  if (javaScriptEnabled) await armHydrationProbe(context);
  return context;
}

/** As the coordinator, invites a new person to Sam's table and returns the one-time link. */
export async function inviteToDemoCase(browser: Browser, name: string, role: FamilyRole): Promise<string> {
  const ctx = await newPhoneContext(browser);
  try {
    const page = await ctx.newPage();
    await signInWithPassword(page, DEMO.people.coordinator.email);
    await page.goto(`/cases/${DEMO.caseId}/invite`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Iemand uitnodigen");
    await page.getByLabel("Naam", { exact: true }).fill(name);
    await page.getByRole("radio", { name: role === "parent" ? /^Ouder of verzorger/ : /^Kind of jongere/ }).check();
    await expect(page.getByLabel("E-mailadres")).toHaveValue("");
    await page.getByRole("button", { name: "Link maken" }).click();
    const box = page.locator("code.link-box");
    await expect(box).toBeVisible();
    const link = ((await box.textContent()) ?? "").trim();
    expect(link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
    return link;
  } finally {
    await ctx.close();
  }
}

/** A fresh parent or young person at Sam's table, signed in on a new phone. */
export async function freshFamilyMember(
  browser: Browser,
  role: FamilyRole,
  options: { javaScriptEnabled?: boolean; prefix?: string } = {},
): Promise<FamilyMember> {
  const name = `${options.prefix ?? (role === "parent" ? "Ouder" : "Jongere")} ${unique()}`;
  const link = await inviteToDemoCase(browser, name, role);
  const context = await familyContext(browser, options.javaScriptEnabled ?? true);
  const page = await context.newPage();
  await signInWithLink(page, link, name);
  const personId = personIdByName(name);
  return { name, role, personId, context, page };
}

// ---- The database ----

/** Runs a query on the server's database and returns its rows. */
export function dbQuery<T = Record<string, unknown>>(sql: string): T[] {
  const out = execFileSync("sqlite3", ["-json", DB_PATH, sql], {
    encoding: "utf8",
    timeout: 20_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  return out.trim() === "" ? [] : (JSON.parse(out) as T[]);
}

export function personIdByName(name: string): number {
  if (!/^[\p{L}\p{N} ]+$/u.test(name)) throw new Error(`unsafe name for SQL: ${name}`);
  const rows = dbQuery<{ id: number }>(`SELECT id FROM people WHERE display_name = '${name}'`);
  expect(rows, `exactly one person named ${name}`).toHaveLength(1);
  return rows[0].id;
}

export interface AnswerRow {
  question: string;
  body: string;
  sharing: string;
  version: number;
}

/** All stored answers of one person for the demo meeting, by question key. */
export function answersOf(personId: number, meeting: number = DEMO.meetingId): AnswerRow[] {
  return dbQuery<AnswerRow>(
    `SELECT question, body, sharing, version FROM answers WHERE meeting_id = ${Number(meeting)} AND person_id = ${Number(
      personId,
    )} ORDER BY question`,
  );
}

/** Whether the person sent their preparation for the demo meeting. */
export function hasSent(personId: number, meeting: number = DEMO.meetingId): boolean {
  return (
    dbQuery(`SELECT 1 AS x FROM preparations WHERE meeting_id = ${Number(meeting)} AND person_id = ${Number(personId)}`)
      .length === 1
  );
}

/** The expected stored rows (question, body, sharing), sorted like `answersOf`. */
export function expectedRows(rows: { question: string; body: string; sharing: SharingCode }[]) {
  return [...rows].sort((a, b) => (a.question < b.question ? -1 : a.question > b.question ? 1 : 0));
}

/** The stored rows without their versions. */
export function withoutVersion(rows: AnswerRow[]) {
  return rows.map(({ question, body, sharing }) => ({ question, body, sharing }));
}

// ---- The flow ----

export function prepareUrl(step?: number): RegExp {
  return step === undefined
    ? new RegExp(`/meetings/${DEMO.meetingId}/prepare(\\?step=1)?$`)
    : new RegExp(`/meetings/${DEMO.meetingId}/prepare\\?step=${step}$`);
}

/** Waits until the prepare island has hydrated: its step buttons (or check-page links) listen. */
export async function waitForFlowReady(page: Page): Promise<void> {
  await page.waitForFunction(
    () => {
      const w = window as unknown as { __listening?: WeakSet<object> };
      if (!w.__listening) return false;
      const el =
        document.querySelector('form.step button[name="go"]') ?? document.querySelector("main dl.answers dd a");
      return !!el && w.__listening.has(el);
    },
    undefined,
    { timeout: 20_000 },
  );
}

export function saveState(page: Page) {
  return page.locator("p.save-state");
}

/** Waits for "Bewaard ✓" and for nothing left waiting on the phone. */
export async function waitSaved(page: Page, timeout = 15_000): Promise<void> {
  await expect(saveState(page)).toHaveText(STATUS.saved, { timeout });
  await expect
    .poll(() => waitingOnPhone(page), {
      message: "nothing waits in localStorage",
      timeout,
    })
    .toBeNull();
}

/** The step's heading, progress text and (for text questions) the field. */
export async function expectStep(page: Page, step: number, total: number, prompt: string): Promise<void> {
  await expect(page.locator("p.progress-label")).toHaveText(`Vraag ${step} van ${total}`);
  await expect(page.locator("main progress")).toHaveAttribute("value", String(step));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(prompt);
}

/** Chooses who may read the current answer (clicks the radio's label, like a finger would). */
export async function chooseSharing(page: Page, sharing: SharingCode): Promise<void> {
  await page.locator(`label[for="sharing-${sharing}"]`).click();
  await expect(page.locator(`#sharing-${sharing}`)).toBeChecked();
}

/** The radio that is chosen on screen (its property, which is what a person sees) is this one. */
export async function expectSharing(page: Page, sharing: SharingCode, options: { soft?: boolean; why?: string } = {}): Promise<void> {
  const check = options.soft ? expect.soft : expect;
  await expect(page.getByRole("group", { name: "Wie mag dit lezen?" })).toBeVisible();
  check(await shownSharing(page), options.why ?? `"${SHARING[sharing]}" is chosen on screen`).toBe(sharing);
}

/** Which sharing radio is checked on screen (null: none). */
export async function shownSharing(page: Page): Promise<string | null> {
  return page.evaluate(() => {
    const r = Array.from(document.querySelectorAll<HTMLInputElement>('main input[name="sharing"]')).find((x) => x.checked);
    return r ? r.id.replace(/^sharing-/, "") : null;
  });
}

/** The `<dd>` under a question on the check page. */
export function checkAnswer(page: Page, prompt: string) {
  return page
    .locator("main dl.answers dt")
    .filter({ hasText: new RegExp(`^\\s*${prompt.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}\\s*$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** The questions one role will read, from the check page's preview. */
export async function previewFor(page: Page, roleName: string): Promise<string[]> {
  const box = page
    .getByRole("region", { name: "Wie ziet wat na het versturen?" })
    .locator(".preview-role")
    .filter({ has: page.getByRole("heading", { level: 3, name: roleName, exact: true }) });
  await expect(box, `one preview for ${roleName}`).toHaveCount(1);
  return (await box.locator("li").allTextContents()).map((t) => t.trim());
}

export async function expectPreviewEmpty(page: Page, roleName: string): Promise<void> {
  const box = page
    .getByRole("region", { name: "Wie ziet wat na het versturen?" })
    .locator(".preview-role")
    .filter({ has: page.getByRole("heading", { level: 3, name: roleName, exact: true }) });
  await expect(box).toContainText("Ziet niets van jouw antwoorden.");
  await expect(box.locator("li")).toHaveCount(0);
}

/** The article of one person in the meeting page's "Voorbereiding" section. */
export function inputOf(page: Page, name: string) {
  return page
    .getByRole("region", { name: "Voorbereiding", exact: true })
    .locator(`article[aria-label="${name.replace(/"/g, '\\"')}"]`);
}

/** The answers in a person's article, as { question: answer }. */
export async function articleAnswers(page: Page, name: string): Promise<Record<string, string>> {
  const art = inputOf(page, name);
  await expect(art).toHaveCount(1);
  return art.evaluate((el) => {
    const out: Record<string, string> = {};
    for (const dt of Array.from(el.querySelectorAll("dl dt"))) {
      const dd = dt.nextElementSibling;
      const words = dd?.querySelector(".own-words") ?? dd;
      out[(dt.textContent ?? "").trim()] = words?.textContent ?? "";
    }
    return out;
  });
}

// ---- Accessibility ----

/** The shared accessibility check; every prepare screen has touch targets to measure. */
export async function checkAccessibility(page: Page, what: string): Promise<void> {
  await sharedAccessibility(page, what, true);
}
