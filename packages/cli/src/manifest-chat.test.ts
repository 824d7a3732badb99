import { fileURLToPath } from "node:url";
import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";
import { googleChatConfiguration, teamsManifest } from "./manifest-chat.js";

const ROOT = fileURLToPath(new URL("../../../", import.meta.url));
const APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";

async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
  const io: Io = {
    stdin: process.stdin,
    stdout: sink(out),
    stderr: sink(err),
    interactive: false,
    cwd: ROOT,
    env: {},
  };
  const code = await main(["manifest", ...args], io).catch(() => 2);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

const commands = [{ name: "deploy", description: "Deploy a service" }, { name: "hi" }];

describe("catops manifest --platform teams", () => {
  it("writes the Teams app manifest with the bot and the plugins' commands", async () => {
    const { code, stdout } = await cli([
      "--platform",
      "teams",
      "--url",
      "https://catops.example.com",
      "--app-id",
      APP_ID,
      "--plugins",
      "examples/plugins",
    ]);
    expect(code).toBe(0);
    const manifest = JSON.parse(stdout);
    expect(manifest.id).toBe(APP_ID);
    expect(manifest.bots[0].botId).toBe(APP_ID);
    expect(manifest.validDomains).toEqual(["catops.example.com"]);
    const titles = manifest.bots[0].commandLists[0].commands.map((c: any) => c.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles).toEqual([...titles].sort());
  });

  it("keeps Teams' limits: ten commands, 32-character titles", () => {
    const many = Array.from({ length: 14 }, (_, i) => ({ name: `command-${i}-${"x".repeat(40)}` }));
    const manifest = teamsManifest({
      url: "https://catops.example.com",
      appId: APP_ID,
      commands: many,
    });
    const listed = manifest.bots[0]!.commandLists[0]!.commands;
    expect(listed).toHaveLength(10);
    for (const command of listed) expect(command.title.length).toBeLessThanOrEqual(32);
  });

  it("refuses a missing or malformed app id and a non-https URL", async () => {
    expect(() => teamsManifest({ url: "https://x.example", appId: "bot", commands })).toThrow(
      /GUID/,
    );
    expect(() => teamsManifest({ url: "http://x.example", appId: APP_ID, commands })).toThrow(
      /https/,
    );
    const { code } = await cli(["--platform", "teams", "--url", "https://x.example"]);
    expect(code).toBe(2);
  });
});

describe("catops manifest --platform google-chat", () => {
  it("prints the endpoint, the audience to set and the slash command", () => {
    const text = googleChatConfiguration({ url: "https://catops.example.com/", commands });
    expect(text).toContain("HTTP endpoint URL: https://catops.example.com/google-chat/events");
    expect(text).toContain(
      "CATOPS_GOOGLE_CHAT_AUDIENCE=https://catops.example.com/google-chat/events",
    );
    expect(text).toContain("name /catops");
    expect(text).toContain("deploy: Deploy a service");
  });

  it("lists the plugins' commands and refuses to run without --url", async () => {
    const { code, stdout } = await cli([
      "--platform",
      "google-chat",
      "--url",
      "https://catops.example.com",
      "--plugins",
      "examples/plugins",
    ]);
    expect(code).toBe(0);
    expect(stdout).toContain("HTTP endpoint URL: https://catops.example.com/google-chat/events");
    const listed = stdout.split("Commands (type /catops help in Chat):\n")[1]!;
    for (const name of ["deploy", "hi", "whoami"])
      expect(listed).toMatch(new RegExp(`^    ${name}\\b`, "m"));
    expect(listed).toContain("deploy: Deploy a service to an environment");
    expect((await cli(["--platform", "google-chat"])).code).toBe(2);
  });

  it("refuses an unknown platform", async () => {
    const { code } = await cli(["--platform", "irc", "--url", "https://x.example"]);
    expect(code).toBe(2);
  });
});
