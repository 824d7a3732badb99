// examples/aws as deployed: the bundle the templates point at, the routes, table and alarm
// subscriptions they declare, and IAM permissions that are exactly what the code calls.
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, sep } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { InvokeCommand, LambdaClient } from "@aws-sdk/client-lambda";
import { createLambdaContext } from "@catops/aws-lambda/testing";
import { mockClient } from "aws-sdk-client-mock";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";
import { lambdaNodeFlags } from "@catops/node";
import { LAMBDA, OUTFILE, bundle } from "../../examples/aws/scripts/bundle.mjs";
import { measureColdStart } from "../../examples/aws/scripts/cold-start.mjs";
import { staticClosure } from "../../bench/lib/static-closure.ts";
import { vendorJson } from "../fixtures/vendor.mjs";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { installLambdaStreaming, invokeStreaming } from "./lambda-streaming.mjs";
import { LOCAL_AWS_ENV, type RunningDynalite, startDynalite } from "./dynalite.ts";
import { eventFromRequest } from "./events.ts";
import { buttonPress, buttonValue, homeOpened, slashCommand } from "./slack.ts";

const exampleDir = fileURLToPath(new URL("../../examples/aws/", import.meta.url));
const awsFixture = (name: string) => vendorJson(`aws/${name}`);

// CloudFormation's short-form tags, as the SAM template uses them, read as their long forms.
const cfnTags = [
  { tag: "!Ref", resolve: (value: string) => ({ Ref: value }) },
  { tag: "!GetAtt", resolve: (value: string) => ({ "Fn::GetAtt": value.split(".") }) },
  { tag: "!Sub", resolve: (value: string) => ({ "Fn::Sub": value }) },
];
const sam = parse(readFileSync(join(exampleDir, "template.yaml"), "utf8"), {
  customTags: cfnTags,
});
const sls = parse(readFileSync(join(exampleDir, "serverless.yml"), "utf8"));
const samFunction = sam.Resources.CatopsFunction.Properties;
const [slsFunctionKey, slsFunction] = Object.entries<any>(sls.functions)[0]!;

interface Statement {
  Effect: string;
  Action: string | string[];
  Resource: unknown;
}
const statementsOf = {
  sam: (): Statement[] => samFunction.Policies.flatMap((policy: any) => policy.Statement ?? []),
  serverless: (): Statement[] => sls.provider.iam.role.statements,
};
const actionsOf = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();

let built: {
  outfile: string;
  bytes: number;
  gzipBytes: number;
  files: string[];
  esm: string;
  codeCache: string;
};
beforeAll(async () => {
  // With the code cache, for Lambda's flags: made on this machine as on one like the function's.
  built = await bundle({ regenerate: false, target: "host" });
  expect(built.codeCache).toBe("made");
}, 60_000);

describe("the handler each template names", () => {
  // Lambda's runtime has its streaming API in place before it loads a streaming handler.
  const exportsOf = async (file: string) => {
    installLambdaStreaming();
    return import(pathToFileURL(file).href);
  };

  it("SAM: CodeUri + Handler name a file in the bundle that exports the middy handler", async () => {
    const [module, exported] = samFunction.Handler.split(".");
    const file = join(exampleDir, samFunction.CodeUri, `${module}.mjs`);
    expect(file).toBe(OUTFILE);
    expect(existsSync(file)).toBe(true);
    expect(samFunction.Runtime).toBe("nodejs22.x");
    expect(typeof (await exportsOf(file))[exported].use).toBe("function");
  });

  it("both give Slack a function URL that streams its answers", () => {
    expect(samFunction.FunctionUrlConfig).toEqual({
      AuthType: "NONE",
      InvokeMode: "RESPONSE_STREAM",
    });
    expect(slsFunction.url).toEqual({ invokeMode: "RESPONSE_STREAM" });
    expect(sam.Outputs.SlackRequestUrl.Value).toEqual({
      "Fn::Sub": `${"$"}{CatopsFunctionUrl.FunctionUrl}slack/events`,
    });
  });

  it("serverless: the handler path names the same file, and the package includes it", async () => {
    const path = slsFunction.handler as string;
    const file = join(exampleDir, `${path.slice(0, path.lastIndexOf("."))}.mjs`);
    expect(file).toBe(OUTFILE);
    expect(sls.provider.runtime).toBe("nodejs22.x");
    expect(sls.package.patterns).toContain("dist/handler.mjs");
    expect(typeof (await exportsOf(file))[path.slice(path.lastIndexOf(".") + 1)]).toBe("function");
  });

  it("leaves the AWS SDK out of the bundle, for the runtime to provide", () => {
    // The handler and its chunks (the DynamoDB store's code is one, loaded on first use).
    const code = built.files.map((file) => readFileSync(file, "utf8")).join("\n");
    const imports = new Set(code.match(/import\("@aws-sdk\/[\w-]+"\)/g) ?? []);
    expect([...imports].sort()).toEqual([
      'import("@aws-sdk/client-dynamodb")',
      'import("@aws-sdk/client-lambda")',
      'import("@aws-sdk/lib-dynamodb")',
    ]);
    // Nothing of the SDK itself: its middleware stack and DynamoDB's wire protocol.
    expect(code.includes("smithy")).toBe(false);
    expect(code.includes("DynamoDB_20120810")).toBe(false);
    expect(built.bytes).toBeLessThan(200 * 1024);
  });
});

describe("what a slash command's cold start loads", () => {
  it("leaves alert handling and the on-call rota to chunks loaded on first use", () => {
    const read = (files: string[]) => files.map((file) => readFileSync(file, "utf8")).join("\n");
    const loaded = read(staticClosure(built.esm));
    const everything = read(built.files);
    expect(built.files.some((file) => file.includes(`${sep}esm${sep}chunks${sep}`))).toBe(true);
    for (const text of ["alert webhook refused", "No on-call rota here yet."]) {
      expect(loaded).not.toContain(text);
      expect(everything).toContain(text);
    }
  });

  it("leaves middy, and the node:stream and node:timers it imports, to a chunk loaded by .use()", () => {
    const loaded = staticClosure(built.esm).map((file) => readFileSync(file, "utf8"));
    const everything = built.files.map((file) => readFileSync(file, "utf8"));
    const middy = "timeoutEarlyInMillis";
    expect(everything.some((code) => code.includes(middy))).toBe(true);
    expect(loaded.some((code) => code.includes(middy))).toBe(false);
    for (const code of loaded) expect(code).not.toMatch(/"node:(stream|timers)[/"]/);
  });
});

describe("what the templates declare", () => {
  const routes = ["GET /healthz", "POST /alerts/{source}", "POST /slack/events"];

  it("the HTTP routes", () => {
    const samRoutes = Object.values<any>(samFunction.Events)
      .filter((e) => e.Type === "HttpApi")
      .map((e) => `${e.Properties.Method} ${e.Properties.Path}`);
    const slsRoutes = slsFunction.events
      .filter((e: any) => e.httpApi)
      .map((e: any) => `${e.httpApi.method} ${e.httpApi.path}`);
    expect(samRoutes.sort()).toEqual(routes);
    expect(slsRoutes.sort()).toEqual(routes);
  });

  it("a table keyed by pk with expiresAt as its TTL, named to the function", () => {
    const samTable = sam.Resources.CatopsTable.Properties;
    const slsTable = sls.resources.Resources.CatopsTable.Properties;
    for (const table of [samTable, slsTable]) {
      expect(table.KeySchema).toEqual([{ AttributeName: "pk", KeyType: "HASH" }]);
      expect(table.AttributeDefinitions).toEqual([{ AttributeName: "pk", AttributeType: "S" }]);
      expect(table.TimeToLiveSpecification).toEqual({ AttributeName: "expiresAt", Enabled: true });
    }
    expect(samFunction.Environment.Variables.CATOPS_TABLE_NAME).toEqual({ Ref: "CatopsTable" });
    expect(sls.provider.environment.CATOPS_TABLE_NAME).toEqual({ Ref: "CatopsTable" });
  });

  it("alarm subscriptions whose EventBridge patterns match AWS's alarm events", () => {
    const matches = (pattern: any, event: any): boolean =>
      Object.entries(pattern).every(([key, want]) =>
        Array.isArray(want) ? want.includes(event?.[key]) : matches(want, event?.[key]),
      );
    const samEvents = Object.values<any>(samFunction.Events);
    const samPattern = samEvents.find((e) => e.Type === "EventBridgeRule").Properties.Pattern;
    const slsPattern = slsFunction.events.find((e: any) => e.eventBridge).eventBridge.pattern;
    for (const name of [
      "eventbridge-cloudwatch-alarm-state-change-single-metric.awsdocs.json",
      "eventbridge-cloudwatch-alarm-state-change-metric-math.awsdocs.json",
      "eventbridge-cloudwatch-alarm-state-change-composite.awsdocs.json",
    ]) {
      expect(matches(samPattern, awsFixture(name))).toBe(true);
      expect(matches(slsPattern, awsFixture(name))).toBe(true);
    }
    expect(matches(samPattern, { source: "aws.ec2", "detail-type": "EC2 State Change" })).toBe(
      false,
    );
    const topic = samEvents.find((e) => e.Type === "SNS").Properties.Topic;
    expect(sam.Resources[topic.Ref].Type).toBe("AWS::SNS::Topic");
    expect(slsFunction.events.some((e: any) => e.sns?.topicName)).toBe(true);
  });
});

describe("IAM: exactly what the code calls", () => {
  const SECRET = "example-signing-secret";
  const TABLE = "catops-example";
  const lambda = mockClient(LambdaClient);
  let dynamo: RunningDynalite;
  let recorder: Recorder;
  let calledActions: string[];

  beforeAll(async () => {
    [dynamo, recorder] = await Promise.all([startDynalite(), startRecorder()]);
    await dynamo.createTable(TABLE);
    dynamo.operations.length = 0;
    lambda.on(InvokeCommand).resolves({ StatusCode: 202 });
    const env = {
      ...LOCAL_AWS_ENV,
      AWS_ENDPOINT_URL_DYNAMODB: dynamo.endpoint,
      CATOPS_TABLE_NAME: TABLE,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-example",
      CATOPS_SLACK_API_URL: `${recorder.url}/api`,
    };
    for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
    // A fresh copy of the bundle, so it reads this environment when it loads; Slack reaches it
    // through its streaming function URL, as deployed.
    installLambdaStreaming();
    const { handler } = await import(`${pathToFileURL(OUTFILE).href}?iam`);
    const send = async (request: Request, functionName = "catops-dev-catops") => {
      const answer = await invokeStreaming(
        handler,
        await eventFromRequest("function-url", request),
        createLambdaContext({ functionName }),
      );
      await answer.endedAt;
      return new Response(answer.body, { status: answer.statusCode, headers: answer.headers });
    };

    // Everything the example does: a command that confirms, then defers; the job; a listing;
    // the Home tab.
    const responseUrl = `${recorder.url}/response/deploy`;
    const asked = await (await send(slashCommand(SECRET, "deploy api", { responseUrl }))).json();
    const confirmId = buttonValue(asked, "catops.confirm");
    expect(confirmId).toBeDefined();
    expect(
      (
        await send(
          buttonPress(SECRET, { actionId: "catops.confirm", value: confirmId! }, { responseUrl }),
        )
      ).status,
    ).toBe(200);
    const invokes = lambda.commandCalls(InvokeCommand);
    expect(invokes).toHaveLength(1);
    const job = JSON.parse(new TextDecoder().decode(invokes[0]!.args[0].input.Payload));
    expect(await handler(job, createLambdaContext())).toEqual({ ok: true, jobId: job.id });
    await recorder.waitFor((r) =>
      JSON.stringify(r.json ?? "").includes("Deployed api@latest to staging."),
    );
    const listing = await (await send(slashCommand(SECRET, "jobs", { responseUrl }))).json();
    expect(JSON.stringify(listing)).toContain(job.id);
    // The rota behind `oncall` loads from its chunk on the first run, and reads the table.
    const oncall = await (await send(slashCommand(SECRET, "oncall", { responseUrl }))).json();
    expect(JSON.stringify(oncall)).toContain("No on-call rota here yet.");
    // The Home tab lists the user's jobs from their own index key, as `jobs` does.
    expect((await send(homeOpened(SECRET))).status).toBe(200);
    const home = await recorder.waitFor((r) => r.path === "/api/views.publish");
    expect(JSON.stringify(home.json.view)).toContain(job.id);

    calledActions = [
      ...new Set([
        ...dynamo.operations.map((operation) => `dynamodb:${operation}`),
        ...invokes.map(() => "lambda:InvokeFunction"),
      ]),
    ].sort();
  }, 60_000);

  afterAll(async () => {
    vi.unstubAllEnvs();
    lambda.restore();
    await Promise.all([dynamo?.stop(), recorder?.close()]);
  });

  it("the code's calls are three table operations (no Scan) and invoking itself", () => {
    expect(calledActions).toEqual([
      "dynamodb:DeleteItem",
      "dynamodb:GetItem",
      "dynamodb:PutItem",
      "lambda:InvokeFunction",
    ]);
  });

  it.each(["sam", "serverless"] as const)("%s grants those actions and nothing more", (tool) => {
    expect(actionsOf(statementsOf[tool]())).toEqual(calledActions);
    for (const statement of statementsOf[tool]()) expect(statement.Effect).toBe("Allow");
  });

  it("SAM: the table actions on the table, InvokeFunction on this function only", () => {
    for (const statement of statementsOf.sam()) {
      if (String(statement.Action).startsWith("lambda:")) {
        const name = samFunction.FunctionName["Fn::Sub"];
        expect(statement.Resource).toEqual({
          "Fn::Sub": `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:${name}`,
        });
      } else expect(statement.Resource).toEqual({ "Fn::GetAtt": ["CatopsTable", "Arn"] });
    }
  });

  it("serverless: the same, with the function's default name service-stage-function", () => {
    for (const statement of statementsOf.serverless()) {
      if (String(statement.Action).startsWith("lambda:"))
        // CloudFormation's pseudo parameters: Serverless Framework v3 has no `aws:partition`.
        expect(statement.Resource).toEqual({
          "Fn::Sub": `arn:\${AWS::Partition}:lambda:\${AWS::Region}:\${AWS::AccountId}:function:\${self:service}-\${sls:stage}-${slsFunctionKey}`,
        });
      else expect(statement.Resource).toEqual({ "Fn::GetAtt": ["CatopsTable", "Arn"] });
    }
  });
});

describe("cold start of the bundle", () => {
  it("answers a signed slash command in a fresh process without loading the AWS SDK", async () => {
    const [run] = await measureColdStart({ runs: 1 });
    expect(run.statusCode).toBe(200);
    expect(JSON.parse(run.body).text).toBe("Meow!");
    // An open command needs neither the store nor another invocation before its answer.
    expect(run.awsSdk).toEqual([]);
    // Started without Lambda's flags, V8 would refuse the code cache: the split build answers.
    expect(run.codeCache).toBe("not taken");
  }, 30_000);

  it("takes the code cache made at build time when node starts with Lambda's flags", async () => {
    const [run] = await measureColdStart({
      runs: 1,
      nodeFlags: lambdaNodeFlags(LAMBDA.memorySize),
    });
    expect(run.codeCache).toBe("used");
    expect(run.statusCode).toBe(200);
    expect(JSON.parse(run.body).text).toBe("Meow!");
    expect(run.awsSdk).toEqual([]);
  }, 30_000);

  it("writes the scripts in ASCII, which the entry reads as Latin-1", () => {
    // One character past ASCII would make a script a two-byte string, read by decoding it.
    const scripts = built.files.filter(
      (file) => file.includes("handler-script") && file.endsWith(".js"),
    );
    expect(scripts.length).toBeGreaterThan(1);
    for (const file of scripts) {
      const script = readFileSync(file);
      const wide = script.findIndex((byte) => byte > 0x7f);
      expect(
        wide < 0 ? null : script.subarray(Math.max(0, wide - 40), wide + 10).toString(),
        file,
      ).toBeNull();
    }
    expect(readFileSync(built.outfile, "utf8")).toContain('runScript(file, "latin1"');
  });

  it("makes the cache for the processor, Node and memory both templates give the function", () => {
    expect(samFunction.MemorySize).toBe(LAMBDA.memorySize);
    expect(sls.provider.memorySize).toBe(LAMBDA.memorySize);
    expect(samFunction.Architectures).toEqual([LAMBDA.arch]);
    expect(sls.provider.architecture).toBe(LAMBDA.arch);
    expect(samFunction.Runtime).toBe(`nodejs${LAMBDA.nodeMajor}.x`);
    expect(sls.provider.runtime).toBe(`nodejs${LAMBDA.nodeMajor}.x`);
  });

  it("writes the split build alone where this machine cannot make the function's cache", async () => {
    const outfile = join(mkdtempSync(join(tmpdir(), "catops-aws-")), "handler.mjs");
    const other = { ...LAMBDA, arch: process.arch === "arm64" ? "x64" : "arm64" };
    const split = await bundle({ outfile, regenerate: false, target: other });
    expect(split.codeCache).toMatch(/^not made: this is \w+ Node \d+, the function runs on/);
    expect(split.outfile).toBe(outfile);
    expect(existsSync(join(dirname(outfile), "handler-script"))).toBe(false);
    const [run] = await measureColdStart({ runs: 1, bundle: outfile });
    expect(JSON.parse(run.body).text).toBe("Meow!");
    expect(run.codeCache).toBeUndefined();
    rmSync(dirname(outfile), { recursive: true, force: true });
  }, 60_000);
});
