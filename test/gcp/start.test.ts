// examples/gcp as `npm start` runs it: the example's own bundle script writes dist/, and the
// example's own Functions Framework (its dependency, started from its bin) serves the function,
// with no network. Cloud Functions runs the same dist/ with the same framework.
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, expect, it } from "vitest";
import { slashCommand } from "../aws/slack.ts";
import { freePort, type RunningTool, startTool } from "../support/offline-tool.ts";
import { NO_METADATA_SERVER } from "./offline.ts";

const exampleDir = fileURLToPath(new URL("../../examples/gcp/", import.meta.url));
const framework = fileURLToPath(
  new URL(
    "node_modules/@google-cloud/functions-framework/build/src/main.js",
    `file://${exampleDir}`,
  ),
);
const SECRET = "gcp-start-signing-secret";
let tool: RunningTool;
let baseUrl: string;

beforeAll(async () => {
  await promisify(execFile)(process.execPath, ["scripts/bundle.mjs"], {
    cwd: exampleDir,
    timeout: 60_000,
  });
  const port = await freePort();
  // The arguments of the example's `start` script, on a free port.
  tool = await startTool(
    framework,
    ["--target=catops", "--source=dist", `--port=${port}`],
    /URL: http/,
    {
      cwd: exampleDir,
      env: {
        ...NO_METADATA_SERVER,
        SLACK_SIGNING_SECRET: SECRET,
        SLACK_BOT_TOKEN: "xoxb-gcp-start",
      },
      timeoutMs: 60_000,
    },
  );
  baseUrl = `http://127.0.0.1:${port}`;
}, 120_000);

afterAll(() => tool?.stop());

it("answers a signed /catops hi with Meow!, and refuses a bad signature", async () => {
  const answer = await fetch(
    slashCommand(SECRET, "hi", { responseUrl: "http://127.0.0.1:9/hook", baseUrl }),
  );
  expect(answer.status).toBe(200);
  expect(await answer.json()).toMatchObject({ text: "Meow!" });
  const forged = await fetch(
    slashCommand("wrong", "hi", { responseUrl: "http://127.0.0.1:9/hook", baseUrl }),
  );
  expect(forged.status).toBe(401);
  expect(tool.denied()).toEqual([]);
}, 30_000);

it("is the example's start script", async () => {
  const { default: manifest } = await import("../../examples/gcp/package.json", {
    with: { type: "json" },
  });
  expect(manifest.scripts.start).toBe("functions-framework --target=catops --source=dist");
});
