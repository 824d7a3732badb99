// examples/azure's bundle as the Functions host loads it: the real @azure/functions v4 turns the
// app's registrations into the function metadata the host reads (names, bindings, routes, auth
// level, queue), here recorded by a stand-in for the worker's core module. Checked against
// host.json, which must agree with them.
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bundleApp } from "../../examples/azure/scripts/bundle.mjs";

const exampleDir = fileURLToPath(new URL("../../examples/azure/", import.meta.url));
const CORE_STUB = fileURLToPath(new URL("./functions-core-stub.cjs", import.meta.url));
const host = JSON.parse(readFileSync(join(exampleDir, "host.json"), "utf8"));
const manifest = JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8"));

interface Binding {
  type: string;
  direction: "in" | "out";
  [key: string]: unknown;
}
interface FunctionMetadata {
  name: string;
  bindings: Record<string, Binding>;
}

const app = mkdtempSync(join(tmpdir(), "catops-azure-app-"));
let loaded: { programmingModel: { name: string; version: string }; functions: FunctionMetadata[] };

beforeAll(async () => {
  await bundleApp(join(app, "dist"));
  writeFileSync(join(app, "package.json"), JSON.stringify({ type: "module", main: manifest.main }));
  mkdirSync(join(app, "node_modules/@azure"), { recursive: true });
  symlinkSync(
    join(exampleDir, "node_modules/@azure/functions"),
    join(app, "node_modules/@azure/functions"),
    "dir",
  );
  // What the worker does: load package.json's main, with the core module available.
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ["--require", CORE_STUB, "--input-type=module", "-e", `await import("./${manifest.main}")`],
    {
      cwd: app,
      env: { ...process.env, AzureWebJobsStorage: "UseDevelopmentStorage=true" },
      timeout: 30_000,
    },
  );
  loaded = JSON.parse(stdout.trim().split("\n").at(-1)!);
}, 60_000);

afterAll(() => rmSync(app, { recursive: true, force: true }));

const fn = (name: string) => loaded.functions.find((f) => f.name === name);
const trigger = (f: FunctionMetadata | undefined) =>
  Object.values(f?.bindings ?? {}).find((binding) => binding.direction === "in");

describe("examples/azure as the Functions host sees it (v4 programming model)", () => {
  it("is a v4 app of an HTTP function, a queue function and a timer per schedule", () => {
    expect(loaded.programmingModel).toEqual({
      name: "@azure/functions",
      version: expect.stringMatching(/^4\./),
    });
    expect(loaded.functions.map((f) => f.name).sort()).toEqual([
      "catops-http",
      "catops-jobs",
      "catops-schedule-alert-escalation",
      "catops-schedule-daily-check",
      "catops-schedule-rota-handoff",
    ]);
  });

  it("catops-http: an anonymous HTTP trigger on every path, GET and POST, with an HTTP output", () => {
    const http = fn("catops-http");
    expect(trigger(http)).toMatchObject({
      type: "httpTrigger",
      route: "{*path}",
      authLevel: "anonymous",
      methods: ["GET", "POST"],
    });
    expect(Object.values(http!.bindings).filter((b) => b.direction === "out")).toEqual([
      expect.objectContaining({ type: "http" }),
    ]);
  });

  it("catops-jobs: a queue trigger on catops-jobs through the AzureWebJobsStorage connection", () => {
    expect(trigger(fn("catops-jobs"))).toMatchObject({
      type: "queueTrigger",
      queueName: "catops-jobs",
      connection: "AzureWebJobsStorage",
    });
  });

  it("host.json agrees: bundle v4, no /api prefix, base64 messages, five deliveries, 10 minutes", () => {
    expect(host.version).toBe("2.0");
    expect(host.extensionBundle).toEqual({
      id: "Microsoft.Azure.Functions.ExtensionBundle",
      version: "[4.*, 5.0.0)",
    });
    // The routes above are the Slack paths themselves only without the default "api" prefix.
    expect(host.extensions.http.routePrefix).toBe("");
    expect(host.extensions.queues).toMatchObject({ messageEncoding: "base64", maxDequeueCount: 5 });
    expect(host.functionTimeout).toBe("00:10:00");
  });

  it("builds before starting the host, and asks for Node 22 in Azure", () => {
    expect(manifest.scripts.start).toMatch(/^node scripts\/bundle\.mjs && func start/);
    const readme = readFileSync(join(exampleDir, "README.md"), "utf8");
    expect(readme).toContain("--runtime-version 22");
  });
});
