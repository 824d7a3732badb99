// examples/gcp as deployed: its entry bundled and minified, served by the real Functions
// Framework server in a child process, its Firestore store on a Firestore protocol server.
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { documentId } from "@catops/gcp-functions/firestore";
import { afterAll, beforeAll, expect, it } from "vitest";
import { vendorJson } from "../fixtures/vendor.mjs";
import { type Recorder, startRecorder } from "../../packages/conformance/src/recorder.ts";
import { type FirestoreEmulator, startFirestoreEmulator } from "./firestore-emulator.ts";
import { type ServedFunctions, serveFunctions } from "./framework.ts";

const SECRET = "gcp-example-signing-secret";
const example = new URL("../../examples/gcp/", import.meta.url);

let served: ServedFunctions;
let slack: Recorder;
let firestore: FirestoreEmulator;

beforeAll(async () => {
  [slack, firestore] = await Promise.all([startRecorder(), startFirestoreEmulator()]);
  served = await serveFunctions({
    entry: fileURLToPath(new URL("src/index.ts", example)),
    targets: ["catops", "catops-jobs"],
    build: { minify: true, resolveFrom: fileURLToPath(example) },
    env: {
      ...firestore.env,
      SLACK_SIGNING_SECRET: SECRET,
      SLACK_BOT_TOKEN: "xoxb-gcp-example",
      CATOPS_SLACK_API_URL: `${slack.url}/api`,
      CATOPS_PUBSUB_TOPIC: "catops-jobs",
    },
  });
}, 30_000);

afterAll(async () => {
  await served?.stop();
  await Promise.all([slack?.close(), firestore?.stop()]);
});

function postSlack(body: string): Promise<Response> {
  const timestamp = String(Math.floor(Date.now() / 1000));
  const signature = createHmac("sha256", SECRET).update(`v0:${timestamp}:${body}`).digest("hex");
  return fetch(`${served.urls.catops}/slack/events`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      "x-slack-request-timestamp": timestamp,
      "x-slack-signature": `v0=${signature}`,
    },
    body,
  });
}

const slash = (text: string) =>
  new URLSearchParams({
    command: "/catops",
    text,
    user_id: "U1",
    user_name: "ana",
    channel_id: "C1",
    channel_name: "ops",
    team_id: "T1",
    response_url: `${slack.url}/respond`,
  }).toString();

it("answers the example plugins' commands", async () => {
  const response = await postSlack(slash("hi"));
  expect(response.status).toBe(200);
  expect(((await response.json()) as { text: string }).text).toBe("Meow!");
  const echo = (await (await postSlack(slash("echo from gcp"))).json()) as { text: string };
  expect(echo.text).toBe("from gcp");
});

it("keeps a confirmation in Firestore and answers the button press from it", async () => {
  const response = await postSlack(slash("deploy api --env prod"));
  expect(response.status).toBe(200);
  const message = JSON.stringify(await response.json());
  const id =
    /"action_id":"catops\.cancel","value":"([^"]+)"|"value":"([^"]+)","action_id":"catops\.cancel"/
      .exec(message)
      ?.slice(1)
      .find(Boolean);
  expect(id, message).toBeTruthy();
  const stored = await firestore
    .client()
    .collection("catops")
    .doc(documentId(`confirm:${id}`))
    .get();
  expect(stored.exists).toBe(true);
  expect(JSON.parse(stored.data()!.value).text).toBe("deploy api --env prod");

  const payload = vendorJson("slack/interactivity-block-actions-message.payload.json");
  payload.user = { ...payload.user, id: "U1" };
  payload.actions = [{ ...payload.actions[0], action_id: "catops.cancel", value: id }];
  payload.response_url = `${slack.url}/pressed`;
  const pressed = await postSlack(`payload=${encodeURIComponent(JSON.stringify(payload))}`);
  expect(pressed.status).toBe(200);
  const late = await slack.waitFor((request) => request.path === "/pressed");
  expect(late.json.text).toBe("Cancelled `deploy api --env prod`.");
});
