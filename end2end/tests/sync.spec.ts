// Sharing with the care plan, and the page that shows how the plan is kept in step. The e2e
// portal keeps its plan built in (no care-plan store configured): the status page says so, and
// the family's yes or no is stored all the same. Fresh family members at Sam's table each use
// their own phone, with and without JavaScript.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, signInWithPassword } from "./support";
import { dbQuery, freshFamilyMember } from "./prepare-support";

const PLAN = `/cases/${DEMO.caseId}/plan`;
const SYNC = `/cases/${DEMO.caseId}/sync`;

function consentRows(personId: number): number {
  return dbQuery<{ n: number }>(
    `SELECT COUNT(*) AS n FROM sync_consent WHERE case_id = ${DEMO.caseId} AND person_id = ${personId}`,
  )[0].n;
}

for (const javaScriptEnabled of [true, false]) {
  test(`a parent says yes, then no, to sharing with the care plan (${javaScriptEnabled ? "with" : "without"} JavaScript)`, async ({ browser }) => {
    const parent = await freshFamilyMember(browser, "parent", { javaScriptEnabled });
    const page = parent.page;
    await page.goto(PLAN);
    const section = page.getByRole("region", { name: "Delen met het zorgplan" });
    await expect(section).toContainText("Dat zijn alleen de antwoorden die u met iedereen aan tafel deelt");
    await expect(section).toContainText("Nu: nee, liever niet.");
    expect(consentRows(parent.personId)).toBe(0);
    // axe runs inside the page, so it needs JavaScript.
    if (javaScriptEnabled) await checkAccessibility(page, "plan page with the care-plan choice");

    await section.getByRole("button", { name: "Ja, dat mag" }).click();
    await expect(section).toContainText("Nu: ja, dat mag.");
    expect(consentRows(parent.personId)).toBe(1);
    await page.reload();
    await expect(page.getByRole("region", { name: "Delen met het zorgplan" })).toContainText("Nu: ja, dat mag.");

    await page.getByRole("button", { name: "Nee, toch liever niet" }).click();
    await expect(page.getByRole("region", { name: "Delen met het zorgplan" })).toContainText("Nu: nee, liever niet.");
    expect(consentRows(parent.personId)).toBe(0);
    await parent.context.close();
  });
}

test("a young person reads the choice in their own words", async ({ browser }) => {
  const young = await freshFamilyMember(browser, "young");
  await young.page.goto(PLAN);
  const section = young.page.getByRole("region", { name: "Delen met het zorgplan" });
  await expect(section).toContainText("Mag wat jij zelf met de tafel deelt daar ook in?");
  await young.context.close();
});

test("the family coach opens the sync page from the case page", async ({ page }) => {
  await signInWithPassword(page, DEMO.people.mediator.email);
  await page.goto(`/cases/${DEMO.caseId}`);
  await page.getByRole("link", { name: /Het zorgplan bijhouden/ }).click();
  await expect(page).toHaveURL(SYNC);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Het zorgplan bijhouden");
  await expect(page.getByRole("region", { name: "Waar staat het plan?" })).toContainText(
    "Het plan staat alleen in Aan Tafel. Er hoeft niets verstuurd te worden.",
  );
  await expect(page.getByRole("region", { name: "Tegelijk veranderd" })).toContainText("Er is niets om over te beslissen.");
  await checkAccessibility(page, "sync page");
});

test("a parent cannot open the sync page", async ({ browser }) => {
  const parent = await freshFamilyMember(browser, "parent");
  await parent.page.goto(`/cases/${DEMO.caseId}`);
  await expect(parent.page.getByRole("link", { name: /Het zorgplan bijhouden/ })).toHaveCount(0);
  await parent.page.goto(SYNC);
  await expect(parent.page.getByRole("heading", { level: 1 })).toHaveText("Het zorgplan bijhouden");
  await expect(parent.page.getByRole("main")).not.toContainText("Waar staat het plan?");
  await parent.context.close();
});
