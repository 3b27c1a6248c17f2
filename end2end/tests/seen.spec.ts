// "Wie heeft mijn informatie gezien?" at a phone's size, with and without JavaScript: a parent
// proposes a topic, the family coach opens the topics, and the parent finds that read on their
// own log through the menu, grouped per day, with "Wie kan dit zien?" next to it; the coach finds
// the same read under "Wat heb ik geopend", without the name of who raised the topic. Each test opens its own case.

import { test, expect } from "@playwright/test";
import { DEMO, checkAccessibility, newPhoneContext, signInWithLink, signInWithPassword } from "./support";
import { caseWithTwoMeetings, proposeTopic } from "./case-support";

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`a parent sees that the coach read their topic, and the coach sees what they opened (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const c = await caseWithTwoMeetings(browser);
    const topic = `Huiswerk en rust ${Date.now()}`;
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    const coachContext = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      const parent = await parentContext.newPage();
      await signInWithLink(parent, c.parentLink, c.parentName);

      // Nobody else has opened anything yet.
      await parent.getByRole("navigation", { name: "Menu" }).getByRole("link", { name: "Privacy" }).click();
      await expect(parent).toHaveURL(/\/seen$/);
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText("Wie heeft mijn informatie gezien?");
      await expect(parent.getByText("Nog niemand anders heeft iets van u geopend.")).toBeVisible();

      await proposeTopic(parent, c.first, topic);

      // The coach opens the topics, twice.
      const coach = await coachContext.newPage();
      await signInWithPassword(coach, DEMO.people.mediator.email);
      for (let i = 0; i < 2; i++) {
        await coach.goto(`/meetings/${c.first}/agenda`);
        await expect(coach.locator("main").getByText(topic).first()).toBeVisible();
      }

      await parent.goto("/seen");
      const log = parent.locator("main ul.seen li");
      await expect(log).toHaveCount(1);
      await expect(log.first()).toContainText(
        `${DEMO.people.mediator.name} (Gezinscoach) las de onderwerpen die u voorstelde voor het gesprek van`,
      );
      await expect(log.first()).toContainText("2 keer, op");
      // The topic itself is never on the log.
      await expect(parent.locator("main")).not.toContainText(topic);
      await expect(parent.getByRole("heading", { level: 2, name: "Wie kan dit zien?" })).toBeVisible();
      if (javaScriptEnabled) await checkAccessibility(parent, "who has seen my information");

      await coach.goto("/seen");
      await expect(coach.getByRole("heading", { level: 1 })).toHaveText("Wat heb ik geopend");
      await expect(coach.locator("main ul.seen")).toContainText(`onderwerpen voor het gesprek van`);
      // Whose topics they were is not named there: a young person may have asked the coach to
      // raise theirs.
      if (javaScriptEnabled) await checkAccessibility(coach, "what I opened");
    } finally {
      await parentContext.close();
      await coachContext.close();
    }
  });
}
