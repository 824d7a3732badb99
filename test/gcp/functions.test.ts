// @catops/gcp-functions on the real Functions Framework server (its Express app, body parsers
// and CloudEvent handling), in a child process, over HTTP on loopback. Slack's signatures are
// checked on the bytes the framework kept (rawBody), whatever body parser ran first.
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { vendorJson, vendorText } from "../fixtures/vendor.mjs";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { deliverPubSubMessage, type ServedFunctions, serveFunctions } from "./framework.ts";

// Slack's documented signing example: its secret, timestamp and signature, verified as sent.
const SECRET = "8f742231b10e8888abcd99yyyzzz85a5";
const TIMESTAMP = "1531420618";

let served: ServedFunctions;
let slack: Recorder;
let pubsub: Recorder;

beforeAll(async () => {
  [slack, pubsub] = await Promise.all([startRecorder(), startRecorder()]);
  served = await serveFunctions({
    entry: fileURLToPath(new URL("./entry.ts", import.meta.url)),
    targets: ["catops", "catops-jobs"],
    env: {
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-gcp-test-token",
      CATOPS_SLACK_API_URL: `${slack.url}/api`,
      CATOPS_PUBSUB_CAPTURE_URL: pubsub.url,
      CATOPS_TEST_NOW: `${Number(TIMESTAMP) * 1000 + 30_000}`,
    },
  });
}, 30_000);

afterAll(async () => {
  await served?.stop();
  await Promise.all([slack?.close(), pubsub?.close()]);
});

function sign(body: string, timestamp = TIMESTAMP): string {
  return `v0=${createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex")}`;
}

function postSlack(body: string, contentType: string, signature = sign(body)): Promise<Response> {
  return fetch(`${served.urls.catops}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": contentType,
      "x-slack-request-timestamp": TIMESTAMP,
      "x-slack-signature": signature,
    },
    body,
  });
}

const FORM = "application/x-www-form-urlencoded";

function slashCommand(text: string, responsePath: string): string {
  return new URLSearchParams({
    token: "t",
    team_id: "T1",
    team_domain: "example",
    channel_id: "C1",
    channel_name: "ops",
    user_id: "U1",
    user_name: "ana",
    command: "/catops",
    text,
    response_url: `${slack.url}${responsePath}`,
    trigger_id: "1.2.3",
  }).toString();
}

describe("HTTP function: signatures on the raw body", () => {
  it("verifies Slack's own signed form body, byte for byte", async () => {
    const body = vendorText("slack/signing-docs-example.body.txt");
    const response = await postSlack(
      body,
      FORM,
      "v0=a2114d57b48eac39b9ad189dd8316235a7b4a8d21a10bd27519666489c69b503",
    );
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toMatch(/application\/json/);
  });

  it("verifies a form body whose encoding a parser would not reproduce", async () => {
    // '/' and ':' unencoded and %20 for spaces: re-encoding the parsed form changes the bytes.
    const body = vendorText("slack/slash-command-docs-example.txt").replace(
      "text=94070",
      "text=echo%20raw%20bytes%2Bkept",
    );
    const response = await postSlack(body, FORM);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { text: string }).text).toBe("raw bytes+kept");
  });

  it("verifies a JSON body (url_verification answers the challenge)", async () => {
    const body = vendorText("slack/events-url-verification.json");
    const response = await postSlack(body, "application/json");
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ challenge: JSON.parse(body).challenge });
  });

  it("verifies a payload= interactivity body and runs the pressed button", async () => {
    const payload = vendorJson("slack/interactivity-block-actions-message.payload.json");
    payload.actions = [{ ...payload.actions[0], action_id: "catops.run", value: "echo pressed" }];
    payload.response_url = `${slack.url}/actions/pressed`;
    const body = `payload=${encodeURIComponent(JSON.stringify(payload))}`;
    const response = await postSlack(body, FORM);
    expect(response.status).toBe(200);
    const late = await slack.waitFor((request) => request.path === "/actions/pressed");
    expect(late.json.text).toBe("pressed");
  });

  it.each([
    ["form", FORM, () => slashCommand("echo hi", "/unused")],
    ["JSON", "application/json", () => vendorText("slack/events-url-verification.json")],
  ])("refuses a tampered %s body with 401", async (_kind, contentType, makeBody) => {
    const body = makeBody();
    const response = await postSlack(`${body} `, contentType, sign(body));
    expect(response.status).toBe(401);
    expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
  });

  it("answers a malformed JSON body with the framework's own 400, and no stack trace", async () => {
    // Express's body-parser refuses it before the function runs (functions-framework-nodejs#686);
    // with NODE_ENV=production, as on Cloud Functions, the answer names no error.
    const response = await postSlack('{"type": "url_verification",', "application/json");
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text).toContain("Bad Request");
    expect(text).not.toMatch(/SyntaxError|\bat \S+ \(|node_modules/);
  });
});

describe("HTTP function: routes", () => {
  it("answers GET /healthz", async () => {
    const response = await fetch(`${served.urls.catops}/healthz`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ ok: true, name: "catops" });
  });

  it.each([
    ["schema 1.2 example", "monitoring/gcp-monitoring-webhook-v1.2.docs-schema-example.json"],
    [
      "closed incident",
      "monitoring/gcp-monitoring-notification-v1.2.googlecloudplatform-example_message.json",
    ],
  ])("hands a Cloud Monitoring notification (%s) to the alert path", async (_name, path) => {
    const body = vendorText(path);
    const response = await fetch(`${served.urls.catops}/alerts/gcp-monitoring`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body,
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      source: "gcp-monitoring",
      incidentId: JSON.parse(body).incident.incident_id,
    });
  });

  it("answers unknown paths with 404 and wrong methods with 405", async () => {
    expect((await fetch(`${served.urls.catops}/nowhere`)).status).toBe(404);
    const wrong = await fetch(`${served.urls.catops}/slack/events`);
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get("allow")).toBe("POST");
  });
});

describe("deferred jobs: Pub/Sub → CloudEvent function", () => {
  async function deferAndDeliver(what: string, mode: "binary" | "structured") {
    const before = pubsub.requests.length;
    const response = await postSlack(slashCommand(`later ${what}`, `/respond/${what}`), FORM);
    expect(response.status).toBe(200);
    const ack = (await response.json()) as { text: string };
    expect(ack.text).toMatch(new RegExp(`Running \`later ${what}\``));
    // Published during the request, before Slack got its answer.
    const published = pubsub.requests.slice(before);
    expect(published).toHaveLength(1);
    expect(published[0]!.path).toBe("/publish/catops-jobs");
    expect(published[0]!.json.attributes).toMatchObject({ kind: "catops.job", connector: "slack" });
    const job = JSON.parse(Buffer.from(published[0]!.json.data, "base64").toString("utf8"));
    expect(job).toMatchObject({ kind: "catops.job", connector: "slack" });
    expect(slack.requests.some((request) => request.path === `/respond/${what}`)).toBe(false);

    const delivered = await deliverPubSubMessage(served.urls["catops-jobs"]!, published[0]!, mode);
    expect(delivered.status).toBe(204);
    const late = await slack.waitFor((request) => request.path === `/respond/${what}`);
    expect(late.json.text).toBe(`Later done: ${what} (job ${job.id})`);
    return { published: published[0]!, job };
  }

  it("runs a job delivered in binary content mode (ce-* headers)", async () => {
    await deferAndDeliver("binary", "binary");
  });

  it("runs a job delivered in structured content mode (application/cloudevents+json)", async () => {
    await deferAndDeliver("structured", "structured");
  });

  it("runs a job once when Pub/Sub delivers it twice", async () => {
    const { published } = await deferAndDeliver("twice", "binary");
    const again = await deliverPubSubMessage(served.urls["catops-jobs"]!, published, "structured");
    expect(again.status).toBe(204);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(slack.requests.filter((request) => request.path === "/respond/twice")).toHaveLength(1);
  });

  it("acknowledges and logs a message that is not a job, so it is not retried forever", async () => {
    const response = await fetch(served.urls["catops-jobs"]!, {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "ce-id": "not-a-job-1",
        "ce-specversion": "1.0",
        "ce-type": "google.cloud.pubsub.topic.v1.messagePublished",
        "ce-source": "//pubsub.googleapis.com/projects/catops-test/topics/catops-jobs",
      },
      body: JSON.stringify({ message: { data: Buffer.from('{"hello":1}').toString("base64") } }),
    });
    expect(response.status).toBe(204);
    const logged = await waitForLog((entry) => entry.eventId === "not-a-job-1");
    expect(logged).toMatchObject({
      severity: "ERROR",
      message: "Pub/Sub message dropped",
      reason: "the Pub/Sub message is not a CatOps job",
    });
  });
});

describe("logs", () => {
  it("writes JSON lines with a Cloud Logging severity, and never the signing secret", async () => {
    await postSlack(slashCommand("echo x", "/unused"), FORM, sign("something else"));
    const refused = await waitForLog((entry) => entry.message === "Slack request refused");
    expect(refused).toMatchObject({ severity: "WARNING", reason: "signature mismatch" });
    expect(typeof refused.time).toBe("string");
    const entries = served.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(entries.length).toBeGreaterThan(0);
    for (const entry of entries)
      expect(["DEBUG", "INFO", "WARNING", "ERROR"]).toContain(entry.severity);
    expect(served.stdout.join("\n")).not.toContain(SECRET);
  });
});

async function waitForLog(
  match: (entry: Record<string, any>) => boolean,
  timeoutMs = 5000,
): Promise<Record<string, any>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    for (const line of served.stdout) {
      const entry = JSON.parse(line) as Record<string, any>;
      if (match(entry)) return entry;
    }
    if (Date.now() > deadline) throw new Error(`no such log line in:\n${served.stdout.join("\n")}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
