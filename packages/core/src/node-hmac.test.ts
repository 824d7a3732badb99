import { afterEach, describe, expect, it, vi } from "vitest";
import { jsHmacSha256 } from "./http/sha256.js";
import { type NodeCrypto, nodeCryptoHmacSha256 } from "./node-hmac.js";

/** A stand-in for node:crypto whose digests say where they came from. */
function fakeNodeCrypto(label: string) {
  const createHmac = vi.fn((_algorithm: "sha256", key: string) => ({
    update: (data: string) => ({ digest: () => `${label}(${key}, ${data})` }),
  }));
  return { createHmac } satisfies NodeCrypto;
}
const afterTimers = () => new Promise((resolve) => setTimeout(resolve, 5));

// Node's process, typed here: the core's tests are typed for every runtime.
const node = (globalThis as unknown as { process: { getBuiltinModule?: (id: string) => unknown } })
  .process;
const getBuiltinModule = node.getBuiltinModule;
/** As on a Node before 20.16, which has no `process.getBuiltinModule`. */
const withoutGetBuiltinModule = () => {
  node.getBuiltinModule = undefined;
};
afterEach(() => {
  node.getBuiltinModule = getBuiltinModule;
});

describe("nodeCryptoHmacSha256", () => {
  it("signs the first request in JavaScript and loads node:crypto after that turn, not before", async () => {
    const builtin = fakeNodeCrypto("builtin");
    node.getBuiltinModule = vi.fn(() => builtin);
    const importNodeCrypto = vi.fn(async () => fakeNodeCrypto("imported"));
    const hmac = nodeCryptoHmacSha256(importNodeCrypto);

    expect(hmac("secret", "v0:1:first")).toBe(jsHmacSha256("secret", "v0:1:first"));
    // Loading waits for the turn to end: the turn that answers the first request is not held.
    await Promise.resolve();
    expect(node.getBuiltinModule).not.toHaveBeenCalled();

    await afterTimers();
    expect(node.getBuiltinModule).toHaveBeenCalledWith("node:crypto");
    expect(hmac("secret", "v0:2:second")).toBe("builtin(secret, v0:2:second)");
    expect(builtin.createHmac).toHaveBeenCalledWith("sha256", "secret");
    // Taken as it is: no import, whose module facade would load Web Crypto's modules too.
    expect(importNodeCrypto).not.toHaveBeenCalled();
  });

  it("loads node:crypto at once for a second hash asked for before the turn has ended", async () => {
    const builtin = fakeNodeCrypto("builtin");
    node.getBuiltinModule = vi.fn((id: string) => (id === "node:crypto" ? builtin : undefined));
    const importNodeCrypto = vi.fn(async () => fakeNodeCrypto("imported"));
    const hmac = nodeCryptoHmacSha256(importNodeCrypto);

    expect(hmac("k", "first")).toBe(jsHmacSha256("k", "first"));
    expect(hmac("k", "second")).toBe("builtin(k, second)");
    expect(node.getBuiltinModule).toHaveBeenCalledWith("node:crypto");
    // The import that was under way does not replace it.
    await afterTimers();
    expect(hmac("k", "third")).toBe("builtin(k, third)");
  });

  it("imports node:crypto after that turn where Node cannot load it at once, signing in JavaScript until then", async () => {
    withoutGetBuiltinModule();
    const importNodeCrypto = vi.fn(async () => fakeNodeCrypto("imported"));
    const hmac = nodeCryptoHmacSha256(importNodeCrypto);
    for (let i = 0; i < 5; i++) expect(hmac("k", `m${i}`)).toBe(jsHmacSha256("k", `m${i}`));
    await afterTimers();
    for (let i = 0; i < 5; i++) expect(hmac("k", `n${i}`)).toBe(`imported(k, n${i})`);
    expect(importNodeCrypto).toHaveBeenCalledTimes(1);
  });

  it("goes on signing in JavaScript if node:crypto cannot be loaded", async () => {
    withoutGetBuiltinModule();
    const hmac = nodeCryptoHmacSha256(() => Promise.reject(new Error("no node:crypto here")));
    expect(hmac("k", "before")).toBe(jsHmacSha256("k", "before"));
    await afterTimers();
    expect(hmac("k", "after")).toBe(jsHmacSha256("k", "after"));
  });

  it("signs with this Node's own node:crypto after the first hash, as JavaScript did", () => {
    const hmac = nodeCryptoHmacSha256(() => new Promise<never>(() => {}));
    expect(hmac("k", "first")).toBe(jsHmacSha256("k", "first"));
    if (getBuiltinModule) {
      const viaBuiltin = vi.spyOn(node as Required<typeof node>, "getBuiltinModule");
      expect(hmac("k", "second")).toBe(jsHmacSha256("k", "second"));
      expect(viaBuiltin).toHaveBeenCalledWith("node:crypto");
    } else expect(hmac("k", "second")).toBe(jsHmacSha256("k", "second"));
  });
});
