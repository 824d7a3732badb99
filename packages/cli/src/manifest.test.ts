import { readFileSync } from "node:fs";
import { Writable } from "node:stream";
import { Ajv } from "ajv";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import type { Io } from "./io.js";
import { main } from "./main.js";
import { eventsUrl, SCOPE_REASONS, slackManifest } from "./manifest.js";
import { toYaml } from "./manifest-yaml.js";

const schema = JSON.parse(readFileSync(new URL("./manifest.schema.json", import.meta.url), "utf8"));
const validate = new Ajv({ allErrors: true }).compile(schema);

function errorsOf(manifest: unknown): string[] {
  return validate(manifest)
    ? []
    : (validate.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
}

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
    cwd: process.cwd(),
    env: {},
  };
  const code = await main(["manifest", ...args], io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

const URL_BASE = "https://catops.example.com";
const EVENTS = `${URL_BASE}/slack/events`;

describe("catops manifest", () => {
  it("prints YAML that Slack's manifest structure accepts, every URL at /slack/events", async () => {
    const { code, stdout, stderr } = await cli(["--url", URL_BASE]);
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const manifest = parse(stdout);
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.features.slash_commands).toEqual([
      {
        command: "/catops",
        url: EVENTS,
        description: "Run a command (help lists them)",
        usage_hint: "help | <command> [arguments] [--flags]",
        should_escape: true,
      },
    ]);
    expect(manifest.settings.event_subscriptions).toEqual({
      request_url: EVENTS,
      bot_events: ["app_mention", "message.im", "app_home_opened"],
    });
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true, request_url: EVENTS });
    expect(manifest.settings).toMatchObject({
      org_deploy_enabled: false,
      socket_mode_enabled: false,
      token_rotation_enabled: false,
    });
    expect(manifest.features.app_home.messages_tab_enabled).toBe(true);
    expect(manifest.features.app_home.home_tab_enabled).toBe(true);
    expect(manifest.display_information.name).toBe("CatOps");
    expect(manifest.features.bot_user.display_name).toBe("CatOps");
  });

  it("asks for the minimal scopes, each under a comment that says why", async () => {
    const { stdout } = await cli(["--url", URL_BASE]);
    const scopes = ["commands", "chat:write", "app_mentions:read", "im:history"];
    expect(parse(stdout).oauth_config.scopes.bot).toEqual(scopes);
    for (const scope of scopes)
      expect(stdout).toContain(`      # ${scope}: ${SCOPE_REASONS[scope]}.\n      - ${scope}\n`);
    expect(stdout).not.toContain("chat:write.public");
  });

  it("leaves out events, their scopes and the messages tab with --no-events", async () => {
    const manifest = parse((await cli(["--url", URL_BASE, "--no-events"])).stdout);
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.settings.event_subscriptions).toBeUndefined();
    expect(manifest.features.app_home).toBeUndefined();
    expect(manifest.oauth_config.scopes.bot).toEqual(["commands", "chat:write"]);
    expect(manifest.settings.interactivity.request_url).toBe(EVENTS);
  });

  it("adds chat:write.public only with --public-channels", async () => {
    const { stdout } = await cli(["--url", URL_BASE, "--public-channels"]);
    const manifest = parse(stdout);
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.oauth_config.scopes.bot.at(-1)).toBe("chat:write.public");
    expect(stdout).toContain(`# chat:write.public: ${SCOPE_REASONS["chat:write.public"]}.`);
  });

  it("writes a Socket Mode app with --socket-mode: no URL anywhere, and says which token to make", async () => {
    const { code, stdout } = await cli(["--socket-mode"]);
    expect(code).toBe(0);
    const manifest = parse(stdout);
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.settings.socket_mode_enabled).toBe(true);
    expect(stdout).not.toContain("url");
    expect(manifest.settings.interactivity).toEqual({ is_enabled: true });
    expect(manifest.settings.event_subscriptions.bot_events).toContain("app_home_opened");
    expect(stdout).toContain("connections:write");
    expect(stdout).toContain("SLACK_APP_TOKEN");
    const both = await cli(["--socket-mode", "--url", URL_BASE]);
    expect(both.code).toBe(2);
    expect(both.stderr).toMatch(/exclude each other/);
  });

  it("explains the Home tab and the forms' interactivity, and leaves the Home tab out with --no-home", async () => {
    const { stdout } = await cli(["--url", URL_BASE]);
    expect(stdout).toContain("# The Home tab: commands the viewer may run");
    expect(stdout).toContain("# Buttons, and forms: modals opened with views.open");
    const manifest = parse((await cli(["--url", URL_BASE, "--no-home"])).stdout);
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.features.app_home.home_tab_enabled).toBe(false);
    expect(manifest.settings.event_subscriptions.bot_events).toEqual(["app_mention", "message.im"]);
  });

  it("takes the name and the command, with or without its slash", async () => {
    const manifest = parse(
      (await cli(["--url", URL_BASE, "--name", "Ops Cat: prod #1", "--command", "ops"])).stdout,
    );
    expect(errorsOf(manifest)).toEqual([]);
    expect(manifest.display_information.name).toBe("Ops Cat: prod #1");
    expect(manifest.features.bot_user.display_name).toBe("Ops Cat: prod #1");
    expect(manifest.features.slash_commands[0].command).toBe("/ops");
  });

  it("puts /slack/events after any base path, once", () => {
    expect(eventsUrl("https://catops.example.com/")).toBe(EVENTS);
    expect(eventsUrl(EVENTS)).toBe(EVENTS);
    expect(eventsUrl("https://europe-west1-p.cloudfunctions.net/catops")).toBe(
      "https://europe-west1-p.cloudfunctions.net/catops/slack/events",
    );
  });

  it("explains each bad option with exit code 2 and prints nothing", async () => {
    const cases: [string[], RegExp][] = [
      [[], /--url is missing/],
      [["--url", "http://catops.example.com"], /must be https/],
      [["--url", "catops.example.com"], /is not a URL/],
      [["--url", `${URL_BASE}?x=1`], /no query/],
      [["--url", URL_BASE, "--name", "x".repeat(36)], /1 to 35 characters/],
      [["--url", URL_BASE, "--command", "/Deploy Now"], /is not a slash command/],
      [["--url", URL_BASE, "--events"], /unknown option --events/],
    ];
    for (const [args, message] of cases) {
      const ran = await cli(args);
      expect(ran.code, args.join(" ")).toBe(2);
      expect(ran.stdout).toBe("");
      expect(ran.stderr).toMatch(message);
    }
  });
});

describe("the manifest schema check", () => {
  const good = () => slackManifest({ url: URL_BASE });

  it("accepts what CatOps writes and rejects what Slack would refuse", () => {
    expect(errorsOf(good())).toEqual([]);
    const broken: [string, (m: any) => void, RegExp][] = [
      ["a long name", (m) => (m.display_information.name = "x".repeat(36)), /name/],
      ["no name", (m) => delete m.display_information.name, /name/],
      ["a command without /", (m) => (m.features.slash_commands[0].command = "catops"), /command/],
      ["an http URL", (m) => (m.features.slash_commands[0].url = "http://x.test/"), /url/],
      [
        "a long description",
        (m) => (m.features.slash_commands[0].description = "x".repeat(2001)),
        /description/,
      ],
      ["a misspelt scope", (m) => m.oauth_config.scopes.bot.push("chat:writ"), /bot/],
      ["a scope twice", (m) => m.oauth_config.scopes.bot.push("commands"), /bot/],
      [
        "an unknown event",
        (m) => m.settings.event_subscriptions.bot_events.push("mention"),
        /bot_events/,
      ],
      [
        "socket mode with request URLs",
        (m) => (m.settings.socket_mode_enabled = true),
        /must NOT be valid/,
      ],
      [
        "HTTP without a request URL",
        (m) => delete m.settings.interactivity.request_url,
        /request_url/,
      ],
      ["an unknown field", (m) => (m.settings.is_hosted = true), /additional/],
      ["no bot user name", (m) => delete m.features.bot_user.display_name, /display_name/],
    ];
    for (const [what, breakIt, message] of broken) {
      const manifest = good();
      breakIt(manifest);
      const errors = errorsOf(manifest);
      expect(errors.length, what).toBeGreaterThan(0);
      expect(errors.join("; "), what).toMatch(message);
    }
  });

  it("knows every scope CatOps can ask for", () => {
    const known: string[] = schema.definitions.botScope.enum;
    for (const scope of Object.keys(SCOPE_REASONS)) expect(known).toContain(scope);
  });
});

describe("the YAML writer", () => {
  it("quotes what YAML would read as something else, and round-trips", () => {
    const value = {
      plain: "https://x.test/slack/events",
      words: "two words",
      colon: "a: b",
      hash: "#channel",
      bools: ["yes", "no", "true", "on", "null"],
      number: "1.0",
      slash: "/catops",
      real: { n: 3, b: false },
      empty: [],
      list: [{ a: "x", b: ["y", "z"] }, "w"],
    };
    const text = toYaml(value, { "list.0": ["above the first item"], "": ["head"] });
    expect(parse(text)).toEqual(value);
    expect(text.startsWith("# head\n")).toBe(true);
    expect(text).toContain("  # above the first item\n  - a: x\n");
    expect(text).toContain("slash: /catops\n");
  });
});
