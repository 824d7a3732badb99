// Forged, replayed and mangled Slack signatures through the adapters' real entry points: every
// one is a 401 with the same message, and none reaches a plugin. The comparison itself is
// checked to take the same time wherever two signatures differ.
import { timingSafeEqual } from "@catops/core";
import { describe, expect, it } from "vitest";
import {
  type BadInputDriver,
  inProcessDriver,
  nodeDriver,
  useBadInputAdapter,
  workerdDriver,
} from "./support/drivers.ts";
import {
  nowSeconds,
  ORIGIN,
  SIGNING_SECRET,
  sign,
  signedRequest,
  slashBody,
} from "./support/slack.ts";

interface Attack {
  name: string;
  /** The headers and body to send, given a genuine body. */
  forge(body: string): { timestamp: string; signature: string; body: string };
}

const genuine = (body: string, timestamp = nowSeconds()) => ({
  timestamp: String(timestamp),
  signature: sign(SIGNING_SECRET, timestamp, body),
  body,
});

const ATTACKS: Attack[] = [
  {
    name: "signed with the wrong secret",
    forge: (body) => {
      const timestamp = nowSeconds();
      return {
        timestamp: String(timestamp),
        signature: sign("not-the-secret", timestamp, body),
        body,
      };
    },
  },
  {
    name: "a tampered body (one character changed)",
    forge: (body) => ({ ...genuine(body), body: body.replace("text=hi", "text=hj") }),
  },
  {
    name: "a tampered body (a field appended)",
    forge: (body) => ({ ...genuine(body), body: `${body}&user_id=UADMIN` }),
  },
  {
    name: "replayed 6 minutes later",
    forge: (body) => genuine(body, nowSeconds() - 360),
  },
  {
    name: "replayed a day later",
    forge: (body) => genuine(body, nowSeconds() - 86_400),
  },
  {
    name: "a timestamp 6 minutes in the future",
    forge: (body) => genuine(body, nowSeconds() + 360),
  },
  {
    name: "a timestamp far in the future",
    forge: (body) => genuine(body, 9_999_999_999),
  },
  {
    name: "the timestamp changed after signing",
    forge: (body) => ({ ...genuine(body), timestamp: String(nowSeconds() - 1) }),
  },
  {
    name: "a signature of another version (v1=)",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: real.signature.replace(/^v0=/, "v1=") };
    },
  },
  {
    name: "an empty signature",
    forge: (body) => ({ ...genuine(body), signature: "" }),
  },
  {
    name: "only the version prefix",
    forge: (body) => ({ ...genuine(body), signature: "v0=" }),
  },
  {
    name: "the signature in upper-case hex",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: `v0=${real.signature.slice(3).toUpperCase()}` };
    },
  },
  {
    name: "a truncated signature",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: real.signature.slice(0, -1) };
    },
  },
  {
    name: "a signature with a byte appended",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: `${real.signature}0` };
    },
  },
  {
    name: "the signature sent twice",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: `${real.signature}, ${real.signature}` };
    },
  },
  {
    name: "the raw HMAC without the v0= prefix",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: real.signature.slice(3) };
    },
  },
  {
    name: "an all-zero signature",
    forge: (body) => ({ ...genuine(body), signature: `v0=${"0".repeat(64)}` }),
  },
  {
    name: "a timestamp with a fraction",
    forge: (body) => genuine(body, Number(`${nowSeconds()}.5`)),
  },
  {
    name: "a negative timestamp",
    forge: (body) => genuine(body, -1),
  },
  {
    name: "a signature computed without the timestamp",
    forge: (body) => {
      const real = genuine(body);
      return { ...real, signature: sign(SIGNING_SECRET, "", body).replace("v0=", "v0=") };
    },
  },
];

const DRIVERS: BadInputDriver[] = [inProcessDriver(), nodeDriver(), workerdDriver()];

for (const driver of DRIVERS) {
  describe(`signature attacks: ${driver.name}`, () => {
    const { recorder, adapter } = useBadInputAdapter(driver);

    for (const attack of ATTACKS) {
      it(`refuses ${attack.name} with 401`, async () => {
        const forged = attack.forge(slashBody({ text: "hi", response_url: `${recorder.url}/r` }));
        const response = await adapter.send(
          new Request(`${ORIGIN}/slack/events`, {
            method: "POST",
            headers: {
              "content-type": "application/x-www-form-urlencoded",
              "x-slack-request-timestamp": forged.timestamp,
              "x-slack-signature": forged.signature,
            },
            body: forged.body,
          }),
        );
        expect(response.status).toBe(401);
        // The same answer whatever failed: the response tells an attacker nothing.
        expect(await response.json()).toEqual({ ok: false, error: "invalid signature" });
      });
    }

    it("ran nothing for any of them, and still runs a genuine request", async () => {
      await adapter.drain();
      expect(recorder.requests.filter((r) => r.path.startsWith("/spy/"))).toEqual([]);
      const response = await adapter.send(signedRequest(slashBody({ text: "hi" })));
      expect(await response.json()).toEqual({ text: "Meow!", response_type: "in_channel" });
      expect(recorder.requests.filter((r) => r.path.startsWith("/spy/"))).toHaveLength(1);
    });
  });
}

describe("the signature comparison", () => {
  // A timing test of one comparison is noise; this one compares strings long enough that a
  // comparison stopping at the first difference would be thousands of times faster for an
  // early difference than a late one, and allows a 3x spread either way.
  it("takes as long for a difference at the first character as at the last", () => {
    const length = 8192;
    const base = "a".repeat(length);
    const early = `b${base.slice(1)}`;
    const late = `${base.slice(0, -1)}b`;
    const time = (other: string) => {
      const started = performance.now();
      let same = 0;
      for (let i = 0; i < 400; i++) if (timingSafeEqual(base, other)) same++;
      expect(same).toBe(0);
      return performance.now() - started;
    };
    time(early);
    time(late); // warm up both paths
    const samples = { early: [] as number[], late: [] as number[] };
    for (let round = 0; round < 7; round++) {
      samples.early.push(time(early));
      samples.late.push(time(late));
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[3]!;
    const ratio = median(samples.early) / median(samples.late);
    expect(ratio).toBeGreaterThan(1 / 3);
    expect(ratio).toBeLessThan(3);
  });

  it("is equality, for equal and unequal lengths alike", () => {
    expect(timingSafeEqual("v0=abc", "v0=abc")).toBe(true);
    expect(timingSafeEqual("v0=abc", "v0=abd")).toBe(false);
    expect(timingSafeEqual("v0=abc", "v0=ab")).toBe(false);
    expect(timingSafeEqual("", "")).toBe(true);
    expect(timingSafeEqual("a\u0000", "a")).toBe(false);
  });
});
