import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { expect, test } from "@playwright/test";
import { Client } from "ssh2";
import { unavailable } from "../support/requirements";
import { createLinuxUser, requireService, startSshTarget, type LinuxUser, type SshTarget } from "../support/targets";
import { rowAction, signUpWorkspace } from "./flows";

// The app under test asks for a check-in every 2 s (VAULTLINE_AGENT_CHECKIN_SECONDS in playwright.config.ts), so a
// device is offline 6 s after its last one. The agent checks in every 3 s: every 2 s would be 30 a minute, exactly
// the per-agent rate limit, and the extra check-in that reports a task's result would tip it over.
const SERVER_INTERVAL_SECONDS = 2;
const AGENT_INTERVAL_SECONDS = 3;
// Offline 3 missed intervals after the last check-in, then up to one 10 s poll of the device list, and margin.
const OFFLINE_WITHIN_MS = 3 * SERVER_INTERVAL_SECONDS * 1000 + 10_000 + 10_000;

/** Logs in over SSH with a password only: "ok", or "rejected" when the server refuses the password. */
function sshLogin(target: SshTarget, username: string, password: string): Promise<"ok" | "rejected"> {
  return new Promise((resolve, reject) => {
    const client = new Client();
    client.once("ready", () => {
      client.end();
      resolve("ok");
    });
    client.once("error", (error: Error & { level?: string }) => (error.level === "client-authentication" ? resolve("rejected") : reject(error)));
    client.connect({ host: target.host, port: target.port, username, password, tryKeyboard: false, readyTimeout: 10_000 });
  });
}

/** The reference agent (agent/vaultline-agent.ts) as its own process; its output is kept for a failure report. */
function agentProcess(args: string[], env: Record<string, string> = {}) {
  const output: string[] = [];
  const child = spawn(process.execPath, ["--import", "tsx", "agent/vaultline-agent.ts", ...args], {
    cwd: process.cwd(),
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, output, exited };
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>) {
  if (child.exitCode !== null || child.signalCode !== null) return;
  child.kill("SIGTERM");
  const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
  await exited;
  clearTimeout(timer);
}

test.describe("device agent", () => {
  let dir: string | undefined;
  let account: LinuxUser | undefined;
  let agent: ReturnType<typeof agentProcess> | undefined;

  test.afterAll(async () => {
    if (agent) await stopProcess(agent.child, agent.exited);
    account?.remove();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  test("enroll the real agent, see it online, rotate a local Linux account through it, see it offline when stopped", async ({ page, baseURL }, testInfo) => {
    test.setTimeout(180_000);
    const needsRoot = "the agent rotates local accounts with chpasswd, which needs root";
    test.skip(unavailable("root", process.getuid?.() === 0 ? null : needsRoot), needsRoot);
    const ssh = await requireService("SSH (throwaway sshd on 127.0.0.1:2222)", startSshTarget);
    test.skip(!ssh, "no sshd on this machine");
    const target = ssh!;

    // A throwaway local account the agent will rotate; sshd on :2222 lets vltest_* users log in with a password.
    account = createLinuxUser();
    const { username, password: initial } = account;
    expect(await sshLogin(target, username, initial)).toBe("ok");
    dir = mkdtempSync(path.join(os.tmpdir(), "vaultline-agent-e2e-"));
    const identity = path.join(dir, "identity.json");

    const id = randomUUID().slice(0, 8);
    const slug = await signUpWorkspace(page, `Agent MSP ${id}`, `owner-${id}@example.test`);
    await page.goto(`/${slug}/customers`);
    await page.getByRole("button", { name: "New customer" }).first().click();
    await page.getByRole("dialog").getByLabel("Name").fill("Northwind Traders");
    await page.getByRole("dialog").getByRole("button", { name: "Create customer" }).click();
    await expect(page.getByRole("heading", { name: "Northwind Traders" })).toBeVisible();
    const customerUrl = new URL(page.url()).pathname;

    // An enrollment token, shown once, from the customer's Settings tab.
    await page.getByRole("tab", { name: "Settings" }).click();
    await page.getByRole("button", { name: "Create enrollment token" }).first().click();
    const tokenDialog = page.getByRole("dialog", { name: "Create enrollment token" });
    await tokenDialog.getByLabel("Label").fill("E2E machine");
    await tokenDialog.getByRole("button", { name: "Create", exact: true }).click();
    const tokenOutput = tokenDialog.getByLabel("Enrollment token", { exact: true });
    await expect(tokenOutput).toHaveText(/^vlen\./);
    const token = ((await tokenOutput.textContent()) ?? "").trim();
    await tokenDialog.getByRole("button", { name: "I copied it" }).click();

    // The real agent enrolls (the token goes through the environment, not the process list), then runs.
    const enroll = agentProcess(["enroll", "--server", baseURL!, "--identity", identity], { VAULTLINE_ENROLL_TOKEN: token });
    const enrollCode = await enroll.exited;
    expect(enrollCode, enroll.output.join("")).toBe(0);
    agent = agentProcess(["run", "--interval", String(AGENT_INTERVAL_SECONDS), "--identity", identity]);
    const agentLog = () => agent?.output.join("") ?? "";

    // The machine appears under the customer's devices, online.
    const hostname = os.hostname();
    await page.goto(`${customerUrl}?tab=devices`);
    const deviceRow = page.getByRole("row", { name: new RegExp(hostname) });
    await expect(deviceRow.getByText("Online"), agentLog()).toBeVisible({ timeout: 20_000 });
    await deviceRow.getByRole("link", { name: hostname }).click();
    await expect(page.getByRole("heading", { name: hostname })).toBeVisible();
    await page.getByRole("tab", { name: "Agent" }).click();
    await expect(page.getByText("Online").first()).toBeVisible();
    await page.getByRole("tab", { name: "Passwords" }).click();

    // The local account's password, on the agent device, with its current password.
    await page.getByRole("button", { name: "Add password" }).first().click();
    const form = page.getByRole("dialog");
    await form.getByLabel("Description").fill("Local support account");
    await form.getByLabel("Username").fill(username);
    await form.getByLabel("Password", { exact: true }).fill(initial);
    await form.getByRole("button", { name: "Add password" }).click();
    await expect(form).toBeHidden();

    // Its rotation target: the device agent.
    const row = page.locator("tr[data-credential-id]", { hasText: "Local support account" });
    await rowAction(row, "Details of Local support account");
    const panel = page.getByRole("region", { name: "Rotation of Local support account" });
    await panel.getByRole("button", { name: "Set up rotation" }).click();
    const dialog = page.getByRole("dialog", { name: "Rotation target of Local support account" });
    await dialog.getByLabel("Connector").selectOption({ label: "Local account, through the device agent" });
    await dialog.getByRole("button", { name: "Save target" }).click();
    await expect(dialog).toBeHidden();
    await expect(panel.getByText("Local account, through the device agent")).toBeVisible();

    // Rotate now: the server seals a task to the agent, the agent runs chpasswd on its next check-in and reports.
    await panel.getByRole("button", { name: "Rotate now" }).click();
    const succeeded = panel.getByText("Rotation succeeded: the new password is now current.");
    await expect(succeeded, agentLog()).toBeVisible({ timeout: 60_000 });
    await expect(panel.locator("tr[data-run-id]").first().getByText("Succeeded")).toBeVisible();

    // The new password opens the account over SSH; the old one no longer does.
    await row.getByRole("button", { name: "Reveal password" }).click();
    const value = row.getByTestId("password-value");
    await expect(value).not.toHaveText("•••••••");
    const rotated = (await value.textContent()) ?? "";
    expect(rotated).not.toBe(initial);
    expect(rotated.length).toBeGreaterThan(8);
    expect(await sshLogin(target, username, rotated)).toBe("ok");
    expect(await sshLogin(target, username, initial)).toBe("rejected");

    // The agent stops (SIGTERM ends its loop cleanly); three missed intervals later the device list, which polls,
    // shows the device offline without a reload.
    await page.goto(`${customerUrl}?tab=devices`);
    await expect(deviceRow.getByText("Online")).toBeVisible();
    await stopProcess(agent.child, agent.exited);
    expect(agent.child.exitCode, agentLog()).toBe(0);
    await testInfo.attach("agent.log", { body: agentLog().replaceAll(/vl(en|ag)\.[\w.-]+/g, "[redacted]"), contentType: "text/plain" });
    await expect(deviceRow.getByText("Offline")).toBeVisible({ timeout: OFFLINE_WITHIN_MS });
    await expect(deviceRow.getByText("Online")).toBeHidden();
  });
});
