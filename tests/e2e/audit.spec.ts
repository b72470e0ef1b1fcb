import { randomUUID } from "node:crypto";
import { readFile } from "node:fs/promises";
import { expect, test, type Page } from "@playwright/test";
import Papa from "papaparse";
import { addPasswordHere, createCustomer, inviteTechnician, signUpWorkspace } from "./flows";

const viewports = [
  { width: 1366, height: 900 },
  { width: 390, height: 844 },
];


/** Reveals a password from its customer's page (table row or card, whichever the screen shows). */
async function revealPassword(page: Page, customerPath: string, name: string, secret: string) {
  await page.goto(customerPath);
  const row = page.locator("[data-credential-id]:visible", { hasText: name }).first();
  await row.getByRole("button", { name: /^Reveal password/ }).click();
  await expect(row.getByText(secret)).toBeVisible();
}

/** The audit log's events as shown: table rows on wide screens, cards on phones. */
const shownEvents = (page: Page) => page.locator("[data-audit-event]:visible");

for (const viewport of viewports) {
  test(`the audit log reads in words, links to the password, filters and exports as CSV at ${viewport.width}×${viewport.height}`, async ({ page, browser }, testInfo) => {
    test.setTimeout(180_000);
    await page.setViewportSize(viewport);
    const id = randomUUID().slice(0, 8);
    const secret = `Domain-Secret-${id}-7!`;
    const slug = await signUpWorkspace(page, `Audit MSP ${id}`, `owner-${id}@example.test`);
    await createCustomer(page, slug, "Northwind");
    const customerPath = new URL(page.url()).pathname;
    await addPasswordHere(page, "Domain admin", secret);
    await revealPassword(page, customerPath, "Domain admin", secret);
    const credentialId = await page.locator("[data-credential-id]:visible", { hasText: "Domain admin" }).first().getAttribute("data-credential-id");

    // A technician reveals it too, so the member filter has someone to tell apart.
    const technician = await inviteTechnician(page, browser, slug, `tech-${id}@example.test`);
    await technician.setViewportSize(viewport);
    await revealPassword(technician, customerPath, "Domain admin", secret);
    await technician.context().close();

    await page.goto(`/${slug}/audit`);
    await expect(page.getByRole("heading", { name: "Audit log", level: 1 })).toBeVisible();
    await expect(shownEvents(page).filter({ hasText: "Revealed password" })).toHaveCount(2);
    await expect(shownEvents(page).filter({ hasText: "credential.revealed" })).toHaveCount(0);
    const link = page.getByRole("link", { name: "Domain admin" }).first();
    await expect(link).toBeVisible();
    await expect(link).toHaveAttribute("href", `${customerPath}?credential=${credentialId}`);
    await expect(link).toHaveAttribute("title", `password ${credentialId}`);
    await page.screenshot({ path: testInfo.outputPath(`audit-log-${viewport.width}x${viewport.height}.png`), fullPage: true });

    // Filter by action, then by member: the filters live in the URL and survive a reload. On a phone they wait
    // behind a "Filters" button, and come back open after the reload since a filter is on.
    if (viewport.width < 640) await page.getByRole("button", { name: "Filters", exact: true }).click();
    await page.getByLabel("Action").selectOption({ label: "Revealed password" });
    await expect(page).toHaveURL(/[?&]action=credential\.revealed/);
    await expect(shownEvents(page)).toHaveCount(2);
    await page.getByLabel("Member").selectOption({ label: `Tina Technician (tech-${id}@example.test)` });
    await expect(page).toHaveURL(/[?&]member=[0-9a-f-]{36}/);
    await expect(shownEvents(page)).toHaveCount(1);
    await page.reload();
    await expect(page.getByLabel("Action")).toHaveValue("credential.revealed");
    await expect(shownEvents(page)).toHaveCount(1);
    await expect(shownEvents(page).first()).toContainText(`tech-${id}@example.test`);
    await page.screenshot({ path: testInfo.outputPath(`audit-log-filtered-${viewport.width}x${viewport.height}.png`), fullPage: true });

    // The export carries the same filter, in words.
    const downloading = page.waitForEvent("download");
    await page.getByRole("button", { name: "Export CSV" }).click();
    const download = await downloading;
    expect(download.suggestedFilename()).toMatch(new RegExp(`^${slug}-audit-log-\\d{4}-\\d\\d-\\d\\d\\.csv$`));
    const text = (await readFile((await download.path())!, "utf8")).replace(/^\uFEFF/, "");
    const rows = Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
    expect(rows.map((r) => [r.Member, r.Action, r.Target, r["Target type"], r.Customer, r["Target id"]])).toEqual([
      [`tech-${id}@example.test`, "Revealed password", "Domain admin", "password", "Northwind", credentialId],
    ]);
    expect(text).not.toContain(secret);

    // The export is itself in the log; the name links to the password on its customer's page.
    await page.getByRole("button", { name: "Clear filters" }).click();
    await expect(page).toHaveURL(new RegExp(`/${slug}/audit$`));
    await page.getByLabel("Action").selectOption({ label: "Exported audit log" });
    await expect(shownEvents(page)).toHaveCount(1);
    await page.getByRole("button", { name: "Clear filters" }).click();
    await page.getByRole("link", { name: "Domain admin" }).first().click();
    await expect(page).toHaveURL(`${customerPath}?credential=${credentialId}`);
    await expect(page.getByRole("heading", { name: "Northwind" })).toBeVisible();
  });
}
