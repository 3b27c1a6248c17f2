// A table someone was taken off, at a phone's size, with and without JavaScript: a young person at
// Sam's table writes an answer and says yes to the care plan; the coordinator takes them off the
// table; from "Download mijn gegevens" they still reach what of theirs is left there (checked
// with axe), erase the answer after a question, and take back their yes. Each test seats its own
// young person.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, escapeRegExp, newPhoneContext, signInWithPassword, unique } from "./support";
import { YOUNG_QUESTIONS, freshFamilyMember } from "./prepare-support";

const WORRIES = YOUNG_QUESTIONS.find((q) => q.key === "worries")!.prompt;

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`someone taken off the table still erases their answer and takes back their yes (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const young = await freshFamilyMember(browser, "young", { javaScriptEnabled });
    const secret = `Thuis is het druk ${unique()}`;
    const coordinatorContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      const post = (fn: string, form: Record<string, string>) => young.page.request.post(`/api/${fn}`, { form });
      const saved = await post("save_answer", {
        meeting: String(DEMO.meetingId),
        question: "worries",
        body: secret,
        sharing: "mediator",
        base_version: "0",
        op: `former-${unique()}`,
      });
      expect(saved.ok(), await saved.text()).toBeTruthy();
      const yes = await post("set_plan_consent", { case: String(DEMO.caseId), consent: "yes" });
      expect(yes.status()).toBeLessThan(400);

      const coordinator = await coordinatorContext.newPage();
      await signInWithPassword(coordinator, DEMO.people.coordinator.email);
      const removed = await coordinator.request.post("/api/remove_person", {
        form: { case: String(DEMO.caseId), person: String(young.personId) },
      });
      expect(removed.status()).toBeLessThan(400);

      // From their data page to what is left at the table.
      const page = young.page;
      await page.goto("/my-data");
      const former = page.getByRole("region", { name: "Tafels waar je niet meer aan zit" });
      await former.getByRole("link", { name: "De tafel van Sam: wissen of ja intrekken" }).click();
      await expect(page).toHaveURL(new RegExp(`/cases/${DEMO.caseId}/mine$`));
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Jouw gegevens bij de tafel van Sam");
      await expect(page.locator("main")).toContainText(secret);
      if (javaScriptEnabled) await checkAccessibility(page, "a table I was taken off");

      // Erasing asks first.
      await page.getByRole("link", { name: new RegExp(`^Wissen\\s?: ${escapeRegExp(WORRIES)} \\(`) }).click();
      const confirm = page.getByRole("region", { name: `Wissen: ${WORRIES}` });
      await expect(confirm).toContainText("Wil je dit antwoord voorgoed wissen?");
      await confirm.getByRole("button", { name: "Ja, wis dit antwoord" }).click();
      await expect(page).toHaveURL(new RegExp(`/cases/${DEMO.caseId}/mine\\?erased=1$`));
      await expect(page.getByRole("status")).toContainText("Gewist.");
      await expect(page.locator("main")).not.toContainText(secret);
      await expect(page.locator("main")).toContainText("Er staat hier geen antwoord meer van jou.");

      // The yes goes.
      await page.getByRole("button", { name: "Trek mijn ja in" }).click();
      await expect(page).toHaveURL(new RegExp(`/cases/${DEMO.caseId}/mine\\?withdrawn=1$`));
      await expect(page.getByRole("status")).toContainText("Je ja is ingetrokken.");
      await expect(page.getByRole("button", { name: "Trek mijn ja in" })).toHaveCount(0);
      if (javaScriptEnabled) await checkAccessibility(page, "a table I was taken off, after erasing");
    } finally {
      await young.context.close();
      await coordinatorContext.close();
    }
  });
}
