// The playground page in headless Chromium: the example plugins served by the Node adapter,
// driven the way a person would try them.
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { keepHistory, silentLogger } from "@catops/core";
import { createNodeBot, type RunningServer, serve } from "@catops/node";
import { type BrowserContext, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const CHROMIUM = process.env.CATOPS_CHROMIUM ?? "/usr/bin/chromium";
const root = fileURLToPath(new URL("..", import.meta.url));
const profile = mkdtempSync(join(tmpdir(), "catops-chromium-"));
let server: RunningServer;
let browser: BrowserContext;
let page: Page;

beforeAll(async () => {
  const bot = await createNodeBot({
    pluginsDir: join(root, "examples/plugins"),
    store: "memory",
    env: {},
    logger: silentLogger,
    history: keepHistory(),
  });
  server = await serve(bot, { port: 0, env: {} });
  browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    viewport: { width: 1100, height: 720 },
    args: [
      "--headless",
      "--no-sandbox",
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
  page = browser.pages()[0] ?? (await browser.newPage());
  // Loopback only: anything else the page tried to reach would be a bug.
  await page.route(/^(?!http:\/\/127\.0\.0\.1:)/, (route) => route.abort());
  await page.goto(`${server.url}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await server?.close({ graceMs: 1000 });
  rmSync(profile, { recursive: true, force: true });
});

async function send(text: string) {
  await page.fill("#command", text);
  await page.press("#command", "Enter");
}

const lastBot = () => page.locator(".message.bot").last();

describe("playground", { timeout: 20_000 }, () => {
  it("answers hi with Meow!", async () => {
    await send("hi");
    await expect.poll(() => lastBot().textContent(), { timeout: 5000 }).toContain("Meow!");
    expect(await page.locator(".message.user").first().textContent()).toContain("hi");
  });

  it("confirms a deferred deploy with a button and shows the job succeed", async () => {
    await send("deploy api --env prod");
    const question = lastBot();
    await expect
      .poll(() => question.textContent(), { timeout: 5000 })
      .toContain("Run deploy api --env prod?");
    expect(await question.textContent()).toContain("Only visible to you");
    await question.getByRole("button", { name: "Run" }).click();

    const messages = page.locator(".message.bot");
    await expect
      .poll(() => messages.allTextContents(), { timeout: 5000 })
      .toEqual(
        expect.arrayContaining([
          expect.stringMatching(/Running deploy api --env prod… \(job \w+\)/),
        ]),
      );
    // The question was replaced by the answer, as Slack does with replace_original.
    expect((await messages.allTextContents()).some((text) => text.includes("Run deploy"))).toBe(
      false,
    );
    await expect
      .poll(() => lastBot().textContent(), { timeout: 8000 })
      .toContain("Deployed api@latest to prod.");
    const row = page.locator("#jobs tbody tr").first();
    await expect.poll(() => row.getAttribute("data-state"), { timeout: 5000 }).toBe("succeeded");
    expect(await row.locator(".job-command").textContent()).toBe("deploy api --env prod");
  });

  it("renders mrkdwn and attachments with colour bars", async () => {
    await send(`check ${server.url}/healthz`);
    const attachment = page.locator(".attachment").last();
    await expect.poll(() => attachment.textContent(), { timeout: 5000 }).toContain("UP:");
    expect(await attachment.evaluate((node) => getComputedStyle(node).borderLeftColor)).toBe(
      "rgb(46, 182, 125)",
    );
    await send("echo *bold* _italic_ `code` <https://example.com/docs|the docs>");
    await expect.poll(() => lastBot().locator("strong").count(), { timeout: 5000 }).toBe(1);
    expect(await lastBot().locator("em").textContent()).toBe("italic");
    expect(await lastBot().locator("code").textContent()).toBe("code");
    const link = lastBot().locator("a");
    expect(await link.textContent()).toBe("the docs");
    expect(await link.getAttribute("href")).toBe("https://example.com/docs");
    if (process.env.CATOPS_UPDATE_SCREENSHOT) {
      mkdirSync(join(root, "docs"), { recursive: true });
      await page.screenshot({ path: join(root, "docs/playground.png") });
    }
  });

  it("shows command output as text, never as markup or script", async () => {
    const attack =
      'echo <img src=x onerror="window.__pwned=1"> <script>window.__pwned=2</script> <javascript:window.__pwned=3|click me>';
    await send(attack);
    await expect
      .poll(() => lastBot().textContent(), { timeout: 5000 })
      .toContain("<img src=x onerror=window.__pwned=1>");
    expect(await lastBot().textContent()).toContain("<script>window.__pwned=2</script>");
    expect(await page.locator("#messages img, #messages script").count()).toBe(0);
    expect(await lastBot().textContent()).toContain("click me");
    expect(await lastBot().locator("a").count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as { __pwned?: number }).__pwned)).toBeUndefined();
  });
});

describe("playground forms and Home", { timeout: 30_000 }, () => {
  const modal = () => page.locator(".modal");
  const fieldError = (id: string) => page.locator(`.form-field[data-field="${id}"] .field-error`);

  it("opens a form for a command missing its argument, answers errors inline, and runs it", async () => {
    await send("deploy");
    await expect.poll(() => modal().isVisible(), { timeout: 5000 }).toBe(true);
    expect(await modal().locator(".modal-title").textContent()).toBe("Run deploy");
    expect(await modal().locator("label").allTextContents()).toEqual([
      "service",
      "--env (optional)",
      "--version (optional)",
    ]);
    expect(await modal().locator("select").inputValue()).toBe("staging");
    if (process.env.CATOPS_UPDATE_SCREENSHOT)
      await page.screenshot({ path: join(root, "docs/playground-form.png") });

    await modal().getByRole("button", { name: "Run" }).click();
    await expect
      .poll(() => fieldError("arg.service").textContent(), { timeout: 5000 })
      .toBe("Required.");
    expect(await modal().isVisible()).toBe(true);

    await modal().locator("input").first().fill("web");
    await modal().locator("select").selectOption("prod");
    await modal().getByRole("button", { name: "Run" }).click();
    await expect.poll(() => modal().count(), { timeout: 5000 }).toBe(0);
    // The submission runs through the same engine: deploy asks to confirm first.
    const question = lastBot();
    await expect
      .poll(() => question.textContent(), { timeout: 5000 })
      .toContain("Run deploy web --env=prod?");
    await question.getByRole("button", { name: "Run" }).click();
    await expect
      .poll(() => lastBot().textContent(), { timeout: 8000 })
      .toContain("Deployed web@latest to prod.");
  });

  it("shows the Home tab with the commands, on call, alerts and the user's jobs", async () => {
    await page.click("#tab-home");
    const home = page.locator("#home");
    await expect
      .poll(() => home.locator(".home-title").allTextContents(), { timeout: 5000 })
      .toEqual(["Commands you can run", "On call", "Alerts firing", "Your recent jobs"]);
    const jobs = home.locator(".home-section").last();
    expect(await jobs.textContent()).toContain("deploy web --env=prod");
    const deploy = home.locator(".home-item", { hasText: "deploy" }).first();
    expect(await deploy.getByRole("button").textContent()).toBe("Fill in…");
    if (process.env.CATOPS_UPDATE_SCREENSHOT)
      await page.screenshot({ path: join(root, "docs/playground-home.png"), fullPage: true });

    await deploy.getByRole("button", { name: "Fill in…" }).click();
    await expect.poll(() => modal().isVisible(), { timeout: 5000 }).toBe(true);
    await modal().getByRole("button", { name: "Cancel" }).click();
    expect(await modal().count()).toBe(0);
    await page.click("#tab-messages");
  });
});

describe("playground formats, history and rerun", { timeout: 30_000 }, () => {
  it("runs a natural format as its positional form, lists the run in history, and reruns it", async () => {
    await send("deploy api to prod");
    const question = lastBot();
    await expect
      .poll(() => question.textContent(), { timeout: 5000 })
      .toContain("Run deploy api --env=prod?");
    await question.getByRole("button", { name: "Run" }).click();
    await expect
      .poll(() => lastBot().textContent(), { timeout: 8000 })
      .toContain("Deployed api@latest to prod.");

    await send("history --command deploy");
    const entry = /([a-z0-9]{8}) \d+s ago, succeeded: deploy api --env=prod by/;
    await expect.poll(() => lastBot().textContent(), { timeout: 5000 }).toMatch(entry);
    const id = entry.exec((await lastBot().textContent()) ?? "")![1];

    // rerun goes through the same checks: deploy asks again before it runs.
    await send(`rerun ${id}`);
    await expect
      .poll(() => lastBot().textContent(), { timeout: 5000 })
      .toContain("Run deploy api --env=prod?");
    if (process.env.CATOPS_UPDATE_SCREENSHOT)
      await page.screenshot({ path: join(root, "docs/playground-history.png") });
    await lastBot().getByRole("button", { name: "Cancel" }).click();
  });
});
