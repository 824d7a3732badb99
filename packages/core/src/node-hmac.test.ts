import { describe, expect, it, vi } from "vitest";
import { jsHmacSha256 } from "./http/sha256.js";
import { type NodeCrypto, nodeCryptoHmacSha256 } from "./node-hmac.js";

/** A stand-in for node:crypto whose digests say they are its own. */
function fakeNodeCrypto() {
  const createHmac = vi.fn((_algorithm: "sha256", key: string) => ({
    update: (data: string) => ({ digest: () => `node:crypto(${key}, ${data})` }),
  }));
  return { createHmac } satisfies NodeCrypto;
}
const afterTimers = () => new Promise((resolve) => setTimeout(resolve, 5));

describe("nodeCryptoHmacSha256", () => {
  it("signs the first request in JavaScript and loads node:crypto after that turn, not before", async () => {
    const nodeCrypto = fakeNodeCrypto();
    const importNodeCrypto = vi.fn(async () => nodeCrypto);
    const hmac = nodeCryptoHmacSha256(importNodeCrypto);
    expect(importNodeCrypto).not.toHaveBeenCalled();

    expect(hmac("secret", "v0:1:first")).toBe(jsHmacSha256("secret", "v0:1:first"));
    // Loading waits for a timer: the turn that answers the first request is not held by it.
    await Promise.resolve();
    expect(importNodeCrypto).not.toHaveBeenCalled();

    await afterTimers();
    expect(importNodeCrypto).toHaveBeenCalledTimes(1);
    expect(hmac("secret", "v0:2:second")).toBe("node:crypto(secret, v0:2:second)");
    expect(nodeCrypto.createHmac).toHaveBeenCalledWith("sha256", "secret");
  });

  it("loads node:crypto once however many requests come before it has loaded", async () => {
    const importNodeCrypto = vi.fn(async () => fakeNodeCrypto());
    const hmac = nodeCryptoHmacSha256(importNodeCrypto);
    for (let i = 0; i < 5; i++) expect(hmac("k", `m${i}`)).toBe(jsHmacSha256("k", `m${i}`));
    await afterTimers();
    for (let i = 0; i < 5; i++) expect(hmac("k", `n${i}`)).toBe(`node:crypto(k, n${i})`);
    expect(importNodeCrypto).toHaveBeenCalledTimes(1);
  });

  it("goes on signing in JavaScript if node:crypto cannot be loaded", async () => {
    const hmac = nodeCryptoHmacSha256(() => Promise.reject(new Error("no node:crypto here")));
    expect(hmac("k", "before")).toBe(jsHmacSha256("k", "before"));
    await afterTimers();
    expect(hmac("k", "after")).toBe(jsHmacSha256("k", "after"));
  });
});
