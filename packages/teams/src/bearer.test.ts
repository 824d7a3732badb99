// The key set's refresh rules, as Bot Framework and Google rotate their signing keys: fetched
// once and kept for a day; a token naming a key the set does not hold fetches it again, at most
// once a minute, so a stream of forged key ids cannot make every request fetch the set.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import { createTestIssuer } from "../../conformance/src/identity.ts";
import { checkBearerToken } from "./bearer.ts";

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;
const START = Date.UTC(2026, 0, 5, 9, 0, 0);
const ISSUER = "https://issuer.example";
const AUDIENCE = "catops-bearer-test";

const published = await createTestIssuer("bearer-published-key");
const rotated = await createTestIssuer("bearer-rotated-key");
const recorder = useRecorder();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date"] });
  vi.setSystemTime(START);
});
afterEach(() => vi.useRealTimers());

/** Checks a token `issuer` signs now (the faked clock), against the key set at `/keys?<set>`. */
async function check(set: string, issuer = published, options = {}) {
  const token = await issuer.sign({ iss: ISSUER, aud: AUDIENCE }, options);
  const result = await checkBearerToken({
    authorization: `Bearer ${token}`,
    jwksUrl: `${recorder.url}/keys?${set}`,
    issuers: [ISSUER],
    audiences: [AUDIENCE],
    clockToleranceSeconds: 60,
    now: Date.now(),
  });
  return result.ok ? "ok" : result.failure;
}

const fetches = (set: string) => recorder.requests.filter((r) => r.path === `/keys?${set}`).length;
const at = (ms: number) => vi.setSystemTime(START + ms);
const publish = (keys: { keys: unknown[] }) =>
  recorder.serve("/keys", { status: 200, body: JSON.stringify(keys) });

describe("a remote key set", () => {
  it("fetches the set again for a key it does not hold, at most once a minute", async () => {
    publish(published.jwks);
    expect(await check("rotation")).toBe("ok");
    expect(fetches("rotation")).toBe(1);

    // The platform rotates its key: within the minute the new key is not looked for.
    publish(rotated.jwks);
    at(10_000);
    expect(await check("rotation", rotated)).toBe("unknown key");
    expect(fetches("rotation")).toBe(1);

    at(MINUTE + 1_000);
    expect(await check("rotation", rotated)).toBe("ok");
    expect(fetches("rotation")).toBe(2);

    // A key nobody published, right after: refused without another fetch.
    at(MINUTE + 2_000);
    expect(await check("rotation", rotated, { unknownKey: true })).toBe("unknown key");
    expect(fetches("rotation")).toBe(2);
  });

  it("keeps the set for a day, then fetches it again before checking a token", async () => {
    publish(published.jwks);
    expect(await check("day")).toBe("ok");
    at(DAY - MINUTE);
    expect(await check("day")).toBe("ok");
    expect(fetches("day")).toBe(1);

    // A day on, the set is read again: a key withdrawn meanwhile no longer verifies.
    publish(rotated.jwks);
    at(DAY + 1_000);
    expect(await check("day")).toBe("unknown key");
    expect(fetches("day")).toBe(2);
    expect(await check("day", rotated)).toBe("ok");
    expect(fetches("day")).toBe(2);
  });
});
