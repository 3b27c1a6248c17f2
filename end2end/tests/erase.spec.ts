// Erasing an answer, at a phone's size, with and without JavaScript: a young person at Sam's
// table erases an answer for the family coach after sending it; the preview asks first; the
// coach's review then shows "Verwijderd door de schrijver." instead of the words. Each test
// seats its own young person.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, escapeRegExp, newPhoneContext, signInWithPassword, unique } from "./support";
import { YOUNG_QUESTIONS, freshFamilyMember } from "./prepare-support";

const WORRIES = YOUNG_QUESTIONS.find((q) => q.key === "worries")!.prompt;

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a young person erases an answer and the coach sees that it was removed (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const young = await freshFamilyMember(browser, "young", { javaScriptEnabled });
    const secret = `Ik word gepest in de pauze ${unique()}`;
    const coachContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      // The answers go in through the same form posts the prepare pages make.
      const post = (fn: string, form: Record<string, string>) =>
        young.page.request.post(`/api/${fn}`, { form });
      for (const [question, body, sharing] of [
        ["good_things", "Tekenen", "me"],
        ["worries", secret, "mediator"],
        ["wishes", "Rust", "me"],
        ["scale_school", "5", "me"],
        ["scale_home", "6", "me"],
        ["take_part", "whole", "me"],
      ]) {
        const res = await post("save_answer", {
          meeting: String(DEMO.meetingId),
          question,
          body,
          sharing,
          base_version: "0",
          op: `erase-${question}-${unique()}`,
        });
        expect(res.ok(), `${question}: ${await res.text()}`).toBeTruthy();
      }
      const sent = await post("send_preparation", { meeting: String(DEMO.meetingId) });
      expect(sent.status()).toBeLessThan(400);

      const coach = await coachContext.newPage();
      await signInWithPassword(coach, DEMO.people.mediator.email);
      await coach.goto(`/meetings/${DEMO.meetingId}/review`);
      const card = coach.getByRole("article", { name: `${young.name} · ${WORRIES}` });
      await expect(card).toContainText(secret);

      // "Wissen" asks first, and says what will happen.
      const page = young.page;
      await page.goto(`/meetings/${DEMO.meetingId}/preview`);
      // The link's name ends in the question (read out as "Wissen: …").
      await page.getByRole("link", { name: new RegExp(`^Wissen\\s?: ${escapeRegExp(WORRIES)}$`) }).click();
      const confirm = page.getByRole("region", { name: `Wissen: ${WORRIES}` });
      await expect(confirm).toContainText("Wil je dit antwoord voorgoed wissen?");
      if (javaScriptEnabled) await checkAccessibility(page, "erase confirmation");
      await confirm.getByRole("button", { name: "Ja, wis dit antwoord" }).click();
      await expect(page).toHaveURL(new RegExp(`/meetings/${DEMO.meetingId}/preview\\?erased=1$`));
      await expect(page.getByRole("status").filter({ hasText: "Gewist. Het antwoord is weg uit Aan Tafel." })).toBeVisible();
      await expect(page.locator("main")).not.toContainText(secret);
      if (javaScriptEnabled) await checkAccessibility(page, "preview after erasing");

      await coach.goto(`/meetings/${DEMO.meetingId}/review`);
      await expect(card).toContainText("Verwijderd door de schrijver.");
      await expect(coach.locator("main")).not.toContainText(secret);
    } finally {
      await coachContext.close();
      await young.context.close();
    }
  });
}
