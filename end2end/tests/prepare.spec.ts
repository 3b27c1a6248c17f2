// Preparing a meeting: a parent or young person answers one question per screen, chooses per answer
// who may read it, checks and sends. With and without JavaScript, offline, on two devices at once,
// with hostile input, and accessible at a phone's size. Every test uses a fresh person at Sam's
// table (the whole run shares one database).

import { test, expect, type BrowserContext, type Locator, type Page } from "@playwright/test";
import { DEMO, linkFor, signInWithLink, signInWithPassword, newPhoneContext, unique, waitingOnPhone } from "./support";
import {
  PARENT_QUESTIONS as PQ,
  YOUNG_QUESTIONS as YQ,
  SHARING,
  STATUS,
  answersOf,
  articleAnswers,
  checkAccessibility,
  checkAnswer,
  chooseSharing,
  expectPreviewEmpty,
  expectSharing,
  expectStep,
  expectedRows,
  familyContext,
  freshFamilyMember,
  hasSent,
  inputOf,
  prepareUrl,
  previewFor,
  saveState,
  shownSharing,
  waitForFlowReady,
  waitSaved,
  withoutVersion,
} from "./prepare-support";

const MEETING = `/meetings/${DEMO.meetingId}`;
const answerField = (page: Page) => page.locator("textarea#answer");
const button = (page: Page, name: string) => page.getByRole("button", { name, exact: true });

/** Marks the document, so a test can see that no new page was loaded since. */
async function markDocument(page: Page): Promise<void> {
  await page.evaluate(() => ((window as unknown as { __samePage: number }).__samePage = 1));
}
async function expectSameDocument(page: Page, what: string): Promise<void> {
  expect(
    await page.evaluate(() => (window as unknown as { __samePage?: number }).__samePage),
    `${what}: the screen changed without loading a new page`,
  ).toBe(1);
}

/** From the meeting page, through "Jouw voorbereiding", to the first question. */
async function openPrepareFromMeeting(page: Page): Promise<void> {
  await page.goto(MEETING);
  const prep = page.getByRole("region", { name: "Jouw voorbereiding" });
  await expect(prep.getByRole("heading", { level: 2 })).toHaveText("Jouw voorbereiding");
  const link = prep.getByRole("link", { name: "Voorbereiden" });
  await expect(link).toHaveAttribute("href", `${MEETING}/prepare`);
  await link.click();
  await expect(page).toHaveURL(prepareUrl());
}

test.describe("preparing with JavaScript", () => {
  test("a parent answers, skips, checks and sends; exactly the answers are stored", async ({ browser }) => {
    const me = await freshFamilyMember(browser, "parent");
    const page = me.page;
    const tag = unique();
    const A1 = `Hij lacht weer vaker.\nVoetbal op zaterdag gaat goed. (${tag}-1)`;
    const A2 = `Hij slaapt slecht en zit veel op zijn kamer. (${tag}-2)`;
    const A3 = `Rust op school, en één vast aanspreekpunt. (${tag}-3)`;
    const A5 = `Kan hij een rustige plek krijgen bij toetsen? (${tag}-5)`;
    try {
      await openPrepareFromMeeting(page);
      await waitForFlowReady(page);
      await markDocument(page);

      // 1: what should be different after the meeting; optional, skipped here.
      await expectStep(page, 1, 10, PQ[0].prompt);
      await expect(button(page, "Vorige vraag"), "no way back on the first question").toHaveCount(0);
      await button(page, "Overslaan").click();
      await expect(page).toHaveURL(prepareUrl(2));

      // 2: a required text question; parents' answers start on "everyone at the table".
      await expectStep(page, 2, 10, PQ[1].prompt);
      await expect(page.getByLabel(PQ[1].prompt)).toHaveAttribute("id", "answer");
      await expect(page.getByText("Denk aan thuis, school, vrienden, sport of hobby's.")).toBeVisible();
      await expect(answerField(page)).toHaveValue("");
      await expectSharing(page, "table");
      await expect(page.getByRole("radio", { name: /^Iedereen aan tafel/ })).toBeChecked();
      await expect(page.getByRole("radio", { name: new RegExp(`^${SHARING.mediator.replace(/[()]/g, "\\$&")}`) })).not.toBeChecked();
      await expect(page.getByRole("radio", { name: /^Nog niet, alleen ik/ })).not.toBeChecked();
      await expect(button(page, "Overslaan"), "a required question cannot be skipped").toHaveCount(0);
      await answerField(page).fill(A1);
      await waitSaved(page);
      await expect(saveState(page)).toHaveAttribute("role", "status");

      // 3: shared with the family coach only.
      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(3));
      await expectStep(page, 3, 10, PQ[2].prompt);
      await expect(button(page, "Vorige vraag")).toBeVisible();
      await expect(button(page, "Overslaan")).toHaveCount(0);
      await expectSharing(page, "table");
      await answerField(page).fill(A2);
      await chooseSharing(page, "mediator");
      await waitSaved(page);

      // 4: kept to myself for now.
      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(4));
      await expectStep(page, 4, 10, PQ[3].prompt);
      await answerField(page).fill(A3);
      await chooseSharing(page, "me");
      await waitSaved(page);

      // 5: optional. Back once first: question 4 still holds its answer and choice.
      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(5));
      await expectStep(page, 5, 10, PQ[4].prompt);
      await button(page, "Vorige vraag").click();
      await expect(page).toHaveURL(prepareUrl(4));
      await expectStep(page, 4, 10, PQ[3].prompt);
      await expect(answerField(page)).toHaveValue(A3);
      await expectSharing(page, "me");
      await button(page, "Volgende").click();
      await expectStep(page, 5, 10, PQ[4].prompt);
      await expect(button(page, "Overslaan")).toBeVisible();
      await button(page, "Overslaan").click();

      // 6: optional, answered.
      await expect(page).toHaveURL(prepareUrl(6));
      await expectStep(page, 6, 10, PQ[5].prompt);
      // A new question opens empty, on its own default (see the dedicated test below; soft here so
      // the rest of the flow is still checked).
      expect.soft(await answerField(page).inputValue(), "question 6 opens with an empty field").toBe("");
      await expectSharing(page, "table", { soft: true, why: "question 6 opens on \"Iedereen aan tafel\"" });
      await answerField(page).fill(A5);
      await waitSaved(page);

      // 7 to 10: left empty; the last one leads to checking.
      await button(page, "Volgende").click();
      await expectStep(page, 7, 10, PQ[6].prompt);
      await button(page, "Volgende").click();
      await expectStep(page, 8, 10, PQ[7].prompt);
      await button(page, "Volgende").click();
      await expectStep(page, 9, 10, PQ[8].prompt);
      await button(page, "Volgende").click();
      await expectStep(page, 10, 10, PQ[9].prompt);
      await expect(button(page, "Volgende")).toHaveCount(0);
      await button(page, "Naar controleren").click();
      await expect(page).toHaveURL(prepareUrl(11));
      await expectSameDocument(page, "steps 1 to the check page");

      await expectParentCheckPage(page, { A1, A2, A3, A5 });

      // "Wijzigen" leads back to the question, with the answer in place.
      await checkAnswer(page, PQ[2].prompt).getByRole("link", { name: /^Wijzigen/ }).click();
      await expect(page).toHaveURL(prepareUrl(3));
      await expectStep(page, 3, 10, PQ[2].prompt);
      await expect(answerField(page)).toHaveValue(A2);
      await expectSharing(page, "mediator");
      await expectSameDocument(page, "Wijzigen");

      // The check page loaded afresh from the server shows the same.
      await page.goto(`${MEETING}/prepare?step=11`);
      await expectParentCheckPage(page, { A1, A2, A3, A5 });

      // Exactly the answered questions are stored, once each, as typed.
      expect(withoutVersion(answersOf(me.personId))).toEqual(
        expectedRows([
          { question: "goes_well", body: A1, sharing: "table" },
          { question: "worries", body: A2, sharing: "mediator" },
          { question: "child_needs", body: A3, sharing: "me" },
          { question: "questions", body: A5, sharing: "table" },
        ]),
      );
      expect(hasSent(me.personId), "not sent yet").toBe(false);

      await button(page, "Versturen").click();
      await expect(page).toHaveURL(`${MEETING}?sent=1`);
      await expect(page.getByRole("status").filter({ hasText: "Je antwoorden zijn verstuurd." })).toBeVisible();
      expect(hasSent(me.personId), "sent").toBe(true);

      // My own answers on the meeting page, all of them (I wrote them), with my status.
      const mine = inputOf(page, me.name);
      await expect(page.getByRole("heading", { level: 2, name: "Voorbereiding", exact: true })).toBeVisible();
      await expect(mine).toContainText("verstuurd");
      expect(await articleAnswers(page, me.name)).toEqual({
        [PQ[1].prompt]: A1,
        [PQ[2].prompt]: A2,
        [PQ[3].prompt]: A3,
        [PQ[5].prompt]: A5,
      });

      // Sending changed nothing in the answers.
      expect(answersOf(me.personId)).toHaveLength(4);
    } finally {
      await me.context.close();
    }
  });

  test("offline: answers wait on the phone and are stored once when the connection returns", async ({ browser }) => {
    const me = await freshFamilyMember(browser, "parent");
    const { page, context } = me;
    const tag = unique();
    const A1 = `Eerste antwoord, met verbinding. (${tag}-1)`;
    const A2 = `Tweede antwoord, zonder verbinding.\nMet een tweede regel. (${tag}-2)`;
    const A3 = `Derde antwoord, ook zonder verbinding. (${tag}-3)`;
    try {
      await page.goto(`${MEETING}/prepare?step=2`);
      await waitForFlowReady(page);
      await expectStep(page, 2, 10, PQ[1].prompt);
      await answerField(page).fill(A1);
      await waitSaved(page);
      expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "goes_well", body: A1, sharing: "table" }]);

      await context.setOffline(true);
      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(3));
      await expectStep(page, 3, 10, PQ[2].prompt);
      await answerField(page).fill(A2);
      await expect(saveState(page)).toContainText(STATUS.offline, { timeout: 10_000 });
      await expect(saveState(page)).toContainText("gaat vanzelf mee zodra er weer verbinding is");

      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(4));
      await expectStep(page, 4, 10, PQ[3].prompt);
      await answerField(page).fill(A3);
      await expect(saveState(page)).toContainText(STATUS.offline, { timeout: 10_000 });

      // Both wait on the phone; nothing new reached the server.
      const waiting = JSON.parse((await waitingOnPhone(page)) ?? "{}");
      expect(waiting.worries?.body).toBe(A2);
      expect(waiting.child_needs?.body).toBe(A3);
      expect(answersOf(me.personId).map((r) => r.question)).toEqual(["goes_well"]);

      await context.setOffline(false);
      await waitSaved(page, 30_000);

      expect(withoutVersion(answersOf(me.personId))).toEqual(
        expectedRows([
          { question: "goes_well", body: A1, sharing: "table" },
          { question: "worries", body: A2, sharing: "table" },
          { question: "child_needs", body: A3, sharing: "table" },
        ]),
      );

      // After a reload the texts are still there (from the server, nothing waits on the phone).
      await page.reload();
      await expect(page).toHaveURL(prepareUrl(4));
      await expectStep(page, 4, 10, PQ[3].prompt);
      await expect(answerField(page)).toHaveValue(A3);
      await page.goto(`${MEETING}/prepare?step=3`);
      await expect(answerField(page)).toHaveValue(A2);
      await page.goto(`${MEETING}/prepare?step=11`);
      await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
      expect(await checkAnswer(page, PQ[1].prompt).locator(".own-words").textContent()).toBe(A1);
      expect(await checkAnswer(page, PQ[2].prompt).locator(".own-words").textContent()).toBe(A2);
      expect(await checkAnswer(page, PQ[3].prompt).locator(".own-words").textContent()).toBe(A3);

      // Still exactly once each.
      expect(answersOf(me.personId)).toHaveLength(3);
    } finally {
      await me.context.close();
    }
  });

  test("the same answer changed on two devices: both versions are shown and mine can be kept", async ({ browser }) => {
    const me = await freshFamilyMember(browser, "parent");
    const a = me.page;
    const session = (await me.context.cookies()).find((c) => c.name === "at_session");
    expect(session, "signed in on device A").toBeTruthy();
    const ctxB = await familyContext(browser);
    const tag = unique();
    const TEXT_A = `Versie van telefoon A. (${tag})`;
    const TEXT_B = `Versie van telefoon B, die ik wil houden. (${tag})`;
    try {
      await ctxB.addCookies([session!]);
      const b = await ctxB.newPage();

      // Both open the first question before either saves.
      await a.goto(`${MEETING}/prepare?step=2`);
      await b.goto(`${MEETING}/prepare?step=2`);
      await waitForFlowReady(a);
      await waitForFlowReady(b);
      await expectStep(b, 2, 10, PQ[1].prompt);
      await expect(answerField(b)).toHaveValue("");

      await answerField(a).fill(TEXT_A);
      await waitSaved(a);
      expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "goes_well", body: TEXT_A, sharing: "table" }]);

      await answerField(b).fill(TEXT_B);
      await expect(saveState(b)).toHaveText(STATUS.conflict);
      const box = b.getByRole("alert").filter({ has: b.getByRole("heading", { level: 2, name: "Twee versies" }) });
      await expect(box).toBeVisible();
      await expect(box.locator(".own-words")).toHaveText(TEXT_A);
      await expect(answerField(b), "my text stays in the field").toHaveValue(TEXT_B);
      // Nothing was overwritten.
      expect(answersOf(me.personId).map((r) => r.body)).toEqual([TEXT_A]);

      await box.getByRole("button", { name: "Mijn versie bewaren" }).click();
      await expect(saveState(b)).toHaveText(STATUS.saved);
      await expect(b.getByRole("heading", { level: 2, name: "Twee versies" })).toHaveCount(0);
      await expect(answerField(b)).toHaveValue(TEXT_B);
      await waitSaved(b);

      const rows = answersOf(me.personId);
      expect(withoutVersion(rows)).toEqual([{ question: "goes_well", body: TEXT_B, sharing: "table" }]);
      expect(rows[0].version, "A's save, then B's").toBe(2);
    } finally {
      await ctxB.close();
      await me.context.close();
    }
  });
});

test.describe("each question on its own screen", () => {
  test("the next question opens empty and on its own sharing, and what is shown is what is stored", async ({
    browser,
  }) => {
    const me = await freshFamilyMember(browser, "parent");
    const page = me.page;
    const tag = unique();
    const A3 = `Alleen voor mij, vraag 3. (${tag}-3)`;
    const A4 = `Vraag 4, zonder de keuze aan te raken. (${tag}-4)`;
    try {
      await page.goto(`${MEETING}/prepare?step=4`);
      await waitForFlowReady(page);
      await expectStep(page, 4, 10, PQ[3].prompt);
      await answerField(page).fill(A3);
      await chooseSharing(page, "me");
      await waitSaved(page);

      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(5));
      await expectStep(page, 5, 10, PQ[4].prompt);
      expect.soft(await answerField(page).inputValue(), "question 4 does not show question 3's answer").toBe("");
      const shown = await shownSharing(page);
      expect.soft(shown, "question 4 opens on the parent's default, \"Iedereen aan tafel\"").toBe("table");

      // Whatever is shown as chosen must be what is stored.
      await answerField(page).fill(A4);
      await waitSaved(page);
      const row = answersOf(me.personId).find((r) => r.question === "parent_needs");
      expect(row?.body).toBe(A4);
      expect(row?.sharing, `the screen showed "${shown}" as chosen; the server stored "${row?.sharing}"`).toBe(shown);
    } finally {
      await me.context.close();
    }
  });
});

test.describe("each scale question on its own screen", () => {
  test("the next scale question opens with nothing chosen", async ({ browser }) => {
    const young = await freshFamilyMember(browser, "young");
    const page = young.page;
    try {
      await page.goto(`${MEETING}/prepare?step=5`);
      await waitForFlowReady(page);
      await expectStep(page, 5, 12, YQ[4].prompt);
      await page.locator('label[for="answer-7"]').click();
      await expect(page.locator("#answer-7")).toBeChecked();
      await waitSaved(page);
      expect(answersOf(young.personId).map((r) => [r.question, r.body])).toEqual([["scale_school", "7"]]);

      await button(page, "Volgende").click();
      await expect(page).toHaveURL(prepareUrl(6));
      await expectStep(page, 6, 12, YQ[5].prompt);
      const chosen = await page.evaluate(() =>
        Array.from(document.querySelectorAll<HTMLInputElement>('main input[name="body"]'))
          .filter((r) => r.checked)
          .map((r) => r.id),
      );
      expect(chosen, "\"Hoe gaat het thuis?\" shows no score before one is chosen").toEqual([]);
      expect(answersOf(young.personId).map((r) => r.question), "nothing stored for scale_home").toEqual(["scale_school"]);
    } finally {
      await young.context.close();
    }
  });
});

/** The parent's check page for test 1: answers, choices, skipped questions and the preview. */
async function expectParentCheckPage(page: Page, t: { A1: string; A2: string; A3: string; A5: string }): Promise<void> {
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
  const answered: [number, string, string][] = [
    [1, t.A1, SHARING.table],
    [2, t.A2, SHARING.mediator],
    [3, t.A3, SHARING.me],
    [5, t.A5, SHARING.table],
  ];
  for (const [i, text, sharing] of answered) {
    const dd = checkAnswer(page, PQ[i].prompt);
    await expect(dd, PQ[i].prompt).toHaveCount(1);
    expect(await dd.locator(".own-words").textContent(), `answer to ${PQ[i].prompt}`).toBe(text);
    await expect(dd.locator(".meta")).toHaveText(`Wie leest dit: ${sharing}`);
    await expect(dd.getByRole("link", { name: /^Wijzigen/ })).toHaveAttribute("href", `?step=${i + 1}`);
  }
  for (const i of [0, 4, 6, 7, 8, 9]) {
    const dd = checkAnswer(page, PQ[i].prompt);
    await expect(dd, `${PQ[i].prompt} was skipped`).toContainText("Overgeslagen");
    await expect(dd.locator(".own-words")).toHaveCount(0);
  }
  await expect(
    page.getByRole("region", { name: "Wie ziet wat na het versturen?" }).getByRole("heading", { level: 3 }),
  ).toHaveText(["Gezinscoach", "Kind of jongere", "School", "Jeugdhulp"]);
  expect(await previewFor(page, "Gezinscoach")).toEqual([PQ[1].prompt, PQ[2].prompt, PQ[5].prompt]);
  for (const role of ["Kind of jongere", "School", "Jeugdhulp"]) {
    expect(await previewFor(page, role), `${role} reads only what is shared with the table`).toEqual([
      PQ[1].prompt,
      PQ[5].prompt,
    ]);
  }
  await expect(button(page, "Versturen")).toBeVisible();
}

test("without JavaScript every step posts and the server moves on", async ({ browser }) => {
  const me = await freshFamilyMember(browser, "parent", { javaScriptEnabled: false });
  const page = me.page;
  const tag = unique();
  const A1 = `Zonder JavaScript: het gaat goed met zwemmen. (${tag}-1)`;
  const A2 = `Zonder JavaScript: zorgen over huiswerk. (${tag}-2)`;
  const A3 = `Zonder JavaScript: vaste tijden. (${tag}-3)`;
  const A5 = `Zonder JavaScript: wie is de mentor? (${tag}-5)`;
  try {
    await openPrepareFromMeeting(page);
    await expectStep(page, 1, 10, PQ[0].prompt);
    await button(page, "Overslaan").click();
    await expect(page).toHaveURL(prepareUrl(2));
    await expectStep(page, 2, 10, PQ[1].prompt);
    await expectSharing(page, "table");
    await answerField(page).fill(A1);
    await button(page, "Volgende").click();

    await expect(page).toHaveURL(prepareUrl(3));
    await expectStep(page, 3, 10, PQ[2].prompt);
    await answerField(page).fill(A2);
    await chooseSharing(page, "mediator");
    await button(page, "Volgende").click();

    await expect(page).toHaveURL(prepareUrl(4));
    await expectStep(page, 4, 10, PQ[3].prompt);
    await answerField(page).fill(A3);
    await chooseSharing(page, "me");
    await button(page, "Volgende").click();

    await expect(page).toHaveURL(prepareUrl(5));
    await expectStep(page, 5, 10, PQ[4].prompt);
    // Back: the stored answer and choice come back from the server.
    await button(page, "Vorige vraag").click();
    await expect(page).toHaveURL(prepareUrl(4));
    await expect(answerField(page)).toHaveValue(A3);
    await expectSharing(page, "me");
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(5));
    await button(page, "Overslaan").click();

    await expect(page).toHaveURL(prepareUrl(6));
    await expectStep(page, 6, 10, PQ[5].prompt);
    await answerField(page).fill(A5);
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(7));
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(8));
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(9));
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(10));
    await button(page, "Naar controleren").click();
    await expect(page).toHaveURL(prepareUrl(11));

    await expectParentCheckPage(page, { A1, A2, A3, A5 });
    expect(withoutVersion(answersOf(me.personId))).toEqual(
      expectedRows([
        { question: "goes_well", body: A1, sharing: "table" },
        { question: "worries", body: A2, sharing: "mediator" },
        { question: "child_needs", body: A3, sharing: "me" },
        { question: "questions", body: A5, sharing: "table" },
      ]),
    );

    await button(page, "Versturen").click();
    await expect(page).toHaveURL(`${MEETING}?sent=1`);
    await expect(page.getByText("Je antwoorden zijn verstuurd.")).toBeVisible();
    expect(hasSent(me.personId)).toBe(true);
    expect(await articleAnswers(page, me.name)).toEqual({
      [PQ[1].prompt]: A1,
      [PQ[2].prompt]: A2,
      [PQ[3].prompt]: A3,
      [PQ[5].prompt]: A5,
    });
  } finally {
    await me.context.close();
  }
});

/** Answers the young person's questions 5 to 12 (scales, skip, choice, the last three left empty) and ends on the check page. */
async function answerYoungRest(page: Page): Promise<void> {
  await button(page, "Volgende").click();
  await expect(page).toHaveURL(prepareUrl(5));
  await expectStep(page, 5, 12, YQ[4].prompt);
  await page.locator('label[for="answer-7"]').click();
  await expect(page.locator("#answer-7")).toBeChecked();
  await button(page, "Volgende").click();
  await expect(page).toHaveURL(prepareUrl(6));
  await expectStep(page, 6, 12, YQ[5].prompt);
  await page.locator('label[for="answer-4"]').click();
  await expect(page.locator("#answer-4")).toBeChecked();
  await button(page, "Volgende").click();
  await expectStep(page, 7, 12, YQ[6].prompt);
  await button(page, "Overslaan").click();
  await expect(page).toHaveURL(prepareUrl(8));
  await expectStep(page, 8, 12, YQ[7].prompt);
  await page.locator('label[for="answer-part"]').click();
  await expect(page.locator("#answer-part")).toBeChecked();
  await button(page, "Volgende").click();
  await expectStep(page, 9, 12, YQ[8].prompt);
  for (const step of [10, 11, 12]) {
    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(step));
    await expectStep(page, step, 12, YQ[step - 1].prompt);
  }
  await button(page, "Naar controleren").click();
  await expect(page).toHaveURL(prepareUrl(13));
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer je antwoorden");
}

/** Asserts a page (and the raw HTML the server sends for it) never holds these texts. */
async function expectNowhere(page: Page, url: string, texts: string[], who: string): Promise<void> {
  await page.goto(url);
  await page.waitForLoadState("networkidle");
  const dom = await page.content();
  const raw = await (await page.context().request.get(url)).text();
  for (const t of texts) {
    expect(dom.includes(t), `${who} on ${url}: the page does not hold "${t}"`).toBe(false);
    expect(raw.includes(t), `${who} on ${url}: the server's HTML does not hold "${t}"`).toBe(false);
  }
}

test("a young person's answer for the family coach only is never shown to the parent or the school", async ({
  browser,
}) => {
  const young = await freshFamilyMember(browser, "young");
  const page = young.page;
  const tag = unique();
  const TABLE = `Gamen met mijn neef gaat goed. (${tag}-tafel)`;
  const SECRET = `Ik durf niet te zeggen dat ik gepest word. (${tag}-geheim)`;
  const ONLY_ME = `Dit houd ik nog even voor mezelf. (${tag}-alleen-ik)`;
  const others: BrowserContext[] = [];
  try {
    await openPrepareFromMeeting(page);
    await waitForFlowReady(page);

    await expectStep(page, 1, 12, YQ[0].prompt);
    await button(page, "Overslaan").click();
    await expect(page).toHaveURL(prepareUrl(2));
    await expectStep(page, 2, 12, YQ[1].prompt);
    await expectSharing(page, "mediator");
    await answerField(page).fill(TABLE);
    await chooseSharing(page, "table");
    await waitSaved(page);

    await button(page, "Volgende").click();
    await expect(page).toHaveURL(prepareUrl(3));
    await expectStep(page, 3, 12, YQ[2].prompt);
    // Soft: a known problem (see the dedicated test); the choice is made explicitly below anyway.
    await expectSharing(page, "mediator", {
      soft: true,
      why: `a young person's new answer opens on "${SHARING.mediator}"`,
    });
    await answerField(page).fill(SECRET);
    await chooseSharing(page, "mediator");
    await waitSaved(page);

    await button(page, "Volgende").click();
    await expectStep(page, 4, 12, YQ[3].prompt);
    await answerField(page).fill(ONLY_ME);
    await chooseSharing(page, "me");
    await waitSaved(page);

    await answerYoungRest(page);
    await waitSaved(page);

    await expect(checkAnswer(page, YQ[1].prompt).locator(".meta")).toHaveText(`Wie leest dit: ${SHARING.table}`);
    await expect(checkAnswer(page, YQ[2].prompt).locator(".meta")).toHaveText(`Wie leest dit: ${SHARING.mediator}`);
    await expect(checkAnswer(page, YQ[3].prompt).locator(".meta")).toHaveText(`Wie leest dit: ${SHARING.me}`);
    await expect(checkAnswer(page, YQ[4].prompt).locator(".own-words")).toHaveText("🙂 7 / 10");
    await expect(checkAnswer(page, YQ[5].prompt).locator(".own-words")).toHaveText("🙁 4 / 10");
    await expect(checkAnswer(page, YQ[7].prompt).locator(".own-words")).toHaveText(
      "Ik ben er een deel van het gesprek bij",
    );
    await expect(
      page.getByRole("region", { name: "Wie ziet wat na het versturen?" }).getByRole("heading", { level: 3 }),
    ).toHaveText(["Gezinscoach", "Ouder of verzorger", "School", "Jeugdhulp"]);
    expect(await previewFor(page, "Gezinscoach")).toEqual([
      YQ[1].prompt,
      YQ[2].prompt,
      YQ[4].prompt,
      YQ[5].prompt,
      YQ[7].prompt,
    ]);
    for (const role of ["Ouder of verzorger", "School", "Jeugdhulp"]) {
      expect(await previewFor(page, role), role).toEqual([YQ[1].prompt]);
    }

    await button(page, "Versturen").click();
    await expect(page).toHaveURL(`${MEETING}?sent=1`);
    await expect(page.getByText("Je antwoorden zijn verstuurd.")).toBeVisible();
    expect(withoutVersion(answersOf(young.personId))).toEqual(
      expectedRows([
        { question: "good_things", body: TABLE, sharing: "table" },
        { question: "worries", body: SECRET, sharing: "mediator" },
        { question: "wishes", body: ONLY_ME, sharing: "me" },
        { question: "scale_school", body: "7", sharing: "mediator" },
        { question: "scale_home", body: "4", sharing: "mediator" },
        { question: "take_part", body: "part", sharing: "mediator" },
      ]),
    );

    // The parent (Fatima, signed in with a fresh link).
    const parentCtx = await newPhoneContext(browser);
    others.push(parentCtx);
    const parent = await parentCtx.newPage();
    await signInWithLink(parent, linkFor("parent"), DEMO.people.parent.name);
    await parent.goto(MEETING);
    expect(await articleAnswers(parent, young.name), "the parent reads only the table answer").toEqual({
      [YQ[1].prompt]: TABLE,
    });
    await expect(inputOf(parent, young.name), "the parent does not see the young person's status").not.toContainText(
      "Status:",
    );
    await expectNowhere(parent, MEETING, [SECRET, ONLY_ME], "parent");
    await expectNowhere(parent, `/cases/${DEMO.caseId}`, [SECRET, ONLY_ME], "parent");

    // The school.
    const schoolCtx = await newPhoneContext(browser);
    others.push(schoolCtx);
    const school = await schoolCtx.newPage();
    await signInWithPassword(school, DEMO.people.school.email);
    await school.goto(MEETING);
    expect(await articleAnswers(school, young.name), "the school reads only the table answer").toEqual({
      [YQ[1].prompt]: TABLE,
    });
    await expectNowhere(school, MEETING, [SECRET, ONLY_ME], "school");
    await expectNowhere(school, `/cases/${DEMO.caseId}`, [SECRET, ONLY_ME], "school");

    // The family coach reads both, marked, and the status; not what the young person kept.
    const coachCtx = await newPhoneContext(browser);
    others.push(coachCtx);
    const coach = await coachCtx.newPage();
    await signInWithPassword(coach, DEMO.people.mediator.email);
    await coach.goto(MEETING);
    const art = inputOf(coach, young.name);
    await expect(art).toContainText("verstuurd");
    expect(await articleAnswers(coach, young.name)).toEqual({
      [YQ[1].prompt]: TABLE,
      [YQ[2].prompt]: SECRET,
      [YQ[4].prompt]: "🙂 7 / 10",
      [YQ[5].prompt]: "🙁 4 / 10",
      [YQ[7].prompt]: "Ik ben er een deel van het gesprek bij",
    });
    await expect(
      art.locator("dd").filter({ hasText: SECRET }).locator(".meta"),
      "the coach sees the answer is for them only",
    ).toHaveText("Alleen voor de gezinscoach");
    await expectNowhere(coach, MEETING, [ONLY_ME], "family coach");
  } finally {
    for (const c of others) await c.close();
    await young.context.close();
  }
});

test("accessibility of the prepare flow at phone size", async ({ browser }) => {
  const young = await freshFamilyMember(browser, "young");
  const { page, context } = young;
  const tag = unique();
  try {
    await page.goto(`${MEETING}/prepare`);
    await waitForFlowReady(page);
    await expectStep(page, 1, 12, YQ[0].prompt);
    await button(page, "Overslaan").click();
    await expectStep(page, 2, 12, YQ[1].prompt);
    await checkAccessibility(page, "text step (young, empty)");
    await answerField(page).fill(`Tekenen en muziek. (${tag}-1)`);
    await waitSaved(page);
    await checkAccessibility(page, "text step (young, saved)");

    // The offline status.
    await context.setOffline(true);
    await answerField(page).fill(`Tekenen, muziek en skaten. (${tag}-1)`);
    await expect(saveState(page)).toContainText(STATUS.offlineYoung, { timeout: 10_000 });
    await checkAccessibility(page, "text step with the offline status");
    await context.setOffline(false);
    await waitSaved(page, 30_000);

    await button(page, "Volgende").click();
    await expectStep(page, 3, 12, YQ[2].prompt);
    await answerField(page).fill(`Wiskunde. (${tag}-2)`);
    await button(page, "Volgende").click();
    await expectStep(page, 4, 12, YQ[3].prompt);
    await answerField(page).fill(`Minder huiswerk. (${tag}-3)`);
    await button(page, "Volgende").click();

    await expectStep(page, 5, 12, YQ[4].prompt);
    await expect(page.locator(".scale-option label")).toHaveCount(10);
    await checkAccessibility(page, "scale step (young)");
    await page.locator('label[for="answer-6"]').click();
    await expect(page.locator("#answer-6")).toBeChecked();
    await checkAccessibility(page, "scale step (young, chosen)");
    await button(page, "Volgende").click();
    await expectStep(page, 6, 12, YQ[5].prompt);
    await page.locator('label[for="answer-8"]').click();
    await button(page, "Volgende").click();
    await expectStep(page, 7, 12, YQ[6].prompt);
    await button(page, "Overslaan").click();

    await expectStep(page, 8, 12, YQ[7].prompt);
    await expect(page.locator('main input[name="body"][type="radio"]')).toHaveCount(5);
    for (const id of ["answer-whole", "answer-part", "answer-spokesperson", "answer-written", "answer-not_sure"]) {
      await expect(page.locator(`#${id}`)).toHaveCount(1);
    }
    await checkAccessibility(page, "choice step (young)");
    await page.locator('label[for="answer-whole"]').click();
    await expect(page.locator("#answer-whole")).toBeChecked();
    await button(page, "Volgende").click();
    await expectStep(page, 9, 12, YQ[8].prompt);
    for (const step of [10, 11, 12]) {
      await button(page, "Volgende").click();
      await expectStep(page, step, 12, YQ[step - 1].prompt);
    }
    await button(page, "Naar controleren").click();
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer je antwoorden");
    await waitSaved(page);
    await checkAccessibility(page, "check page (young)");

    // The check page as the server renders it.
    await page.goto(`${MEETING}/prepare?step=13`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer je antwoorden");
    await checkAccessibility(page, "check page (young, loaded)");

    await button(page, "Versturen").click();
    await expect(page).toHaveURL(`${MEETING}?sent=1`);
    await expect(page.getByRole("heading", { level: 2, name: "Voorbereiding", exact: true })).toBeVisible();
    await expect(inputOf(page, young.name)).toContainText(`Wiskunde. (${tag}-2)`);
    await page.waitForLoadState("networkidle");
    await checkAccessibility(page, "meeting page after sending, with the Voorbereiding section");
  } finally {
    await context.close();
  }
});

test("hostile input is stored exactly and shown as text, never run", async ({ browser }) => {
  const me = await freshFamilyMember(browser, "parent");
  const page = me.page;
  const tag = unique();
  const HOSTILE = `<script>window.__pwned=1</script> 😀👍🏽 مرحبا بالعالم (${tag})`;
  const A2 = `Gewone zorgen. (${tag}-2)`;
  const A3 = `Een vaste plek om huiswerk te maken. (${tag}-3)`;
  const others: BrowserContext[] = [];
  try {
    await page.goto(`${MEETING}/prepare?step=2`);
    await waitForFlowReady(page);
    await answerField(page).fill(HOSTILE);
    await waitSaved(page);
    expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "goes_well", body: HOSTILE, sharing: "table" }]);
    await expect(answerField(page)).toHaveValue(HOSTILE);

    await button(page, "Volgende").click();
    await expectStep(page, 3, 10, PQ[2].prompt);
    await answerField(page).fill(A2);
    await button(page, "Volgende").click();
    await expectStep(page, 4, 10, PQ[3].prompt);
    await answerField(page).fill(A3);
    await waitSaved(page);

    // Back to question 2 after a reload: the field holds the text exactly.
    await page.goto(`${MEETING}/prepare?step=2`);
    await expect(answerField(page)).toHaveValue(HOSTILE);
    expect(await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned)).toBeUndefined();

    await page.goto(`${MEETING}/prepare?step=11`);
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Controleer uw antwoorden");
    await waitForFlowReady(page);
    await expectShownAsText(page, checkAnswer(page, PQ[1].prompt).locator(".own-words"), HOSTILE, "check page");
    const rawPrepare = await (await me.context.request.get(`${MEETING}/prepare?step=11`)).text();
    expect(rawPrepare, "the prepare page never sends the answer as markup").not.toContain(
      "<script>window.__pwned=1</script>",
    );

    expect(withoutVersion(answersOf(me.personId))).toEqual(
      expectedRows([
        { question: "goes_well", body: HOSTILE, sharing: "table" },
        { question: "worries", body: A2, sharing: "table" },
        { question: "child_needs", body: A3, sharing: "table" },
      ]),
    );

    await button(page, "Versturen").click();
    await expect(page).toHaveURL(`${MEETING}?sent=1`);
    await page.waitForLoadState("networkidle");
    await expectShownAsText(page, answerIn(page, me.name, PQ[1].prompt), HOSTILE, "own meeting page");

    const coachCtx = await newPhoneContext(browser);
    others.push(coachCtx);
    const coach = await coachCtx.newPage();
    await signInWithPassword(coach, DEMO.people.mediator.email);
    await coach.goto(MEETING);
    await coach.waitForLoadState("networkidle");
    await expectShownAsText(coach, answerIn(coach, me.name, PQ[1].prompt), HOSTILE, "family coach's meeting page");
    const raw = await (await coachCtx.request.get(MEETING)).text();
    expect(raw, "the server escapes the answer").toContain("&lt;script&gt;window.__pwned=1&lt;/script&gt;");
    expect(raw, "the server never sends the answer as markup").not.toContain("<script>window.__pwned=1</script>");
  } finally {
    for (const c of others) await c.close();
    await me.context.close();
  }
});

test("an answer of 100 KB is refused with a plain message; the saved answer stays", async ({ browser }) => {
  const me = await freshFamilyMember(browser, "parent");
  const page = me.page;
  const tag = unique();
  const BEFORE = `Zorgen, eerst zo bewaard. (${tag}-2)`;
  const AFTER = `Zorgen, daarna anders bewaard. (${tag}-2b)`;
  const block = "Dit is een heel lang verhaal over school en thuis. ";
  const HUGE = block.repeat(Math.ceil(100_000 / block.length)).slice(0, 100_000);
  try {
    await page.goto(`${MEETING}/prepare?step=3`);
    await waitForFlowReady(page);
    await expectStep(page, 3, 10, PQ[2].prompt);
    await answerField(page).fill(BEFORE);
    await waitSaved(page);
    expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "worries", body: BEFORE, sharing: "table" }]);

    // 100 KB pasted: refused with a plain message; the text stays in the field.
    await answerField(page).fill(HUGE);
    await expect.soft(saveState(page), "the status line says the answer is too long").toHaveText(STATUS.tooLong, {
      timeout: 15_000,
    });
    expect.soft((await answerField(page).inputValue()).length, "the pasted text stays in the field").toBe(HUGE.length);
    await page.waitForTimeout(1500);
    expect(shortRows(answersOf(me.personId)), "the answer saved before is unchanged").toEqual([
      { question: "worries", body: BEFORE, sharing: "table" },
    ]);

    // A normal answer is saved again.
    await answerField(page).fill(AFTER);
    await waitSaved(page);
    expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "worries", body: AFTER, sharing: "table" }]);
  } finally {
    await me.context.close();
  }
});

test("a too-long answer that reaches the server is refused with the plain message", async ({ browser }) => {
  // The field's maxlength counts UTF-16 units and the server counts characters, so only a field
  // without the limit (here: removed) lets the server's own check be seen.
  const me = await freshFamilyMember(browser, "parent");
  const page = me.page;
  const tag = unique();
  const BEFORE = `Eerst bewaard. (${tag})`;
  const LONG = "x".repeat(10_001);
  try {
    await page.goto(`${MEETING}/prepare?step=3`);
    await waitForFlowReady(page);
    await answerField(page).fill(BEFORE);
    await waitSaved(page);
    await answerField(page).evaluate((el) => el.removeAttribute("maxlength"));
    await answerField(page).fill(LONG);
    await expect(saveState(page)).toHaveText(STATUS.tooLong, { timeout: 15_000 });
    await expect(answerField(page), "the typed text stays in the field").toHaveValue(LONG);
    expect(withoutVersion(answersOf(me.personId))).toEqual([{ question: "worries", body: BEFORE, sharing: "table" }]);
  } finally {
    await me.context.close();
  }
});

/** Stored rows with long bodies cut short, so a failure report stays readable. */
function shortRows(rows: { question: string; body: string; sharing: string }[]) {
  return rows.map(({ question, body, sharing }) => ({
    question,
    body: body.length > 200 ? `${body.slice(0, 60)}… (${body.length} characters)` : body,
    sharing,
  }));
}

/** The answer text under one question in a person's article on the meeting page. */
function answerIn(page: Page, name: string, prompt: string): Locator {
  return inputOf(page, name)
    .locator("dt")
    .filter({ hasText: prompt })
    .locator("xpath=following-sibling::dd[1]")
    .locator(".own-words");
}

async function expectShownAsText(
  page: Page,
  words: Locator,
  text: string,
  where: string,
): Promise<void> {
  await expect(words, where).toHaveCount(1);
  expect(await words.textContent(), `${where}: the answer is shown exactly`).toBe(text);
  await expect(words.locator("*"), `${where}: the answer is plain text, no elements`).toHaveCount(0);
  expect(
    await page.evaluate(() => (window as unknown as { __pwned?: unknown }).__pwned),
    `${where}: the script in the answer did not run`,
  ).toBeUndefined();
}
