// The bad-input matrix: requests no one should be able to hurt CatOps with, and what each must
// be answered. Every case is built fresh (timestamps are signed now) for the recorder at hand.
import type { RawRequest } from "../support/drivers.ts";
import {
  FORM,
  interaction,
  JSON_TYPE,
  mentionEnvelope,
  MIB,
  nested,
  signed,
  slash,
  twice,
  without,
} from "./requests.ts";

export interface BadInputCase {
  name: string;
  request(recorderUrl: string): RawRequest;
  /** The statuses allowed: the first is CatOps' own; others are answers an HTTP layer may give first. */
  status: number[];
  /** Text the JSON `error` (or the reply's `text`) must contain, when CatOps answers. */
  message?: string | RegExp;
  /** A 200 whose reply (JSON text) must match. */
  reply?: RegExp;
}

const INVALID_SIGNATURE = "invalid signature";

export const BAD_INPUT_CASES: BadInputCase[] = [
  // Headers
  {
    name: "no signature header",
    request: (r) => without(signed(slash(r, "hi")), "x-slack-signature"),
    status: [401],
    message: INVALID_SIGNATURE,
  },
  {
    name: "no timestamp header",
    request: (r) => without(signed(slash(r, "hi")), "x-slack-request-timestamp"),
    status: [401],
    message: INVALID_SIGNATURE,
  },
  {
    name: "no Slack headers at all",
    request: (r) => ({ method: "POST", path: "/slack/events", headers: [], body: slash(r, "hi") }),
    status: [401],
    message: INVALID_SIGNATURE,
  },
  {
    name: "the signature header twice",
    request: (r) => twice(signed(slash(r, "hi")), "x-slack-signature"),
    status: [401],
    message: INVALID_SIGNATURE,
  },
  {
    name: "the timestamp header twice",
    request: (r) => twice(signed(slash(r, "hi")), "x-slack-request-timestamp"),
    status: [401],
    message: INVALID_SIGNATURE,
  },
  {
    name: "a 20 kB signature header",
    request: (r) => ({
      ...without(signed(slash(r, "hi")), "x-slack-signature"),
      headers: [
        ...without(signed(slash(r, "hi")), "x-slack-signature").headers,
        ["x-slack-signature", `v0=${"a".repeat(20_000)}`],
      ],
    }),
    // Node's HTTP parser refuses headers over 16 kB itself.
    status: [401, 431],
    message: INVALID_SIGNATURE,
  },
  // Content types
  {
    name: "a signed form sent as text/plain",
    request: (r) => signed(slash(r, "hi"), "text/plain"),
    status: [415],
    message: "unsupported content type text/plain",
  },
  {
    name: "a signed form sent as application/json",
    request: (r) => signed(slash(r, "hi"), JSON_TYPE),
    status: [400],
    message: "not valid JSON",
  },
  {
    name: "signed JSON sent as a form",
    request: () => signed(JSON.stringify({ type: "url_verification", challenge: "x" }), FORM),
    status: [400],
    message: "neither a slash command nor an interaction",
  },
  {
    name: "the content-type header twice (form, then JSON)",
    request: (r) => twice(signed(slash(r, "deploy")), "content-type", JSON_TYPE),
    // Joined ("a, b", as every entry point here reads two lines) it is no type CatOps reads.
    status: [415],
    message: "unsupported content type application/x-www-form-urlencoded, application/json",
  },
  {
    name: "a multipart body",
    request: () => signed("--x\r\n\r\nhi\r\n--x--", "multipart/form-data; boundary=x"),
    status: [415],
    message: "unsupported content type multipart/form-data",
  },
  // Bytes
  {
    name: "invalid UTF-8, signed",
    request: () =>
      signed(new Uint8Array([...new TextEncoder().encode("command=%2Fcatops&text="), 0xc3, 0x28])),
    status: [400],
    message: "body is not valid UTF-8",
  },
  {
    name: "a lone surrogate's bytes, signed",
    request: () => signed(new Uint8Array([0x7b, 0xed, 0xa0, 0x80, 0x7d]), JSON_TYPE),
    // Lambda's HTTP API hands a JSON body over as text: the bad bytes are replaced on the way,
    // so the signature no longer matches.
    status: [400, 401],
    message: "body is not valid UTF-8",
  },
  {
    name: "NUL bytes in the command name",
    request: (r) => signed(slash(r, "hi\u0000\u0000")),
    status: [200],
    reply: /Unknown command/,
  },
  {
    name: "NUL bytes as the whole body",
    request: () => signed("\u0000".repeat(64)),
    status: [400],
    message: "neither a slash command nor an interaction",
  },
  {
    name: "NUL bytes inside JSON",
    request: () => signed(JSON.stringify({ type: "event_callback\u0000", x: "\u0000" }), JSON_TYPE),
    status: [200],
  },
  {
    name: "an empty body, signed",
    request: () => signed(""),
    status: [400],
    message: "neither a slash command nor an interaction",
  },
  // Size
  {
    name: "a 10 MB body with its length declared",
    request: (r) => signed(slash(r, `hi ${"x".repeat(10 * MIB)}`)),
    status: [413],
    message: "body larger than",
  },
  {
    name: "a 10 MB unsigned JSON body",
    request: () => ({
      method: "POST",
      path: "/slack/events",
      headers: [["content-type", JSON_TYPE]],
      body: `{"a":"${"x".repeat(10 * MIB)}"}`,
    }),
    status: [413],
    message: "body larger than",
  },
  {
    name: "a command line of 4,001 characters",
    request: (r) => signed(slash(r, `deploy ${"a".repeat(3994)}`)),
    status: [200],
    reply: /command line too long \(4001 &gt; 4000/,
  },
  {
    name: "a command line of 200,000 characters",
    request: (r) => signed(slash(r, "hi ".repeat(66_667))),
    status: [200],
    reply: /command line too long/,
  },
  {
    name: "1,990 tokens within the length limit",
    request: (r) => signed(slash(r, `deploy${" a".repeat(1990)}`)),
    status: [200],
    reply: /unexpected arguments/,
  },
  // JSON shapes
  {
    name: "JSON nested 100,000 deep in an ignored event",
    request: () =>
      signed(
        `{"type":"event_callback","event":{"type":"reaction_added"},"deep":${nested(100_000)}}`,
        JSON_TYPE,
      ),
    status: [200],
  },
  {
    name: "JSON nested 100,000 deep as the whole body",
    request: () => signed(nested(100_000), JSON_TYPE),
    status: [400],
    message: "must be a JSON object",
  },
  {
    name: "JSON nested 50,000 deep in a mention's event",
    request: () =>
      signed(
        mentionEnvelope({ text: "<@U0LAN0Z89> deploy", deep: "DEEP" }).replace(
          '"DEEP"',
          nested(50_000),
        ),
        JSON_TYPE,
      ),
    status: [200],
  },
  {
    name: "__proto__ and constructor keys in Events API JSON",
    request: () =>
      signed(
        '{"type":"event_callback","__proto__":{"polluted":"yes"},"constructor":{"prototype":{"polluted":"yes"}},' +
          '"event":{"type":"reaction_added","__proto__":{"isAdmin":true}}}',
        JSON_TYPE,
      ),
    status: [200],
  },
  {
    name: "__proto__ keys in an interaction payload",
    request: () =>
      signed(
        `payload=${encodeURIComponent(
          '{"type":"block_actions","__proto__":{"polluted":"yes"},"user":{"id":"U1","__proto__":{"isAdmin":true}},' +
            '"actions":[{"action_id":"catops.run","value":"deploy","__proto__":{"polluted":"yes"}}]}',
        )}`,
      ),
    status: [200],
  },
  {
    name: "__proto__ and constructor as form field names",
    // A usage error that opens no form (a missing argument would open one in a modal).
    request: (r) =>
      signed(
        `${slash(r, "deploy api --env nope")}&__proto__=x&constructor%5Bprototype%5D%5Bpolluted%5D=1`,
      ),
    status: [200],
    reply: /--env must be one of staging, prod/,
  },
  {
    name: "--__proto__ as a flag",
    request: (r) => signed(slash(r, "deploy api --__proto__ polluted")),
    status: [200],
    reply: /unknown flag --__proto__/,
  },
  {
    name: "--constructor=... as a flag",
    request: (r) => signed(slash(r, "deploy api --constructor=polluted")),
    status: [200],
    reply: /unknown flag --constructor/,
  },
  {
    name: "--prototype, -__proto__ and --no-__proto__ as flags",
    request: (r) => signed(slash(r, "deploy api --prototype x -__proto__ y --no-__proto__")),
    status: [200],
    reply: /unknown flag --/,
  },
  {
    name: "--toString and --hasOwnProperty as flags",
    request: (r) => signed(slash(r, "deploy api --toString x --hasOwnProperty")),
    status: [200],
    reply: /unknown flag --toString/,
  },
  // Slack payloads CatOps does not know
  {
    name: "an unknown Events API type",
    request: () => signed(JSON.stringify({ type: "brand_new_type", token: "x" }), JSON_TYPE),
    status: [200],
  },
  {
    name: "app_rate_limited",
    request: () =>
      signed(
        JSON.stringify({ type: "app_rate_limited", team_id: "T1", minute_rate_limited: 1 }),
        JSON_TYPE,
      ),
    status: [200],
  },
  {
    name: "an unknown interaction type (view_submission)",
    request: () => signed(interaction({ type: "view_submission", actions: undefined })),
    status: [200],
  },
  {
    name: "a CatOps modal's view_submission whose private_metadata is not a CatOps form's",
    request: () =>
      signed(
        interaction({
          type: "view_submission",
          actions: undefined,
          view: { callback_id: "catops.form", private_metadata: "{not json", state: {} },
        }),
      ),
    status: [400],
    message: "view_submission's private_metadata is not a CatOps form's",
  },
  {
    name: "a CatOps modal's view_submission with values of the wrong shapes",
    request: () =>
      signed(
        interaction({
          type: "view_submission",
          actions: undefined,
          view: {
            callback_id: "catops.form",
            private_metadata: JSON.stringify({ command: "deploy" }),
            state: { values: { "arg.service": "text", "flag.env": { value: 7 } } },
          },
        }),
      ),
    status: [200],
    reply: /"response_action":"errors"/,
  },
  {
    name: "a block_actions press of a button CatOps did not send",
    request: () => signed(interaction({ actions: [{ action_id: "someone.else", value: "hi" }] })),
    status: [200],
  },
  {
    name: "block_actions whose actions is an object",
    request: () => signed(interaction({ actions: { action_id: "catops.run", value: "hi" } })),
    status: [400],
    message: "payload.actions must be a list",
  },
  {
    name: "block_actions whose action_id is a number",
    request: () => signed(interaction({ actions: [{ action_id: 7, value: "hi" }] })),
    status: [400],
    message: "payload.actions[0].action_id must be a string",
  },
  {
    name: "an interaction payload that is not JSON",
    request: () => signed("payload=%7Bnot-json"),
    status: [400],
    message: "payload is not valid JSON",
  },
  {
    name: "an app_mention whose text is a number",
    request: () => signed(mentionEnvelope({ text: 42 }), JSON_TYPE),
    status: [400],
    message: "event.text must be a string",
  },
  {
    name: "an app_mention whose user is an object",
    request: () =>
      signed(mentionEnvelope({ text: "<@U0LAN0Z89> hi", user: { id: "U1" } }), JSON_TYPE),
    status: [400],
    message: "event.user must be a string",
  },
  {
    name: "url_verification without a challenge",
    request: () => signed(JSON.stringify({ type: "url_verification", challenge: 5 }), JSON_TYPE),
    status: [400],
    message: "url_verification has no challenge",
  },
  {
    name: "a slash command without user_id",
    request: (r) => signed(slash(r, "hi", { user_id: "" })),
    status: [400],
    message: "slash command has no user_id",
  },
  // Routes and methods
  {
    name: "GET on the Slack route",
    request: () => ({ method: "GET", path: "/slack/events", headers: [] }),
    status: [405],
    message: "method not allowed",
  },
  {
    name: "PUT on the Slack route",
    request: (r) => ({ ...signed(slash(r, "hi")), method: "PUT" }),
    status: [405],
    message: "method not allowed",
  },
  {
    name: "an unknown path",
    request: (r) => ({ ...signed(slash(r, "hi")), path: "/slack/events/../../etc/passwd" }),
    status: [404],
    message: "not found",
  },
  {
    name: "a malformed percent-escape in an alert path",
    request: () => ({ method: "POST", path: "/alerts/%E0%A4%A", headers: [], body: "{}" }),
    status: [400],
    message: "malformed alert source in the path",
  },
  {
    name: "an alert without its token",
    request: () => ({
      method: "POST",
      path: "/alerts/generic",
      headers: [["content-type", JSON_TYPE]],
      body: '{"title":"x","__proto__":{"polluted":"yes"}}',
    }),
    status: [401],
    message: "unauthorized",
  },
];
