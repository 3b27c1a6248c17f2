// Shared helpers for the Aan Tafel end-to-end tests: fresh demo sign-in links, signing in,
// the demo case's known facts, and dates in the Netherlands' time zone.

import { execFileSync } from "node:child_process";
import * as path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import { devices, expect, type Browser, type BrowserContext, type Locator, type Page } from "@playwright/test";

/** The repository root (end2end/tests/ -> ../..). */
export const REPO_ROOT = path.resolve(__dirname, "..", "..");
export const BASE_URL = "http://127.0.0.1:3100";

/** Password of every demo professional. */
export const DEMO_PASSWORD = "aantafel-demo-2026";

export const DEMO = {
  caseId: 1,
  child: "Sam",
  meetingId: 1,
  meetingTitle: "Samen kijken naar school en thuis",
  place: "Het Baken College, kamer 2.14",
  people: {
    parent: { name: "Fatima Bakker", email: "ouder@demo.invalid", role: "Ouder of verzorger" },
    young: { name: "Sam", email: "jongere@demo.invalid", role: "Kind of jongere" },
    mediator: { name: "Joyce de Vries", email: "gezinscoach@demo.invalid", role: "Gezinscoach" },
    school: { name: "Mark Jansen", email: "school@demo.invalid", role: "School" },
    care: { name: "Priya Ramdin", email: "jeugdhulp@demo.invalid", role: "Jeugdhulp" },
    coordinator: { name: "Ellen Visser", email: "coordinator@demo.invalid", role: "Coördinator" },
  },
} as const;

export type DemoRole = keyof typeof DEMO.people;

/** The plain explanation shown under each role (Dutch), as the app words it. */
export const ROLE_EXPLANATIONS: Record<DemoRole, string> = {
  parent: "Kent het kind het best. Zegt wat goed gaat, wat zorgen geeft en wat het kind nodig heeft.",
  young: "Het gaat over jou. Jij vertelt wat jij vindt, en jij kiest wie wat ziet.",
  mediator: "Helpt thuis en school elkaar te begrijpen. Leest alles vooraf en maakt met iedereen de lijst met onderwerpen.",
  school: "Vertelt wat de school kan doen, en wat niet.",
  care: "Helpt vanuit de jeugdhulp of het wijkteam",
  coordinator: "Nodigt mensen uit, plant gesprekken en zorgt dat alles klopt.",
};

export const NOT_FOUND_TEXT = "Deze pagina bestaat niet, of u hebt er geen toegang toe.";

export interface DemoLink {
  role: DemoRole;
  name: string;
  email: string;
  link: string;
}

/**
 * Fresh single-use sign-in links for every demo person, made by the release binary against the
 * database the test server uses. Each call makes new links.
 */
export function demoLinks(): DemoLink[] {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: "sqlite://end2end/.tmp/e2e.db",
    LEPTOS_SITE_ADDR: "127.0.0.1:3100",
    AANTAFEL_PUBLIC_URL: BASE_URL,
    RUST_LOG: "warn",
  };
  delete env.AANTAFEL_DEMO;
  const out = execFileSync(path.join(REPO_ROOT, "target/release/server"), ["demo-links"], {
    cwd: REPO_ROOT,
    env,
    encoding: "utf8",
    timeout: 30_000,
  });
  // The JSON is pretty-printed: it starts with a line "[" and ends with a line "]". Anything
  // around it (log lines) is ignored.
  const lines = out.split("\n");
  const start = lines.findIndex((l) => l.trim() === "[");
  let end = -1;
  for (let i = lines.length - 1; i >= 0; i--) {
    if (lines[i].trim() === "]") {
      end = i;
      break;
    }
  }
  if (start < 0 || end < start) {
    throw new Error(`server demo-links printed no JSON list:\n${out}`);
  }
  const links = JSON.parse(lines.slice(start, end + 1).join("\n")) as DemoLink[];
  // Links for the family only: a link never signs into a professional's account.
  if (links.length !== 2) {
    throw new Error(`expected 2 demo links (parent, young person), got ${links.length}:\n${out}`);
  }
  return links;
}

/** A fresh link for one demo role. */
export function linkFor(role: DemoRole): string {
  const l = demoLinks().find((d) => d.role === role);
  if (!l) throw new Error(`no demo link for ${role}`);
  expect(l.link).toMatch(/^http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}$/);
  return l.link;
}

/** Opens an invitation link and presses the button; waits until the case page is shown. */
export async function signInWithLink(page: Page, link: string, name: string): Promise<void> {
  await page.goto(link);
  await expect(page.getByRole("heading", { level: 1, name: `Welkom, ${name}` })).toBeVisible();
  await confirmOwnPhone(page);
  await page.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
  await expect(page).toHaveURL(/\/cases\/\d+$/);
}

/** Answers "Is dit uw eigen telefoon?" with yes on the invitation page. */
export async function confirmOwnPhone(page: Page): Promise<void> {
  await page.getByRole("radio", { name: "Ja, alleen ik gebruik deze telefoon" }).check();
}

/** What waits on the phone for a meeting (any person), or null. */
export function waitingOnPhone(page: Page, meetingId = 1): Promise<string | null> {
  return page.evaluate((m) => {
    const key = Object.keys(localStorage).find((k) => k.startsWith("aantafel:prepare:") && k.endsWith(`:${m}`));
    return key ? localStorage.getItem(key) : null;
  }, meetingId);
}

/** Signs a professional in with email and password; waits for the home page. */
export async function signInWithPassword(page: Page, email: string, password = DEMO_PASSWORD): Promise<void> {
  await page.goto("/sign-in");
  await page.getByLabel("E-mailadres").fill(email);
  await page.getByLabel("Wachtwoord").fill(password);
  await page.getByRole("button", { name: "Inloggen", exact: true }).click();
  await expect(page).toHaveURL(`${BASE_URL}/`);
  await expect(page.getByRole("heading", { level: 1, name: "Mijn gesprekken" })).toBeVisible();
}

/** A new browser context at the phone size of the config, with the base URL. */
export async function newPhoneContext(
  browser: Browser,
  options: { javaScriptEnabled?: boolean; acceptDownloads?: boolean } = {},
): Promise<BrowserContext> {
  return browser.newContext({ ...devices["Pixel 7"], locale: "nl-NL", baseURL: BASE_URL, ...options });
}

/** The `<dd>` that follows the `<dt>` with exactly this text. */
export function definition(page: Page, term: string): Locator {
  return page
    .locator("dl dt")
    .filter({ hasText: new RegExp(`^\\s*${escapeRegExp(term)}\\s*$`) })
    .locator("xpath=following-sibling::dd[1]");
}

/** The list item of one person in a list of people. */
export function personRow(scope: Locator, name: string): Locator {
  return scope.locator("li").filter({ has: scope.page().locator("strong", { hasText: new RegExp(`^${escapeRegExp(name)}$`) }) });
}

export function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

// ---- Dates, as the app shows them (wall-clock time in the Netherlands) ----

const NL_DAYS = ["zondag", "maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag"];
const NL_MONTHS = [
  "januari", "februari", "maart", "april", "mei", "juni",
  "juli", "augustus", "september", "oktober", "november", "december",
];

/** A calendar date (no time zone), stored as a UTC midnight Date for easy day arithmetic. */
export function amsterdamToday(): Date {
  const parts = new Intl.DateTimeFormat("en-CA", {
    timeZone: "Europe/Amsterdam",
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).formatToParts(new Date());
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value);
  return new Date(Date.UTC(get("year"), get("month") - 1, get("day")));
}

export function addDays(d: Date, days: number): Date {
  return new Date(d.getTime() + days * 24 * 3600 * 1000);
}

/** "donderdag 3 december 2026" */
export function dutchDate(d: Date): string {
  return `${NL_DAYS[d.getUTCDay()]} ${d.getUTCDate()} ${NL_MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()}`;
}

/** "2026-12-03T15:30", the value of a datetime-local field. */
export function inputDateTime(d: Date, clock: string): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}-${p(d.getUTCMonth() + 1)}-${p(d.getUTCDate())}T${clock}`;
}

/** The demo meeting's start date (seeded 10 days after the server started) and deadline date. */
export function demoMeetingDates(): { start: Date; deadline: Date } {
  const start = addDays(amsterdamToday(), 10);
  return { start, deadline: addDays(start, -3) };
}

/** A short unique suffix, so names made by one test never clash with another's. */
export function unique(): string {
  return `${Date.now().toString(36).slice(-4)}${Math.floor(Math.random() * 1296).toString(36)}`;
}

// ---- Accessibility, shared by every spec ----

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];
const MIN_TARGET = 44;

/**
 * axe (no serious or critical violations), no sideways scrolling at the phone's width, every
 * visible button, `.button`, choice row and scale option in main at least 44 px high, and every
 * radio or checkbox inside a measured row. Soft: the test goes on and fails at the end. Does not
 * wait for the network (it also runs while offline). `requireTargets`: at least one target exists.
 */
export async function checkAccessibility(page: Page, what: string, requireTargets = false): Promise<void> {
  const results = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  const bad = results.violations.filter((v) => v.impact === "serious" || v.impact === "critical");
  const report = bad
    .map(
      (v) =>
        `- [${v.impact}] ${v.id}: ${v.help} (${v.helpUrl})\n` +
        v.nodes.map((n) => `    ${n.target.join(" ")}: ${n.failureSummary?.replace(/\n/g, " ")}`).join("\n"),
    )
    .join("\n");
  expect.soft(bad, `axe found serious/critical violations on ${what}:\n${report}`).toEqual([]);

  const widths = await page.evaluate(() => ({
    scroll: Math.max(document.documentElement.scrollWidth, document.body.scrollWidth),
    inner: window.innerWidth,
  }));
  expect
    .soft(widths.scroll, `${what}: page is ${widths.scroll}px wide in a ${widths.inner}px window`)
    .toBeLessThanOrEqual(widths.inner);

  const targets = page.locator(
    'main button, main input[type="submit"], main .button, main .choice, main .scale-option label',
  );
  const small: string[] = [];
  let checked = 0;
  for (const el of await targets.all()) {
    if (!(await el.isVisible())) continue;
    const box = await el.boundingBox();
    if (!box) continue;
    checked++;
    if (box.height < MIN_TARGET) {
      const label = (await el.innerText()).trim().replace(/\s+/g, " ").slice(0, 40);
      small.push(`"${label}" is ${box.height.toFixed(1)}px high`);
    }
  }
  if (requireTargets) expect.soft(checked, `${what}: some touch targets were measured`).toBeGreaterThan(0);
  expect.soft(small, `${what}: touch targets under ${MIN_TARGET}px (checked ${checked})`).toEqual([]);
  const loose = await page
    .locator('main input[type="radio"], main input[type="checkbox"]')
    .evaluateAll((els) =>
      els.filter((e) => !e.closest(".choice, .scale-option")).map((e) => e.id || e.getAttribute("name")),
    );
  expect.soft(loose, `${what}: radios/checkboxes outside a measured row`).toEqual([]);
}
