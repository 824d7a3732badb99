import { describe, expect, it } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import { catopsCommandDefinition, registerDiscordCommand, runRegisterCommand } from "./register.ts";

const APP = "290926444748734465";
const GUILD = "290926798626357999";
const BOT_TOKEN = "MTAxMjM0NTY3ODkw.register-test.bot-token";

const recorder = useRecorder();

const created = (name = "catops") => ({
  status: 201,
  body: JSON.stringify({
    id: "1179520113445011456",
    application_id: APP,
    name,
    type: 1,
    version: "1",
  }),
});

describe("registerDiscordCommand", () => {
  it("creates the global /catops command with its one string option, as the bot", async () => {
    const path = `/api/v10/applications/${APP}/commands`;
    recorder.respondWith(path, created());
    const command = await registerDiscordCommand({
      applicationId: APP,
      botToken: BOT_TOKEN,
      apiUrl: `${recorder.url}/api/v10`,
    });
    expect(command).toEqual({ id: "1179520113445011456", name: "catops", scope: "global" });
    const [request] = recorder.requests;
    expect(request).toMatchObject({ method: "POST", path });
    expect(request!.headers.authorization).toBe(`Bot ${BOT_TOKEN}`);
    expect(request!.json).toEqual({
      name: "catops",
      type: 1,
      description: "Run a CatOps command (try: help)",
      options: [
        {
          type: 3,
          name: "command",
          description: "The command, as you would type it: deploy api --env prod",
          required: false,
        },
      ],
    });
  });

  it("registers in one server when given its id", async () => {
    const path = `/api/v10/applications/${APP}/guilds/${GUILD}/commands`;
    recorder.respondWith(path, created("ops"));
    const command = await registerDiscordCommand({
      applicationId: APP,
      botToken: BOT_TOKEN,
      guildId: GUILD,
      name: "ops",
      apiUrl: `${recorder.url}/api/v10/`,
    });
    expect(command).toEqual({ id: "1179520113445011456", name: "ops", scope: GUILD });
    expect(recorder.requests[0]!.path).toBe(path);
  });

  it("retries a rate limit, then throws Discord's reason without the token", async () => {
    const path = `/api/v10/applications/${APP}/commands`;
    recorder.respondWith(
      path,
      {
        status: 429,
        body: JSON.stringify({
          retry_after: 0.01,
          global: false,
          message: "You are being rate limited.",
        }),
      },
      { status: 401, body: JSON.stringify({ message: "401: Unauthorized", code: 0 }) },
    );
    const error = await registerDiscordCommand({
      applicationId: APP,
      botToken: BOT_TOKEN,
      apiUrl: `${recorder.url}/api/v10`,
    }).catch((e: Error) => e);
    expect(recorder.requests).toHaveLength(2);
    expect(String(error)).toBe("Error: Discord refused the command: HTTP 401: 401: Unauthorized");
    expect(String(error)).not.toContain(BOT_TOKEN);
  });

  it("refuses names Discord would refuse, before calling it", () => {
    expect(() => catopsCommandDefinition("CatOps")).toThrow(/cannot be a Discord command name/);
    expect(() => catopsCommandDefinition("x".repeat(33))).toThrow();
  });
});

describe("catops-discord-register (runRegisterCommand)", () => {
  it("reads the environment, registers and says where", async () => {
    recorder.respondWith(`/api/v10/applications/${APP}/guilds/${GUILD}/commands`, created());
    const lines: string[] = [];
    const code = await runRegisterCommand(
      {
        CATOPS_DISCORD_APPLICATION_ID: APP,
        CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN,
        CATOPS_DISCORD_GUILD_ID: GUILD,
        CATOPS_DISCORD_API_URL: `${recorder.url}/api/v10`,
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(0);
    expect(lines).toEqual([
      `Registered /catops in server ${GUILD} (command id 1179520113445011456).`,
    ]);
  });

  it("names the settings that are missing, and calls nothing", async () => {
    const lines: string[] = [];
    expect(await runRegisterCommand({}, (line) => lines.push(line))).toBe(2);
    expect(lines[0]).toContain("CATOPS_DISCORD_APPLICATION_ID and CATOPS_DISCORD_BOT_TOKEN");
    expect(recorder.requests).toHaveLength(0);
  });

  it("exits 1 with the reason when Discord refuses", async () => {
    recorder.respondWith(`/api/v10/applications/${APP}/commands`, {
      status: 400,
      body: JSON.stringify({ message: "Invalid Form Body", code: 50035 }),
    });
    const lines: string[] = [];
    const code = await runRegisterCommand(
      {
        CATOPS_DISCORD_APPLICATION_ID: APP,
        CATOPS_DISCORD_BOT_TOKEN: BOT_TOKEN,
        CATOPS_DISCORD_API_URL: `${recorder.url}/api/v10`,
      },
      (line) => lines.push(line),
    );
    expect(code).toBe(1);
    expect(lines.join("\n")).toContain("Invalid Form Body");
    expect(lines.join("\n")).not.toContain(BOT_TOKEN);
  });
});
