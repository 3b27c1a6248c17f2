// Read aloud. Headless Chromium has no voices, so each test stubs speechSynthesis before the page
// loads and records what it is asked to say. A button shows only when the phone has a voice of its
// own (localService) for the text's language; people's own text is Dutch and read with a Dutch
// voice, also on an Arabic page.

import { test, expect, type BrowserContext, type Page } from "@playwright/test";
import { DEMO } from "./support";
import { freshFamilyMember, waitForFlowReady } from "./prepare-support";

type Voice = { lang: string; localService: boolean; name: string };

async function stubVoices(context: BrowserContext, voices: Voice[]): Promise<void> {
  await context.addInitScript((voices: Voice[]) => {
    const spoken: { text: string; lang: string }[] = [];
    (window as unknown as { __spoken: typeof spoken }).__spoken = spoken;
    class Utterance {
      text: string;
      lang = "";
      voice: Voice | null = null;
      constructor(text: string) {
        this.text = text;
      }
    }
    const synth = {
      getVoices: () => voices,
      speak: (u: Utterance) => spoken.push({ text: u.text, lang: u.lang }),
      cancel: () => undefined,
      addEventListener: () => undefined,
    };
    Object.defineProperty(window, "speechSynthesis", { value: synth, configurable: true });
    (window as unknown as { SpeechSynthesisUtterance: unknown }).SpeechSynthesisUtterance = Utterance;
  }, voices);
}

const spoken = (page: Page) => page.evaluate(() => (window as unknown as { __spoken: { text: string; lang: string }[] }).__spoken);

test("a button per text, read in the text's own language, only with a voice on the phone", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent");
  const page = parent.page;
  try {
    await stubVoices(parent.context, [
      { lang: "nl-NL", localService: true, name: "Dutch on the phone" },
      { lang: "ar-SA", localService: true, name: "Arabic on the phone" },
      { lang: "tr-TR", localService: false, name: "Turkish from a server" },
    ]);

    // The meeting's reason, in Dutch.
    await page.goto(`/meetings/${DEMO.meetingId}`);
    const reason = page.locator(".why .purpose > p");
    await expect(reason).toHaveAttribute("lang", "nl");
    const sayReason = page.locator(".why button.say");
    await expect(sayReason).toBeVisible();
    await expect(sayReason).toHaveText("Lees voor");
    await sayReason.click();
    expect(await spoken(page)).toEqual([{ text: (await reason.innerText()).trim(), lang: "nl-NL" }]);

    // A question and its help text.
    await page.goto(`/meetings/${DEMO.meetingId}/prepare`);
    await waitForFlowReady(page);
    const sayQuestion = page.locator("form.step button.say");
    await expect(sayQuestion).toBeVisible();
    await sayQuestion.click();
    const [q] = await spoken(page);
    expect(q.lang).toBe("nl-NL");
    expect(q.text).toBe("Wat moet er na dit gesprek anders zijn?\nDenk aan thuis en aan school. Wat zou voor uw kind het verschil maken?");

    // On an Arabic page: the question in Arabic with the Arabic voice, the reason still in Dutch.
    await page.goto(`/lang/ar?back=/meetings/${DEMO.meetingId}/prepare`);
    await waitForFlowReady(page);
    await page.locator("form.step button.say").click();
    const [arabic] = await spoken(page);
    expect(arabic.lang).toBe("ar-SA");
    expect(arabic.text).toContain(await page.locator("#q-title").innerText());
    expect(arabic.text).not.toContain("Wat moet er");
    await page.goto(`/meetings/${DEMO.meetingId}`);
    await page.locator(".why button.say").click();
    expect((await spoken(page))[0].lang).toBe("nl-NL");

    // Turkish has only a voice from a server here: no button for the Turkish question.
    await page.goto(`/lang/tr?back=/meetings/${DEMO.meetingId}/prepare`);
    await waitForFlowReady(page);
    await expect(page.locator("#q-title")).toBeVisible();
    await expect(page.locator("form.step button.say")).toBeHidden();
    await page.goto(`/meetings/${DEMO.meetingId}`);
    await expect(page.locator(".why button.say"), "the Dutch reason still has its Dutch voice").toBeVisible();
  } finally {
    await parent.context.close();
  }
});

test("no voice on the phone: no read-aloud button anywhere", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent");
  const page = parent.page;
  try {
    await stubVoices(parent.context, []);
    await page.goto(`/meetings/${DEMO.meetingId}`);
    await expect(page.locator(".why .purpose")).toBeVisible();
    await expect(page.locator("button.say")).toHaveCount(1);
    await expect(page.locator("button.say")).toBeHidden();
    await page.goto(`/meetings/${DEMO.meetingId}/prepare`);
    await waitForFlowReady(page);
    await expect(page.locator("form.step button.say")).toBeHidden();
    await page.locator('form.step button[name="go"][value="next"]').click();
    await expect(page.locator("p.progress-label")).toHaveText("Vraag 2 van 10");
    await expect(page.locator("form.step button.say"), "a new step's button stays hidden too").toBeHidden();
  } finally {
    await parent.context.close();
  }
});
