import { createHmac, randomUUID } from "node:crypto";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import AxeBuilder from "@axe-core/playwright";
import { expect, test } from "@playwright/test";
import { enableSetting, signUpWorkspace } from "./flows";

const screens = [
  { name: "1366 light", viewport: { width: 1366, height: 900 }, colorScheme: "light" as const },
  { name: "390 dark", viewport: { width: 390, height: 844 }, colorScheme: "dark" as const },
];

type Received = { body: string; signature: string };

/** A receiver on loopback that keeps every request; it answers 200. */
async function startReceiver() {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    let body = "";
    req.setEncoding("utf8");
    req.on("data", (chunk) => (body += chunk));
    req.on("end", () => {
      received.push({ body, signature: String(req.headers["vaultline-signature"] ?? "") });
      res.writeHead(200, { "content-type": "text/plain" }).end("ok from the e2e receiver");
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return { received, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/vaultline`, close: () => new Promise((r) => server.close(r)) };
}

/** The README's verification: HMAC-SHA256 over "<t>.<body>" with the signing secret, hex, in v1. */
function signatureValid({ body, signature }: Received, secret: string): boolean {
  const parts = Object.fromEntries(signature.split(",").map((p) => p.split("=", 2)));
  return parts.v1 === createHmac("sha256", secret).update(`${parts.t}.${body}`).digest("hex");
}

for (const screen of screens) {
  test(`an admin adds a webhook, sends a test event, sees it delivered and redelivers it (${screen.name})`, async ({ page }, testInfo) => {
    test.setTimeout(120_000);
    const receiver = await startReceiver();
    try {
      await page.setViewportSize(screen.viewport);
      await page.emulateMedia({ colorScheme: screen.colorScheme });
      const id = randomUUID().slice(0, 8);
      const slug = await signUpWorkspace(page, `Webhook MSP ${id}`, `owner-${id}@example.test`);
      // The receiver is on loopback: private targets must be allowed, as for rotation targets.
      await enableSetting(page, slug, "Allow rotation targets on private networks");

      await page.goto(`/${slug}/settings/webhooks`);
      await expect(page.getByText("No webhooks yet")).toBeVisible();
      await page.getByRole("button", { name: "Add webhook" }).first().click();
      const form = page.getByRole("dialog");
      await form.getByLabel("Name").fill("PSA sync");
      await form.getByLabel("Endpoint URL").fill(receiver.url);
      await form.getByRole("button", { name: "Add webhook" }).click();
      await expect(form.getByText("Choose at least one event.")).toBeVisible();
      await form.getByLabel("Password revealed or copied").check();
      await form.getByLabel("Every audit event").check();
      await form.getByRole("button", { name: "Add webhook" }).click();

      const secretDialog = page.getByRole("dialog", { name: "Signing secret" });
      const secret = (await secretDialog.getByTestId("webhook-signing-secret").textContent())!.trim();
      expect(secret).toMatch(/^whsec_/);
      await secretDialog.getByRole("button", { name: "Done" }).click();
      await expect(page.getByTestId("webhook-row").filter({ hasText: "PSA sync" })).toContainText(receiver.url);

      await page.getByRole("button", { name: "Send test event to PSA sync" }).click();
      const deliveries = page.getByTestId("webhook-delivery");
      await expect(deliveries.filter({ hasText: "webhook.test" }).filter({ hasText: "Delivered" })).toHaveCount(1, { timeout: 20_000 });
      await expect(deliveries.first()).toContainText("HTTP 200");
      await expect(deliveries.first()).toContainText("ok from the e2e receiver");
      const tests = () => receiver.received.filter((r) => JSON.parse(r.body).type === "webhook.test");
      expect(tests()).toHaveLength(1);
      expect(signatureValid(tests()[0]!, secret)).toBe(true);
      expect(signatureValid(tests()[0]!, `${secret}0`)).toBe(false);

      await deliveries.first().getByRole("button", { name: /^Redeliver/ }).click();
      await expect(deliveries.filter({ hasText: "redelivery" }).filter({ hasText: "Delivered" })).toHaveCount(1, { timeout: 20_000 });
      expect(tests()).toHaveLength(2);
      expect(tests()[1]!.body).toBe(tests()[0]!.body);
      expect(signatureValid(tests()[1]!, secret)).toBe(true);

      // No serious or critical WCAG 2.1 A/AA violation, in this screen's size and theme.
      const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(axe.violations.filter((v) => v.impact === "serious" || v.impact === "critical").map((v) => v.id)).toEqual([]);

      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
      expect(overflow).toBeLessThanOrEqual(0);
      await page.screenshot({ path: testInfo.outputPath(`webhooks-${screen.viewport.width}-${screen.colorScheme}.png`), fullPage: true });

      // Deleting asks first: Cancel keeps the webhook, Delete webhook removes it and its log.
      await page.getByRole("button", { name: "Delete PSA sync" }).click();
      await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
      await expect(page.getByRole("dialog")).toHaveCount(0);
      await expect(page.getByTestId("webhook-row").filter({ hasText: "PSA sync" })).toHaveCount(1);
      await page.getByRole("button", { name: "Delete PSA sync" }).click();
      await expect(page.getByRole("dialog")).toContainText("Delete the webhook PSA sync?");
      await page.getByRole("dialog").getByRole("button", { name: "Delete webhook" }).click();
      await expect(page.getByText("No webhooks yet")).toBeVisible();
    } finally {
      await receiver.close();
    }
  });
}
