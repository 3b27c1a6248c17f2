// Passkeys in Chromium with a virtual authenticator (CDP WebAuthn): a professional adds one on
// the security page, a password alone no longer signs them in, and the passkey does. A passkey
// belongs to a named host, never to an IP address, so this spec works at http://localhost:3100.
import { test, expect, devices } from "@playwright/test";
import { dbQuery } from "./prepare-support";
import { choosePassword, freshProfessional } from "./session-support";

const LOCAL = "http://localhost:3100";

test("a professional adds a passkey and signs in with it; the password alone is refused", async ({ browser }) => {
  const pro = await freshProfessional(browser, "Passkey");
  const context = await browser.newContext({ ...devices["Pixel 7"], locale: "nl-NL", baseURL: LOCAL });
  try {
    const page = await context.newPage();
    const cdp = await context.newCDPSession(page);
    await cdp.send("WebAuthn.enable");
    await cdp.send("WebAuthn.addVirtualAuthenticator", {
      options: {
        protocol: "ctap2",
        transport: "internal",
        hasResidentKey: true,
        hasUserVerification: true,
        isUserVerified: true,
        automaticPresenceSimulation: true,
      },
    });
    const violations: string[] = [];
    page.on("console", (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });

    // The first link only lets them choose a password.
    await choosePassword(page, pro);

    await page.goto("/security");
    await expect(page.getByRole("heading", { level: 1 })).toHaveText("Inloggen en veiligheid");
    await expect(page.getByText("U hebt nog geen passkey.")).toBeVisible();
    await page.getByLabel("Naam van het apparaat").fill("Telefoon van het werk");
    await page.getByRole("button", { name: "Passkey toevoegen" }).click();
    await expect(page.getByText("Telefoon van het werk")).toBeVisible();
    await expect(page.getByText("Nog niet gebruikt.")).toBeVisible();
    expect(dbQuery(`SELECT name FROM passkeys WHERE person_id = ${pro.personId}`)).toEqual([
      { name: "Telefoon van het werk" },
    ]);

    await page.getByRole("button", { name: /^Uitloggen \(/ }).click();
    await expect(page).toHaveURL(`${LOCAL}/`);
    await page.goto("/sign-in");
    await page.getByLabel("E-mailadres").fill(pro.email);
    await page.getByLabel("Wachtwoord").fill(pro.password);
    await page.getByRole("button", { name: "Inloggen", exact: true }).click();
    await expect(page.getByRole("alert").filter({ hasText: "Dit account logt in met een passkey" })).toBeVisible();
    await expect(page.getByLabel("E-mailadres"), "the address stays filled in").toHaveValue(pro.email);

    await page.getByRole("button", { name: "Inloggen met passkey" }).click();
    await expect(page.getByRole("heading", { level: 1, name: "Mijn gesprekken" })).toBeVisible();
    await expect(page.getByRole("status").filter({ hasText: "is er een passkey aan uw account toegevoegd" })).toBeVisible();
    const [used] = dbQuery<{ used: number }>(
      `SELECT last_used_at IS NOT NULL AS used FROM passkeys WHERE person_id = ${pro.personId}`,
    );
    expect(used.used).toBe(1);
    const signIns = dbQuery(
      `SELECT target FROM audit_log WHERE person_id = ${pro.personId} AND action = 'sign_in' ORDER BY id`,
    );
    expect(signIns).toEqual([{ target: "method:passkey" }]);
    expect(violations, "no CSP violations").toEqual([]);
  } finally {
    await context.close();
  }
});

test("without a passkey on the device, signing in with one says so in plain words", async ({ browser }) => {
  const context = await browser.newContext({ ...devices["Pixel 7"], locale: "nl-NL", baseURL: LOCAL });
  try {
    const page = await context.newPage();
    await page.goto("/sign-in");
    await page.getByLabel("E-mailadres").fill("niemand-met-passkey@example.invalid");
    await page.getByRole("button", { name: "Inloggen met passkey" }).click();
    await expect(page.locator("#passkey-message")).toHaveText(/Inloggen met een passkey lukte niet/);
    await expect(page).toHaveURL(`${LOCAL}/sign-in`);
  } finally {
    await context.close();
  }
});
