import path from "node:path";
import { expect, type Browser, type Locator, type Page } from "@playwright/test";
import postgres from "postgres";
import { E2E_DATA_DIR } from "../../playwright.config";
import { readMailbox } from "../../server/email/mailbox";
import type { PostgresTarget } from "../support/targets";

/** The password every e2e account signs up with. */
export const PASSWORD = "correct horse battery staple 42!";

/**
 * The path and query of the newest `/linkPath?token=` link mailed to `to`, read where the server (no email provider)
 * keeps account mail: the operator's mailbox in its data directory. Waits for it: the server mails after answering.
 */
export async function mailedLink(to: string, linkPath: string): Promise<string> {
  const pattern = new RegExp(`https?://\\S+/${linkPath}\\?token=\\S+`);
  let link: string | undefined;
  await expect
    .poll(async () => {
      const mail = await readMailbox(path.resolve(E2E_DATA_DIR, "mail"), { to });
      link = mail.map((m) => m.text.match(pattern)?.[0]).find(Boolean);
      return link;
    }, { message: `a ${linkPath} link mailed to ${to}` })
    .toBeTruthy();
  const url = new URL(link!);
  return url.pathname + url.search;
}

/**
 * Signs an owner up for a new workspace named `company`: the form, then the link mailed to them, then their
 * password; they land in the workspace. Returns its slug.
 */
export async function signUpWorkspace(page: Page, company: string, email: string): Promise<string> {
  await page.goto("/signup");
  await page.getByLabel("Company name").fill(company);
  await page.getByLabel("Your name").fill("Olivia Owner");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  await expect(page.getByText("Check your email")).toBeVisible();
  await page.goto(await mailedLink(email, "signup/confirm"));
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Create workspace" }).click();
  // Creating the workspace hashes the password and writes its first rows: slower than a click on a busy machine.
  await expect(page).toHaveURL(new RegExp(`/${company.toLowerCase().replace(/[^a-z0-9]+/g, "-")}$`), { timeout: 15_000 });
  return new URL(page.url()).pathname.slice(1);
}

/** Signs in on /login with email and password (the exact "Sign in" button: "Sign in with SSO" sits beside it). */
export async function signInWithPassword(page: Page, email: string, password: string) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in", exact: true }).click();
}

/**
 * Signs a person in from /login through "Sign in with SSO" with their work email (the identity provider answers at
 * once), checks they land in the workspace, and returns the role the app gives them there.
 */
export async function signInWithSso(person: Page, email: string, slug: string): Promise<string> {
  await person.goto("/login");
  await person.getByRole("button", { name: "Sign in with SSO" }).click();
  await person.getByLabel("Workspace or work email").fill(email);
  await person.getByRole("button", { name: "Continue with SSO" }).click();
  await expect(person).toHaveURL(new RegExp(`/${slug}$`), { timeout: 20_000 });
  const summary = await person.evaluate(async (tenant) => {
    const input = encodeURIComponent(JSON.stringify({ "0": { json: { tenant } } }));
    return (await fetch(`/api/trpc/workspace.summary?batch=1&input=${input}`)).json();
  }, slug);
  const landed = (summary as { result: { data: { json: { slug: string; role: string } } } }[])[0]!.result.data.json;
  expect(landed.slug).toBe(slug);
  return landed.role;
}

/** Turns on one checkbox of Settings → General and saves. */
export async function enableSetting(page: Page, slug: string, label: string) {
  await page.goto(`/${slug}/settings`);
  await page.getByLabel(label).check();
  await page.getByRole("button", { name: "Save settings" }).click();
  await expect(page.getByText("Settings saved.")).toBeVisible();
}

/** Creates a customer from the Customers page; the page ends on that customer. */
export async function createCustomer(page: Page, slug: string, name: string) {
  await page.goto(`/${slug}/customers`);
  await page.getByRole("button", { name: "New customer" }).first().click();
  await page.getByRole("dialog").getByLabel("Name").fill(name);
  await page.getByRole("dialog").getByRole("button", { name: "Create customer" }).click();
  await expect(page.getByRole("heading", { name })).toBeVisible();
}

/**
 * Invites a technician from Settings → Team; they accept the link mailed to them (never shown to the inviting
 * admin) in a browser context of their own, named Tina Technician. Returns their signed-in page.
 */
export async function inviteTechnician(page: Page, browser: Browser, slug: string, email: string): Promise<Page> {
  await page.goto(`/${slug}/settings/team`);
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Role").selectOption("technician");
  await page.getByRole("button", { name: "Send invitation" }).click();
  await expect(page.getByRole("button", { name: `Revoke invitation for ${email}` })).toBeVisible();
  const technician = await (await browser.newContext()).newPage();
  await technician.goto(await mailedLink(email, "invite"));
  await technician.getByLabel("Your name").fill("Tina Technician");
  await technician.getByLabel("Password").fill(PASSWORD);
  await technician.getByRole("button", { name: "Create account and join" }).click();
  await expect(technician).toHaveURL(new RegExp(`/${slug}$`));
  return technician;
}

// The connector's quoting helpers live in a server-only module, which refuses to load outside the server bundle.
export const quoteIdentifier = (name: string) => `"${name.replaceAll('"', '""')}"`;
export const quoteLiteral = (value: string) => `'${value.replaceAll("'", "''")}'`;

/** Logs into the target over TCP with a plain client: true, or false when the password is refused (28P01). */
export async function logsIn(target: PostgresTarget, username: string, password: string): Promise<boolean> {
  const sql = postgres({ host: target.host, port: target.port, username, password, database: "postgres", max: 1, connect_timeout: 5, onnotice: () => {} });
  try {
    await sql`select 1`;
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === "28P01") return false;
    throw error;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** Adds a password on the customer page the browser is on, through its "Add password" form. */
export async function addPasswordHere(page: Page, description: string, password: string, username = "admin") {
  await page.getByRole("button", { name: "Add password" }).first().click();
  const form = page.getByRole("dialog");
  await form.getByLabel("Description").fill(description);
  await form.getByLabel("Username").fill(username);
  await form.getByLabel("Password", { exact: true }).fill(password);
  await form.getByRole("button", { name: "Add password" }).click();
  await expect(form).toBeHidden();
  await expect(page.getByText(description).first()).toBeVisible();
}

/** The open menu of a password row's "Actions for …" button (portalled to the end of the page, named by its button). */
export function rowMenu(row: Locator): Locator {
  return row.page().getByRole("menu", { name: /^Actions for / });
}

/** Picks an action from a password row's "Actions for …" menu, e.g. "Details of Router admin". */
export async function rowAction(row: Locator, name: string) {
  await row.getByRole("button", { name: /^Actions for / }).click();
  await rowMenu(row).getByRole("menuitem", { name, exact: true }).click();
}

/** Opens the details of a password listed on this page; answers its rotation panel. */
export async function openRotationPanel(page: Page, description: string): Promise<Locator> {
  await rowAction(page.locator("tr[data-credential-id]", { hasText: description }), `Details of ${description}`);
  return page.getByRole("region", { name: `Rotation of ${description}` });
}

/** Points a password's rotation at a PostgreSQL role on 127.0.0.1:`port` that changes its own password. */
export async function setPostgresRotationTarget(panel: Locator, description: string, port: number) {
  await panel.getByRole("button", { name: "Set up rotation" }).click();
  const dialog = panel.page().getByRole("dialog", { name: `Rotation target of ${description}` });
  await dialog.getByLabel("Connector").selectOption("postgres");
  await expect(dialog.getByLabel("Port")).toHaveAttribute("placeholder", "5432");
  await dialog.getByLabel("Host", { exact: true }).fill("127.0.0.1");
  await dialog.getByLabel("Port").fill(String(port));
  await expect(dialog.getByLabel("Privileged login")).toHaveValue("");
  await dialog.getByRole("button", { name: "Save target" }).click();
  await expect(dialog).toBeHidden();
  await expect(panel.getByText("PostgreSQL role")).toBeVisible();
  await expect(panel.getByText(`127.0.0.1:${port}`)).toBeVisible();
}

/** Rotate now on a rotation panel: the panel follows the run live until it has succeeded. */
export async function rotateNow(panel: Locator) {
  await panel.getByRole("button", { name: "Rotate now" }).click();
  const progress = panel.getByRole("status").filter({ hasText: /Rotation (queued|running)/ });
  const succeeded = panel.getByText("Rotation succeeded: the new password is now current.");
  await expect(progress.or(succeeded)).toBeVisible();
  await expect(succeeded).toBeVisible({ timeout: 30_000 });
}

/** The toasts' landmark; Radix also announces each toast through a hidden copy of its text, outside it. */
export function toasts(page: Page): Locator {
  return page.getByRole("region", { name: /^Notifications/ });
}
