// examples/aws through the Serverless Framework itself (v3, the example's devDependency), as a
// new user runs it, with dummy credentials and no network: `serverless package` writes the
// CloudFormation template and the zip, and `serverless offline` answers a signed slash command.
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { bundle } from "../../examples/aws/scripts/bundle.mjs";
import { freePort, runTool, startTool, type ToolRun } from "../support/offline-tool.ts";
import { slashCommand } from "./slack.ts";

const exampleDir = fileURLToPath(new URL("../../examples/aws/", import.meta.url));
const serverless = join(exampleDir, "node_modules/serverless/bin/serverless.js");
const SECRET = "serverless-offline-secret";
// What a new user has before `aws configure`: keys that are never checked, and nothing online.
const ENV = {
  AWS_ACCESS_KEY_ID: "AKIAIOSFODNN7EXAMPLE",
  AWS_SECRET_ACCESS_KEY: "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
  AWS_REGION: "us-east-1",
  SLS_TELEMETRY_DISABLED: "1",
  SLS_NOTIFICATIONS_MODE: "off",
  // The secrets from the environment, so the SSM fallback in serverless.yml is never asked.
  SLACK_SIGNING_SECRET: SECRET,
  SLACK_BOT_TOKEN: "xoxb-serverless-offline",
};

// The service in a directory of its own: serverless.yml, the bundle it packages, the example's
// node_modules (the framework's plugins and the AWS SDK the bundle leaves out).
const service = mkdtempSync(join(tmpdir(), "catops-serverless-"));
afterAll(() => rmSync(service, { recursive: true, force: true }));

beforeAll(async () => {
  cpSync(join(exampleDir, "serverless.yml"), join(service, "serverless.yml"));
  symlinkSync(join(exampleDir, "node_modules"), join(service, "node_modules"), "dir");
  // With the code cache (made for this machine): every file the package must hold.
  await bundle({ outfile: join(service, "dist/handler.mjs"), regenerate: false, target: "host" });
}, 60_000);

const cfnTags = [
  { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
  { tag: "!GetAtt", resolve: (value: string) => ({ "Fn::GetAtt": value.split(".") }) },
  { tag: "!Sub", resolve: (value: string) => ({ "Fn::Sub": value }) },
];
const sam = parse(readFileSync(join(exampleDir, "template.yaml"), "utf8"), {
  customTags: cfnTags,
}).Resources;

const ofType = (resources: Record<string, any>, type: string) =>
  Object.values<any>(resources).filter((resource) => resource.Type === type);

describe("serverless package (Serverless Framework v3)", () => {
  const out = join(service, ".serverless");
  let run: ToolRun;
  let resources: Record<string, any>;

  beforeAll(async () => {
    run = await runTool(serverless, ["package", "--package", out], { cwd: service, env: ENV });
    if (run.code === 0) {
      const file = join(out, "cloudformation-template-update-stack.json");
      resources = JSON.parse(readFileSync(file, "utf8")).Resources;
    }
  }, 240_000);

  it("packages with dummy credentials and tries no connection at all", () => {
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(run.stdout + run.stderr).toContain("Service packaged");
    expect(run.denied).toEqual([]);
  });

  it("zips the bundle and nothing else", () => {
    const zip = readFileSync(join(out, "catops.zip"));
    // The handler with V8's code cache (the split build as scripts), and the split build.
    for (const file of [
      "dist/handler.mjs",
      "dist/handler-script/handler.js",
      "dist/handler-script/handler.js.cache",
      "dist/handler-script/chunks/",
    ])
      expect(zip.includes(file), file).toBe(true);
    expect(zip.includes("dist/esm/handler.mjs")).toBe(true);
    // The chunks the split build loads on first use (alert handling, the on-call rota).
    expect(zip.includes("dist/esm/chunks/")).toBe(true);
    expect(zip.includes("node_modules/")).toBe(false);
    expect(zip.includes("serverless.yml")).toBe(false);
  });

  it("deploys the function as the SAM template does: nodejs22.x, arm64, 1 GB, 900 s", () => {
    const [fn] = ofType(resources, "AWS::Lambda::Function");
    const samFn = sam.CatopsFunction.Properties;
    expect(fn.Properties).toMatchObject({
      Runtime: samFn.Runtime,
      Architectures: samFn.Architectures,
      MemorySize: samFn.MemorySize,
      Timeout: samFn.Timeout,
      Handler: `dist/${samFn.Handler}`,
    });
    expect(fn.Properties.Runtime).toBe("nodejs22.x");
    expect(Object.keys(fn.Properties.Environment.Variables).sort()).toEqual(
      Object.keys(samFn.Environment.Variables).sort(),
    );
  });

  it("creates the same HTTP routes, table, alarm topic and EventBridge rule as the SAM template", () => {
    const routes = ofType(resources, "AWS::ApiGatewayV2::Route").map((r) => r.Properties.RouteKey);
    const samRoutes = Object.values<any>(sam.CatopsFunction.Properties.Events)
      .filter((event) => event.Type === "HttpApi")
      .map((event) => `${event.Properties.Method} ${event.Properties.Path}`);
    expect(routes.sort()).toEqual(samRoutes.sort());

    const [table] = ofType(resources, "AWS::DynamoDB::Table");
    expect(table.Properties).toEqual(sam.CatopsTable.Properties);

    const [topic] = ofType(resources, "AWS::SNS::Topic");
    expect(topic.Properties.DisplayName).toBe(sam.AlarmTopic.Properties.DisplayName);
    expect(topic.Properties.Subscription).toEqual([
      { Endpoint: { "Fn::GetAtt": ["CatopsLambdaFunction", "Arn"] }, Protocol: "lambda" },
    ]);

    const rules = ofType(resources, "AWS::Events::Rule");
    const [rule] = rules.filter((r) => r.Properties.EventPattern);
    const samRule = Object.values<any>(sam.CatopsFunction.Properties.Events).find(
      (event) => event.Type === "EventBridgeRule",
    );
    expect(rule.Properties.EventPattern).toEqual(samRule.Properties.Pattern);
  });

  it("creates a scheduled rule for each schedule the SAM template schedules, with its input", () => {
    const scheduled = ofType(resources, "AWS::Events::Rule")
      .filter((rule) => rule.Properties.ScheduleExpression)
      .map((rule) => ({
        expression: rule.Properties.ScheduleExpression,
        schedule: JSON.parse(rule.Properties.Targets[0].Input).schedule,
      }));
    const samSchedules = Object.values<any>(sam.CatopsFunction.Properties.Events)
      .filter((event) => event.Type === "ScheduleV2")
      .map((event) => ({
        expression: event.Properties.ScheduleExpression,
        schedule: JSON.parse(event.Properties.Input).schedule,
      }));
    const bySchedule = (a: { schedule: string }, b: { schedule: string }) =>
      a.schedule.localeCompare(b.schedule);
    expect(scheduled.sort(bySchedule)).toEqual(samSchedules.sort(bySchedule));
    expect(scheduled).toHaveLength(3);
  });

  it("grants the function what the SAM template grants: the table actions and invoking itself", () => {
    const [role] = ofType(resources, "AWS::IAM::Role");
    const actions = role.Properties.Policies.flatMap((policy: any) =>
      policy.PolicyDocument.Statement.flatMap((s: any) => [s.Action].flat()),
    ).filter((action: string) => !action.startsWith("logs:"));
    const samActions = sam.CatopsFunction.Properties.Policies.flatMap((policy: any) =>
      policy.Statement.flatMap((s: any) => [s.Action].flat()),
    );
    expect(actions.sort()).toEqual(samActions.sort());
    const invoke = role.Properties.Policies[0].PolicyDocument.Statement.find(
      (s: any) => [s.Action].flat()[0] === "lambda:InvokeFunction",
    );
    expect(invoke.Resource).toEqual({
      "Fn::Sub": `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:catops-dev-catops`,
    });
  });
});

describe("serverless offline (serverless-offline 13)", () => {
  let baseUrl: string;
  let tool: Awaited<ReturnType<typeof startTool>>;

  beforeAll(async () => {
    const [httpPort, lambdaPort] = [await freePort(), await freePort()];
    tool = await startTool(
      serverless,
      [
        "offline",
        "--host",
        "127.0.0.1",
        ...["--httpPort", String(httpPort), "--lambdaPort", String(lambdaPort)],
      ],
      /Server ready/,
      { cwd: service, env: ENV, timeoutMs: 180_000 },
    );
    baseUrl = `http://127.0.0.1:${httpPort}`;
  }, 200_000);

  afterAll(() => tool?.stop());

  // serverless-offline serves the HTTP API routes, not the function URL, and calls even a
  // streaming handler with a buffered (event, context): the handler answers buffered there. A
  // plugin's command is then a job (an asynchronous self-invocation), which the conformance
  // matrix runs on dynalite; here the signed command is one the bot answers itself.
  it("answers a signed /catops help with the plugins' commands over loopback", async () => {
    const response = await fetch(
      slashCommand(SECRET, "help", { responseUrl: "http://127.0.0.1:9/hook", baseUrl }),
    );
    expect(response.status).toBe(200);
    const { text } = (await response.json()) as { text: string };
    for (const name of ["hi", "deploy", "jobs"]) expect(text).toContain(`\`${name}`);
    expect(tool.denied()).toEqual([]);
  }, 60_000);

  it("refuses a bad signature with 401, and serves /healthz", async () => {
    const forged = await fetch(
      slashCommand("not-the-secret", "hi", { responseUrl: "http://127.0.0.1:9/hook", baseUrl }),
    );
    expect(forged.status).toBe(401);
    expect((await fetch(`${baseUrl}/healthz`)).status).toBe(200);
  }, 60_000);
});

it("the example declares the framework and the plugin it runs with", () => {
  const manifest = JSON.parse(readFileSync(join(exampleDir, "package.json"), "utf8"));
  expect(manifest.devDependencies.serverless).toMatch(/^3\./);
  expect(existsSync(serverless)).toBe(true);
});
