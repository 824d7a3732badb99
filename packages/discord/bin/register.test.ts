// The catops-discord-register bin as users run it: bundled the way tsup builds it, run by Node
// with only environment variables, against the recorder standing in for Discord's API.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type Recorder, startRecorder } from "../../conformance/src/recorder.ts";

const APP = "290926444748734465";
let recorder: Recorder;
let dir: string;
let bin: string;

beforeAll(async () => {
  recorder = await startRecorder();
  dir = mkdtempSync(join(tmpdir(), "catops-discord-register-"));
  bin = join(dir, "register-cli.mjs");
  const result = await build({
    entryPoints: [fileURLToPath(new URL("./register.ts", import.meta.url))],
    bundle: true,
    format: "esm",
    platform: "node",
    write: false,
    logLevel: "silent",
  });
  writeFileSync(bin, result.outputFiles[0]!.text);
});

afterAll(async () => {
  await recorder.close();
  rmSync(dir, { recursive: true, force: true });
});

function run(env: Record<string, string>): Promise<{ code: number; stdout: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [bin],
      { env: { PATH: process.env.PATH ?? "", ...env }, timeout: 10_000 },
      (error, stdout) =>
        resolve({ code: typeof error?.code === "number" ? error.code : 0, stdout }),
    );
  });
}

describe("catops-discord-register", () => {
  it("registers the command from the environment and exits 0", async () => {
    recorder.respondWith(`/api/v10/applications/${APP}/commands`, {
      status: 201,
      body: JSON.stringify({ id: "1179520113445011456", name: "catops", type: 1 }),
    });
    const { code, stdout } = await run({
      CATOPS_DISCORD_APPLICATION_ID: APP,
      CATOPS_DISCORD_BOT_TOKEN: "bin-test-bot-token",
      CATOPS_DISCORD_API_URL: `${recorder.url}/api/v10`,
    });
    expect(stdout).toBe("Registered /catops globally (command id 1179520113445011456).\n");
    expect(code).toBe(0);
    const request = recorder.requests.find(
      (r) => r.path === `/api/v10/applications/${APP}/commands`,
    );
    expect(request?.headers.authorization).toBe("Bot bin-test-bot-token");
  });

  it("exits 2 and names the missing settings", async () => {
    const { code, stdout } = await run({});
    expect(code).toBe(2);
    expect(stdout).toContain("CATOPS_DISCORD_APPLICATION_ID and CATOPS_DISCORD_BOT_TOKEN");
  });
});
