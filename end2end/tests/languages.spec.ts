// The family pages in Arabic, Turkish, Polish and Ukrainian, at a phone's size: a parent
// prepares a meeting from the first question to "send", the page says its language and
// direction, axe finds nothing, and no Dutch is left outside what people wrote themselves.

import { test, expect, type Page } from "@playwright/test";
import { DEMO, checkAccessibility } from "./support";
import { freshFamilyMember, hasSent, waitForFlowReady, type FamilyMember } from "./prepare-support";

const LANGUAGES = [
  { code: "ar", dir: "rtl", name: "العربية", send: "إرسال" },
  { code: "tr", dir: "ltr", name: "Türkçe", send: "Gönder" },
  { code: "pl", dir: "ltr", name: "Polski", send: "Wyślij" },
  { code: "uk", dir: "ltr", name: "Українська", send: "Надіслати" },
] as const;

// Everyday Dutch words that none of the four languages uses. One of them outside people's own
// text (marked lang="nl", dir="auto" or in <bdi>) means a text was not translated.
const DUTCH = ["het", "een", "niet", "uw", "voor", "vraag", "volgende", "bewaard", "mag", "lezen", "wilt", "wordt",
  "deze", "alleen", "iedereen", "antwoord", "antwoorden", "overslaan", "versturen", "verstuur", "gesprek", "gesprekken", "terug"];

/** The words on the page that are not people's own text, not the language menu and not the brand. */
async function interfaceWords(page: Page): Promise<string[]> {
  const text = await page.evaluate(() => {
    const body = document.body.cloneNode(true) as HTMLElement;
    for (const el of Array.from(body.querySelectorAll('[dir="auto"], [lang="nl"], bdi, .lang-menu, .brand, script, style, [hidden]'))) el.remove();
    return body.innerText ?? body.textContent ?? "";
  });
  return text.toLowerCase().split(/[^\p{L}']+/u).filter(Boolean);
}

async function expectNoDutch(page: Page, what: string): Promise<void> {
  const words = await interfaceWords(page);
  const left = [...new Set(words.filter((w) => DUTCH.includes(w)))];
  expect(left, `${what}: Dutch words left on the page`).toEqual([]);
  expect(words.length, `${what}: the page has text`).toBeGreaterThan(5);
}

for (const lang of LANGUAGES) {
  test(`a parent prepares in ${lang.code}, from the first question to send`, async ({ browser }) => {
    const parent: FamilyMember = await freshFamilyMember(browser, "parent");
    const page = parent.page;
    try {
      // The language menu opens without a script and names each language in itself.
      const menu = page.locator("details.lang-menu");
      await menu.locator("summary").click();
      const link = menu.getByRole("link", { name: lang.name, exact: true });
      await expect(link).toHaveAttribute("lang", lang.code);
      await link.click();
      await expect(page.locator("html")).toHaveAttribute("lang", lang.code);
      await expect(page.locator("html")).toHaveAttribute("dir", lang.dir);
      await expectNoDutch(page, "case page");
      await checkAccessibility(page, `${lang.code} case page`);

      await page.goto(`/meetings/${DEMO.meetingId}`);
      await expect(page.locator("html")).toHaveAttribute("lang", lang.code);
      await expectNoDutch(page, "meeting page");
      await checkAccessibility(page, `${lang.code} meeting page`);

      await page.goto(`/meetings/${DEMO.meetingId}/prepare`);
      await waitForFlowReady(page);
      await expect(page.locator("html")).toHaveAttribute("dir", lang.dir);
      // Walk every question: write in the required ones, skip the rest.
      for (let step = 1; step <= 10; step++) {
        const label = page.locator("p.progress-label");
        await expect(label).toContainText(String(step));
        await expect(label).toContainText("10");
        await expectNoDutch(page, `question ${step}`);
        if (step === 1) await checkAccessibility(page, `${lang.code} question 1`);
        const field = page.locator("textarea#answer");
        // Questions 2 to 4 must be answered; the others may be skipped.
        if (step >= 2 && step <= 4) await field.fill(`${lang.code} ${step} — ${"بخير dobrze iyi добре".split(" ")[step % 4]}`);
        await page.locator('form.step button[name="go"][value="next"]').click();
      }
      await expect(page.locator("main dl.answers dt")).toHaveCount(10);
      await expectNoDutch(page, "check page");
      await checkAccessibility(page, `${lang.code} check page`);
      await page.getByRole("button", { name: lang.send, exact: true }).click();
      await expect.poll(() => hasSent(parent.personId), { message: "the answers were sent" }).toBe(true);
      await expect(page.locator("html")).toHaveAttribute("lang", lang.code);
      await expectNoDutch(page, "after sending");
    } finally {
      await parent.context.close();
    }
  });
}

test("Arabic mirrors the layout: the header's brand sits on the right", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent");
  try {
    const page = parent.page;
    const brandX = async () => (await page.locator("a.brand").boundingBox())!.x;
    const width = page.viewportSize()!.width;
    expect(await brandX(), "left to right: the brand starts on the left").toBeLessThan(width / 2);
    await page.goto(`/lang/ar?back=/cases/${DEMO.caseId}`);
    await expect(page.locator("html")).toHaveAttribute("dir", "rtl");
    expect(await brandX(), "right to left: the brand starts on the right").toBeGreaterThan(width / 2);
    // A notice's bar is on the reading side: the right in Arabic.
    const style = await page.evaluate(() => {
      const el = document.createElement("div");
      el.className = "notice";
      document.querySelector("main")!.appendChild(el);
      const s = getComputedStyle(el);
      return { right: s.borderRightWidth, left: s.borderLeftWidth };
    });
    expect(style).toEqual({ right: "6px", left: "0px" });
  } finally {
    await parent.context.close();
  }
});

test("a first visit follows the browser's language; a choice in the menu wins", async ({ browser }) => {
  const context = await browser.newContext({ locale: "tr-TR", extraHTTPHeaders: { "Accept-Language": "tr-TR,tr;q=0.9,en;q=0.5" } });
  try {
    const page = await context.newPage();
    await page.goto(`/`);
    await expect(page.locator("html")).toHaveAttribute("lang", "tr");
    await page.goto(`/lang/pl?back=/`);
    await expect(page.locator("html")).toHaveAttribute("lang", "pl");
    await page.goto(`/sign-in`);
    await expect(page.locator("html")).toHaveAttribute("lang", "pl");
  } finally {
    await context.close();
  }
});
