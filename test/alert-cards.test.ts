// An alert's card in the playground page, in headless Chromium: it fires with its lifecycle and
// runbook buttons, and Acknowledge and Resolve edit that same card in place. With
// CATOPS_UPDATE_SCREENSHOT set (scripts/alert-screenshots.mjs), the steps are saved as the
// pictures docs/alerts.md shows.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createAlerts } from "@catops/alerts";
import { silentLogger } from "@catops/core";
import { createNodeBot, createWebConnector, type RunningServer, serve } from "@catops/node";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { escalation, runbooks } from "../examples/plugins/_runbooks.ts";

const CHROMIUM = process.env.CATOPS_CHROMIUM ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("..", import.meta.url));
const profile = mkdtempSync(join(tmpdir(), "catops-chromium-"));
const TOKEN = "alert-cards-token-0000";
const clock = { now: Date.parse("2026-03-25T12:00:00Z") };
let server: RunningServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  const bot = await createNodeBot({
    pluginsDir: join(root, "examples/plugins"),
    store: "memory",
    env: {},
    logger: silentLogger,
    now: () => clock.now,
    // The page's user is Dana, who is on call: the pictures show her name, not this machine's user.
    playground: createWebConnector({ user: { id: "UDANA", name: "dana" } }),
    alerts: createAlerts({
      channel: "CPLAYGROUND",
      token: TOKEN,
      runbooks,
      escalation,
      now: () => clock.now,
    }),
  });
  server = await serve(bot, { port: 0, env: {} });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 560 },
    args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-sync"],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  await page.goto(`${server.url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ graceMs: 1000 });
  rmSync(profile, { recursive: true, force: true });
});

async function picture(name: string) {
  if (!process.env.CATOPS_UPDATE_SCREENSHOT) return;
  mkdirSync(join(root, "docs/images"), { recursive: true });
  await page.screenshot({ path: join(root, `docs/images/${name}.png`) });
}

/** The alert's cards (its colour-barred attachment), not the presser's confirmations. */
const cards = () =>
  page.locator(".message.bot", {
    has: page.locator(".attachment"),
    hasText: "Checkout 5xx error rate",
  });

describe("an alert's card in the playground", { timeout: 30_000 }, () => {
  it("fires with its buttons, and is edited in place as it is acknowledged and resolved", async () => {
    await page.fill("#command", "oncall rota set @dana @eli --every week --from monday");
    await page.press("#command", "Enter");
    const fired = await fetch(`${server.url}/alerts/generic?token=${TOKEN}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({
        name: "Checkout 5xx error rate",
        severity: "critical",
        resource: "checkout-api",
        summary: "12% of requests answered 5xx over the last 5 minutes (threshold 2%).",
        details: { Service: "checkout", Region: "eu-west-1" },
        link: "https://grafana.example.com/d/checkout",
      }),
    });
    expect(fired.status).toBe(200);
    await expect.poll(() => cards().count(), { timeout: 5000 }).toBe(1);
    const buttons = () => cards().first().locator("button").allTextContents();
    expect(await buttons()).toEqual([
      "Acknowledge",
      "Snooze 1h",
      "Snooze 4h",
      "Resolve",
      "deploy checkout --env prod",
      "oncall",
    ]);
    expect(await cards().first().textContent()).toContain("@dana");
    await picture("alert-firing");

    clock.now += 4 * 60_000;
    await cards().first().getByRole("button", { name: "Acknowledge" }).click();
    await expect
      .poll(() => cards().first().textContent(), { timeout: 5000 })
      .toContain("acknowledged by @dana");
    expect(await buttons()).not.toContain("Acknowledge");
    expect(await cards().count()).toBe(1);
    await picture("alert-acknowledged");

    clock.now += 11 * 60_000;
    await cards().first().getByRole("button", { name: "Resolve" }).click();
    await expect
      .poll(() => cards().first().textContent(), { timeout: 5000 })
      .toContain("resolved after 15 min on checkout-api · resolved by @dana");
    expect(await cards().count()).toBe(1);
    expect(await buttons()).toEqual([]);
    await picture("alert-resolved");
  });
});
