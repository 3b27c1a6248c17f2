// "Download mijn gegevens" at a phone's size, with and without JavaScript: a parent proposes a
// topic, finds "Download mijn gegevens" on the privacy page, reads everything of theirs on the
// printable page and downloads the same as a JSON file. Each test opens its own case.

import { test, expect } from "@playwright/test";
import { readFile } from "node:fs/promises";
import { checkAccessibility, newPhoneContext, signInWithLink } from "./support";
import { caseWithTwoMeetings, proposeTopic } from "./case-support";

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a parent reads and downloads their own data (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const topic = `Slapen en school ${Date.now()}`;
    const context = await newPhoneContext(browser, { javaScriptEnabled, acceptDownloads: true });
    try {
      const parent = await context.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);
      await proposeTopic(parent, c.first, topic);

      await parent.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Privacy" }).click();
      await parent.getByRole("link", { name: "Download mijn gegevens" }).click();
      await expect(parent).toHaveURL(/\/my-data$/);
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText("Mijn gegevens");
      await expect(parent.getByRole("heading", { level: 2, name: "Over u" })).toBeVisible();
      await expect(parent.getByRole("heading", { level: 4, name: "Onderwerpen die u voorstelde" })).toBeVisible();
      await expect(parent.locator("main")).toContainText(topic);
      await expect(parent.locator("main")).toContainText(c.parentName);
      if (javaScriptEnabled) await checkAccessibility(parent, "my data");

      const [download] = await Promise.all([
        parent.waitForEvent("download"),
        parent.getByRole("link", { name: "Download als bestand (JSON)" }).click(),
      ]);
      expect(download.suggestedFilename()).toBe("aantafel-mijn-gegevens.json");
      const file = await download.path();
      const data = JSON.parse(await readFile(file, "utf8"));
      expect(data.format).toBe("aantafel-mijn-gegevens/1");
      expect(data.person.name).toBe(c.parentName);
      const topics = data.tables
        .flatMap((t: { meetings: { topics: { title: string }[] }[] }) => t.meetings)
        .flatMap((m: { topics: { title: string }[] }) => m.topics)
        .map((t: { title: string }) => t.title);
      expect(topics).toContain(topic);
    } finally {
      await context.close();
    }
  });
}
