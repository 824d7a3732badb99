// Properties of body decoding: readBody returns exactly the text of any valid UTF-8 body within
// the limit and refuses everything else with 400 or 413; parseJsonObject and the Slack parsers
// throw nothing but HttpError (a 4xx) for any input, and never touch Object.prototype.
import { HttpError, parseJsonObject, readBody } from "@catops/core";
import {
  eventCommand,
  interactionAction,
  parseSlackRequest,
  type SlackEventEnvelope,
  type SlackInteraction,
  slashCommandEvent,
} from "@catops/slack";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { prototypePollution } from "../support/pollution.ts";
import { holds, nastyString } from "../support/property.ts";
import { fixture, fixtureJson } from "../support/slack.ts";

/** Calls `fn`; an HttpError with a 4xx status is the documented refusal, anything else fails. */
function refusalOr<T>(fn: () => T): T | HttpError {
  try {
    return fn();
  } catch (error) {
    if (error instanceof HttpError && error.status >= 400 && error.status < 500) return error;
    throw error;
  }
}

const lenientDecode = (bytes: Uint8Array) =>
  new TextDecoder("utf-8", { ignoreBOM: true }).decode(bytes);
const isUtf8 = (bytes: Uint8Array) =>
  Buffer.compare(
    Buffer.from(new TextEncoder().encode(lenientDecode(bytes))),
    Buffer.from(bytes),
  ) === 0;

/** Bytes that are sometimes valid UTF-8 (encoded strings), sometimes not (raw bytes). */
const bodyBytes = fc.oneof(
  nastyString(200).map((text) => new TextEncoder().encode(text)),
  fc.uint8Array({ maxLength: 300 }),
  fc.constant(new Uint8Array([0xef, 0xbb, 0xbf, 0x61])),
);

function streamOf(bytes: Uint8Array, cuts: number[]): ReadableStream<Uint8Array> {
  const points = [...new Set(cuts.map((cut) => cut % (bytes.length + 1)))].sort((a, b) => a - b);
  const chunks: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    chunks.push(bytes.slice(from, point));
    from = point;
  }
  return new ReadableStream({
    pull(controller) {
      const next = chunks.shift();
      if (next) controller.enqueue(next);
      else controller.close();
    },
  });
}

/**
 * Any JSON value, with hostile keys likely. Nesting is bounded across objects and arrays alike
 * (one depth counter for the whole recursion): unbounded, a few cases grew to kilobytes and
 * generating them took most of the run.
 */
const depth = { depthIdentifier: "hostile-json" } as const;
const hostileJson = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", maxDepth: 3, ...depth },
    fc.jsonValue({ maxDepth: 1 }),
    tie("object"),
    fc.array(tie("value"), { maxLength: 3, ...depth }),
  ),
  object: fc.dictionary(
    fc.oneof(
      fc.constantFrom("__proto__", "constructor", "prototype", "type", "user", "text"),
      fc.string(),
    ),
    tie("value"),
    { maxKeys: 4, ...depth },
  ),
}));

describe("body decoding (property)", () => {
  it("readBody returns exactly the text of valid UTF-8 within the limit, else 400/413 (2,000 cases)", async () => {
    await holds(
      fc.asyncProperty(
        bodyBytes,
        fc.array(fc.nat(), { maxLength: 6 }),
        fc.integer({ min: 0, max: 320 }),
        fc.boolean(),
        async (bytes, cuts, limit, declare) => {
          const headers = declare ? { "content-length": String(bytes.length) } : undefined;
          const request = new Request("http://x/", {
            method: "POST",
            headers,
            body: streamOf(bytes, cuts),
            duplex: "half",
          } as RequestInit);
          let text: string;
          try {
            text = await readBody(request, limit);
          } catch (error) {
            expect(error).toBeInstanceOf(HttpError);
            const { status } = error as HttpError;
            if (bytes.length > limit) expect(status).toBe(413);
            else {
              expect(status).toBe(400);
              expect(isUtf8(bytes)).toBe(false);
            }
            return;
          }
          expect(bytes.length).toBeLessThanOrEqual(limit);
          expect(isUtf8(bytes)).toBe(true);
          expect(text).toBe(lenientDecode(bytes));
        },
      ),
      2000,
    );
  });

  it("readBody trusts no content-length header: lies, junk and duplicates (1,000 cases)", async () => {
    await holds(
      fc.asyncProperty(
        fc.string({ maxLength: 50 }).map((text) => new TextEncoder().encode(text)),
        fc.oneof(
          fc.constantFrom(
            "",
            "-1",
            "NaN",
            "1e9",
            "0x10",
            " 5 ",
            "5, 5",
            "Infinity",
            "99999999999999999999",
          ),
          fc.nat().map(String),
        ),
        async (bytes, declared) => {
          const request = new Request("http://x/", {
            method: "POST",
            headers: { "content-length": declared },
            body: bytes,
          });
          const limit = 64;
          const result = await readBody(request, limit).catch((error: unknown) => error);
          if (result instanceof HttpError) {
            expect(result.status).toBe(413);
            // Refused only when the body or the declared length is over the limit.
            expect(bytes.length > limit || Number(declared) > limit).toBe(true);
          } else {
            expect(result).toBe(new TextDecoder().decode(bytes));
          }
        },
      ),
      1000,
    );
  });

  it("parseJsonObject returns an object for JSON objects and a 400 for anything else (3,000 cases)", async () => {
    await holds(
      fc.property(
        fc.oneof(
          hostileJson.value.map((value) => JSON.stringify(value) ?? ""),
          nastyString(80),
        ),
        (text) => {
          const result = refusalOr(() => parseJsonObject(text));
          let parsed: unknown;
          try {
            parsed = JSON.parse(text);
          } catch {
            expect(result).toBeInstanceOf(HttpError);
            return;
          }
          const isObject = typeof parsed === "object" && parsed !== null && !Array.isArray(parsed);
          if (isObject) expect(result).toEqual(parsed);
          else expect(result).toBeInstanceOf(HttpError);
        },
      ),
      3000,
    );
    expect(prototypePollution()).toEqual([]);
  });

  it("parseSlackRequest and slashCommandEvent refuse with 4xx only, for any body and type (3,000 cases)", async () => {
    const slash = fixture("signing-docs-example.body.txt");
    const body = fc.oneof(
      nastyString(200),
      hostileJson.value.map((value) => JSON.stringify(value) ?? ""),
      hostileJson.object.map((value) => `payload=${encodeURIComponent(JSON.stringify(value))}`),
      fc
        .dictionary(
          fc.constantFrom(
            "command",
            "user_id",
            "channel_id",
            "text",
            "team_id",
            "__proto__",
            "payload",
            "ssl_check",
          ),
          nastyString(20),
        )
        .map((fields) => {
          const params = new URLSearchParams(slash);
          for (const [name, value] of Object.entries(fields)) params.set(name, value);
          return params.toString();
        }),
    );
    const contentType = fc.oneof(
      fc.constantFrom(
        null,
        "",
        "application/json",
        "application/x-www-form-urlencoded",
        "APPLICATION/JSON; charset=utf-8",
        "text/plain",
        "application/json, application/json",
      ),
      nastyString(20),
    );
    await holds(
      fc.property(body, contentType, (text, type) => {
        const parsed = refusalOr(() => parseSlackRequest(text, type));
        if (parsed instanceof HttpError || parsed.kind !== "command") return;
        const event = refusalOr(() => slashCommandEvent(parsed.params));
        if (event instanceof HttpError) return;
        expect(typeof event.user?.id).toBe("string");
        expect(typeof event.channel?.id).toBe("string");
        expect(typeof event.text).toBe("string");
      }),
      3000,
    );
    expect(prototypePollution()).toEqual([]);
  });

  it("eventCommand, after the parser, gives a command with string fields, an ignore, or a 400 (3,000 cases)", async () => {
    const base = fixtureJson("events-app-mention-usage-info.json");
    await holds(
      fc.property(
        hostileJson.object,
        hostileJson.object,
        fc.constantFrom("app_mention", "message", "reaction_added"),
        fc.boolean(),
        (envelopeExtra, eventExtra, type, keepText) => {
          const event = { ...base.event, ...eventExtra, type, channel_type: "im" };
          if (keepText) event.text = base.event.text;
          const body = JSON.stringify({ ...base, ...envelopeExtra, event });
          const parsed = refusalOr(() => parseSlackRequest(body, "application/json"));
          if (parsed instanceof HttpError || parsed.kind !== "event_callback") return;
          const envelope: SlackEventEnvelope = parsed.envelope;
          const decision = refusalOr(() => eventCommand(envelope));
          if (decision instanceof HttpError || "ignore" in decision) return;
          expect(typeof decision.event.user?.id).toBe("string");
          expect(typeof decision.event.channel?.id).toBe("string");
          expect(typeof decision.event.text).toBe("string");
        },
      ),
      3000,
    );
    expect(prototypePollution()).toEqual([]);
  });

  it("interactionAction, after the parser, gives a CatOps action by a string user, an ignore, or a 400 (3,000 cases)", async () => {
    const base = fixtureJson("interactivity-block-actions-message.payload.json");
    const action = fc.oneof(
      hostileJson.value,
      fc.record({
        action_id: fc.constantFrom("catops.run", "catops.confirm", "x"),
        value: hostileJson.value,
      }),
    );
    await holds(
      fc.property(
        hostileJson.object,
        fc.oneof(fc.array(action, { maxLength: 3 }), hostileJson.value),
        (extra, actions) => {
          const body = `payload=${encodeURIComponent(JSON.stringify({ ...base, ...extra, actions }))}`;
          const parsed = refusalOr(() =>
            parseSlackRequest(body, "application/x-www-form-urlencoded"),
          );
          if (parsed instanceof HttpError) return;
          expect(parsed.kind).toBe("interaction");
          const payload = (parsed as { payload: SlackInteraction }).payload;
          const decision = refusalOr(() => interactionAction(payload));
          if (decision instanceof HttpError || "ignore" in decision) return;
          expect(typeof decision.event.user?.id).toBe("string");
          if (decision.action.value !== undefined)
            expect(typeof decision.action.value).toBe("string");
        },
      ),
      3000,
    );
    expect(prototypePollution()).toEqual([]);
  });
});
