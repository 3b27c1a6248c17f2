// A coordinator erases everything a parent wrote, on the parent's request, at a phone's size with
// and without JavaScript: the parent proposes a topic, the coordinator opens "Alle gegevens
// wissen" from the case page, reads what goes and what stays (checked with axe), confirms, and the
// parent is no longer at the table and the topic's words are gone. Each test opens its own case.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, newPhoneContext, signInWithLink, signInWithPassword } from "./support";
import { caseWithTwoMeetings, proposeTopic } from "./case-support";

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a coordinator erases a parent's data on request (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const topic = `Wissen op verzoek ${Date.now()}`;
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    const coordinatorContext = await newPhoneContext(browser, { javaScriptEnabled });
    const coachContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      const parent = await parentContext.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);
      await proposeTopic(parent, c.first, topic);

      // The family coach sees the proposed topic.
      const coach = await coachContext.newPage();
      await signInWithPassword(coach, DEMO.people.mediator.email);
      await coach.goto(`/meetings/${c.first}/agenda`);
      await expect(coach.locator("main")).toContainText(topic);

      const coordinator = await coordinatorContext.newPage();
      await signInWithPassword(coordinator, DEMO.people.coordinator.email);
      await coordinator.goto(`/cases/${c.caseId}`);
      await coordinator.getByRole("link", { name: new RegExp(`^Alle gegevens wissen\\s?\\(${c.parentName}\\)$`) }).click();
      await expect(coordinator).toHaveURL(new RegExp(`/cases/${c.caseId}/people/\\d+/erase$`));
      await expect(coordinator.getByRole("heading", { level: 1 })).toHaveText(`Alle gegevens van ${c.parentName} wissen`);
      if (javaScriptEnabled) await checkAccessibility(coordinator, "erase a person's data");
      await coordinator.getByLabel("Deze persoon vroeg hier zelf om. Ik weet dat dit niet terug kan.").check();
      await coordinator.getByRole("button", { name: "Wis alle gegevens" }).click();
      await expect(coordinator).toHaveURL(new RegExp(`/cases/${c.caseId}$`));
      await expect(coordinator.getByRole("region", { name: "Wie zitten er aan tafel?" })).not.toContainText(c.parentName);

      // The topic's words are gone from the agenda the coach sees.
      await coach.goto(`/meetings/${c.first}/agenda`);
      await expect(coach.locator("main")).not.toContainText(topic);
    } finally {
      await parentContext.close();
      await coordinatorContext.close();
      await coachContext.close();
    }
  });
}
