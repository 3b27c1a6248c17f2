// Mail, at a phone's size, with and without JavaScript, through a real SMTP server that the
// end-to-end server starts (.ci/e2e-server keeps every mail in end2end/.tmp/mail): the coach
// invites a parent with an address and the invitation's link signs them in; the parent says yes
// to mail on the mail page; on a new phone "Stuur mij een nieuwe link" sends a link that works;
// the stop link's page stops the mail; the coach sees what was sent. axe on every mail page.

import { test, expect } from "@playwright/test";
import { execFileSync } from "node:child_process";
import path from "node:path";
import { DEMO, REPO_ROOT, checkAccessibility, confirmOwnPhone, newPhoneContext, signInWithPassword, unique } from "./support";

interface Mail {
  rcpt: string;
  subject: string;
  text: string;
  list_unsubscribe: string;
}

/** Every mail the SMTP server took, decoded (the same reader as the server's mail tests). */
function mails(): Mail[] {
  const out = execFileSync("/usr/bin/python3", [
    path.join(REPO_ROOT, "server/tests/common/read_maildir.py"),
    path.join(REPO_ROOT, "end2end/.tmp/mail"),
  ]);
  return JSON.parse(out.toString()) as Mail[];
}

/**
 * Waits for a mail with this subject to an address (the mail worker runs every second). Other
 * mail may come in between: once the parent says yes, news about the demo meeting goes too.
 */
async function mailTo(address: string, subject: string): Promise<Mail> {
  const find = () => mails().find((m) => m.rcpt.includes(address) && m.subject === subject);
  await expect.poll(() => find() !== undefined, { timeout: 20_000 }).toBe(true);
  return find()!;
}

function linkIn(m: Mail): string {
  const found = m.text.match(/http:\/\/127\.0\.0\.1:3100\/invite\/[A-Za-z0-9_-]{43}/);
  expect(found, m.text).not.toBeNull();
  return found![0];
}

for (const javaScriptEnabled of [true, false]) {
  const mode = javaScriptEnabled ? "with JavaScript" : "without JavaScript";

  test(`mail reaches a parent, a new link can be asked for, and the mail can be stopped (${mode})`, async ({ browser }) => {
    test.setTimeout(120_000);
    const name = `Ouder${unique()}`;
    const address = `${name.toLowerCase()}@test.invalid`;
    const coachContext = await newPhoneContext(browser, { javaScriptEnabled });
    const parentContext = await newPhoneContext(browser, { javaScriptEnabled });
    const newPhone = await newPhoneContext(browser, { javaScriptEnabled });
    try {
      // The coach invites a parent with an address.
      const coach = await coachContext.newPage();
      await signInWithPassword(coach, DEMO.people.mediator.email);
      await coach.goto("/cases/1/invite");
      await coach.getByLabel("Naam", { exact: true }).fill(`${name} Jansen`);
      await coach.getByLabel("E-mailadres").fill(address);
      await coach.getByRole("group", { name: "Rol aan tafel" }).getByRole("radio", { name: /^Ouder of verzorger/ }).check();
      await coach.getByRole("button", { name: "Link maken" }).click();
      await expect(coach.locator("code.link-box")).toHaveText(/\/invite\/[A-Za-z0-9_-]{43}$/);

      const invitation = await mailTo(address, "Uitnodiging voor een overleg");
      expect(invitation.text).toContain(`Beste ${name},`);
      expect(invitation.text).not.toContain("Jansen");
      const parent = await parentContext.newPage();
      await parent.goto(linkIn(invitation));
      await expect(parent.getByRole("heading", { level: 1, name: `Welkom, ${name} Jansen` })).toBeVisible();
      await confirmOwnPhone(parent);
      await parent.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
      await expect(parent).toHaveURL(/\/cases\/1$/);

      // The parent says yes to mail.
      await parent.getByRole("link", { name: "Mail", exact: true }).click();
      await expect(parent.getByRole("heading", { level: 1 })).toHaveText("Mail van Aan Tafel");
      await expect(parent.getByText(address)).toBeVisible();
      const only = parent.getByRole("radio", { name: "Alleen een uitnodiging als ik bij een nieuw overleg kom" });
      await expect(only).toBeChecked();
      if (javaScriptEnabled) await checkAccessibility(parent, "mail page", true);
      await parent.getByRole("radio", { name: /^Alle mail\./ }).check();
      await parent.getByRole("button", { name: "Keuze bewaren" }).click();
      await expect(parent.getByRole("status")).toContainText("Uw keuze is bewaard.");
      await expect(parent.getByRole("radio", { name: /^Alle mail\./ })).toBeChecked();

      // On a new phone, without the link: "Stuur mij een nieuwe link" from the sign-in page.
      const phone = await newPhone.newPage();
      await phone.goto("/sign-in");
      await phone.getByRole("link", { name: "Stuur mij een nieuwe link" }).click();
      await expect(phone).toHaveURL(/\/new-link$/);
      if (javaScriptEnabled) await checkAccessibility(phone, "new link page", true);
      await phone.getByLabel("Uw mailadres").fill("geen adres");
      await phone.getByRole("button", { name: "Stuur de link" }).click();
      await expect(phone.locator(".error-summary")).toBeVisible();
      await phone.getByLabel("Uw mailadres").fill(address);
      await phone.getByRole("button", { name: "Stuur de link" }).click();
      await expect(phone.getByRole("status")).toContainText("Is dit adres bij ons bekend?");
      const newLink = await mailTo(address, "Uw nieuwe link voor Aan Tafel");
      await phone.goto(linkIn(newLink));
      await confirmOwnPhone(phone);
      await phone.getByRole("button", { name: "Inloggen op dit apparaat" }).click();
      // A link asked for belongs to no table: it opens the start page, signed in.
      await expect(phone).toHaveURL(/:3100\/$/);
      await expect(phone.locator("header").getByRole("button", { name: /^Uitloggen/ })).toBeVisible();

      // The stop link at the bottom of every mail: one button, then no more mail.
      await phone.goto(newLink.list_unsubscribe.replace(/^<|>$/g, ""));
      await expect(phone.getByRole("heading", { level: 1 })).toHaveText("Geen mail meer");
      if (javaScriptEnabled) await checkAccessibility(phone, "stop mail page", true);
      await phone.getByRole("button", { name: "Stop de mail" }).click();
      await expect(phone.getByRole("status")).toContainText("Aan Tafel stuurt u geen mail meer.");
      await parent.goto("/mail");
      await expect(parent.getByRole("radio", { name: "Geen mail" })).toBeChecked();

      // The coach sees what was sent.
      await coach.goto("/");
      await coach.goto("/cases/1");
      await coach.getByRole("link", { name: "Verstuurde mail" }).click();
      await expect(coach).toHaveURL(/\/cases\/1\/mail$/);
      // (Other mail to the parent, such as news about the demo meeting, may be listed too.)
      const line = coach.locator("li.card", { hasText: `${name} Jansen` }).filter({ hasText: "Uitnodiging voor een overleg" });
      await expect(line).toHaveCount(1);
      await expect(line).toContainText("Verstuurd");
      if (javaScriptEnabled) await checkAccessibility(coach, "sent mail page");
    } finally {
      await coachContext.close();
      await parentContext.close();
      await newPhone.close();
    }
  });
}
