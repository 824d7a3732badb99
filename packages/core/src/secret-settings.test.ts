// Which settings' values the bot masks: by name, and the secret parts of any value.
import { describe, expect, it } from "vitest";
import { createCatOps } from "./bot.js";
import { secretPartsOf, secretSettings } from "./secret-settings.js";

const STORAGE =
  "DefaultEndpointsProtocol=https;AccountName=catopsprod;AccountKey=c2VjcmV0LWFjY291bnQta2V5LTEyMzQ1Ng==;EndpointSuffix=core.windows.net";
const SETTINGS = {
  AzureWebJobsStorage: STORAGE,
  DATABASE_URL: "postgres://catops:hunter2-db-pass@db.internal:5432/catops",
  SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T0001/B0002/XXXXXXXXXXXXXXXXXXXXXXXX",
  GITHUB_PAT: "ghp_abcdefghijklmnopqrstuvwxyz0123456789",
  GOOGLE_CREDENTIALS: '{"private_key":"-----BEGIN PRIVATE KEY-----abcdef"}',
  APPLICATIONINSIGHTS_CONNECTION_STRING: "InstrumentationKey=00000000-1111-2222",
  QUEUE_URL: "https://catops.queue.core.windows.net/jobs?sv=2024&sig=c2lnbmF0dXJlLXZhbHVl",
  PUBLIC_URL: "https://catops.example.com/slack/events",
  CATOPS_REGION: "eu-west-1",
};

describe("secretSettings", () => {
  const settings = secretSettings();

  it("treats the adapters' connection settings and common credential names as secret", () => {
    for (const name of [
      "AzureWebJobsStorage",
      "SLACK_WEBHOOK_URL",
      "GITHUB_PAT",
      "GOOGLE_CREDENTIALS",
      "APPLICATIONINSIGHTS_CONNECTION_STRING",
      "SLACK_SIGNING_SECRET",
      "SLACK_BOT_TOKEN",
      "CATOPS_DB_PASSWORD",
      "AWS_SECRET_ACCESS_KEY",
      "SENTRY_DSN",
    ])
      expect(settings.isSecretName(name), name).toBe(true);
    for (const name of ["DATABASE_URL", "PUBLIC_URL", "CATOPS_REGION", "PORT", "PATH"])
      expect(settings.isSecretName(name), name).toBe(false);
  });

  it("reads a name in any case", () => {
    for (const name of ["apiKey", "github_pat", "azurewebjobsstorage", "Slack_Webhook", "pat"])
      expect(settings.isSecretName(name), name).toBe(true);
    for (const name of ["patch_level", "Path", "region"])
      expect(settings.isSecretName(name), name).toBe(false);
  });

  it("finds the credential in a URL, not the whole URL", () => {
    expect(secretPartsOf(SETTINGS.DATABASE_URL)).toEqual([
      "catops:hunter2-db-pass",
      "hunter2-db-pass",
      "hunter2-db-pass",
    ]);
    expect(secretPartsOf("redis://:p%40ss-word@cache:6379")).toContain("p@ss-word");
    expect(secretPartsOf(SETTINGS.PUBLIC_URL)).toEqual([]);
  });

  it("finds keys in connection strings and signatures in query strings", () => {
    expect(secretPartsOf(STORAGE)).toEqual(["c2VjcmV0LWFjY291bnQta2V5LTEyMzQ1Ng=="]);
    expect(secretPartsOf("Endpoint=sb://x/;SharedAccessSignature=sv=1&sig=abcdef123")).toContain(
      "sv=1&sig=abcdef123",
    );
    expect(secretPartsOf(SETTINGS.QUEUE_URL)).toContain("c2lnbmF0dXJlLXZhbHVl");
  });

  it("takes further names from the option and from CATOPS_SECRET_NAMES, with * wildcards", () => {
    const more = secretSettings({ secretNames: ["INTERNAL_*_VALUE"] });
    const values = more.valuesIn({
      INTERNAL_API_VALUE: "value-from-option",
      VAULT_ADDR_HASH: "value-from-env-list",
      OTHER: "plain-value",
      CATOPS_SECRET_NAMES: "VAULT_ADDR_HASH, UNUSED",
    });
    expect(values).toEqual(["value-from-option", "value-from-env-list"]);
  });
});

describe("a plugin that echoes settings", () => {
  it("shows none of their secrets in its reply", async () => {
    const bot = createCatOps({
      env: { ...SETTINGS, CATOPS_SECRET_NAMES: "CATOPS_REGION" },
      commands: [
        {
          name: "env",
          run: (ctx) =>
            Object.entries(ctx.env)
              .map(([k, v]) => `${k}=${v}`)
              .join("\n"),
        },
      ],
    });
    const reply = await bot.dispatch({ command: ["env"], user: { id: "U1" } });
    const text = reply?.text ?? "";
    expect(text).toContain("DATABASE_URL=postgres://[redacted]@db.internal:5432/catops");
    expect(text).toContain("PUBLIC_URL=https://catops.example.com/slack/events");
    expect(text).toContain("CATOPS_REGION=[redacted]");
    for (const value of [
      "c2VjcmV0LWFjY291bnQta2V5LTEyMzQ1Ng==",
      "hunter2-db-pass",
      SETTINGS.SLACK_WEBHOOK_URL,
      SETTINGS.GITHUB_PAT,
      "BEGIN PRIVATE KEY",
      "00000000-1111-2222",
      "c2lnbmF0dXJlLXZhbHVl",
      "eu-west-1",
    ])
      expect(text).not.toContain(value);
  });
});
