// @catops/core/node-hmac: the HMAC the adapters that run on Node give their runtime. An entry of
// its own, as no Worker needs it: what the main entry re-exports lands on every cold path.
import { jsHmacSha256 } from "./http/sha256.js";

export { jsHmacSha256 };

// Node's, declared here: the core is typed for every runtime, and only Node runs this module.
declare function setImmediate(callback: () => void): { unref(): void };

/** What a Node runtime's HMAC needs of node:crypto. */
export interface NodeCrypto {
  createHmac(
    algorithm: "sha256",
    key: string,
  ): {
    update(data: string): { digest(encoding: "hex"): string };
  };
}

/**
 * Hex HMAC-SHA256 with node:crypto, for the adapters that run on Node, given how to import it.
 * Loading node:crypto (36 of Node's internal modules) costs a cold start about 6 ms of CPU before
 * its first answer, for one hash; so the first hash comes from JavaScript (jsHmacSha256, about a
 * millisecond the first time), and node:crypto loads after the turn of the first one, to sign
 * every request after it (`process.getBuiltinModule`, Node 20.16 and later; `importNodeCrypto`
 * before). A second hash asked for before that turn has ended (requests answered back to back
 * without the event loop turning) loads it at once where Node can, rather than hash on in
 * JavaScript.
 */
export function nodeCryptoHmacSha256(
  importNodeCrypto: () => Promise<NodeCrypto>,
): (key: string, message: string) => string {
  let nodeCrypto: NodeCrypto | undefined;
  let loading = false;
  function loadAfterThisTurn(): void {
    loading = true;
    // setImmediate rather than a timer: Lambda's runtime schedules each invocation with it, so it
    // is ready to use there, where a cold start's first setTimeout costs about 0.4 ms.
    const immediate = setImmediate(() => {
      // Taken as it is where Node can: an import also builds its ES module facade, which reads
      // every export, Web Crypto's too, and so loads Web Crypto's modules as well.
      nodeCrypto ??= builtinNodeCrypto();
      if (nodeCrypto) return;
      // node:crypto is part of Node: should it ever fail to load, JavaScript goes on signing.
      importNodeCrypto().then(
        (loaded) => {
          nodeCrypto ??= loaded;
        },
        () => undefined,
      );
    });
    // A process with nothing else to do need not wait for it.
    immediate.unref();
  }
  return (key, message) => {
    if (loading) nodeCrypto ??= builtinNodeCrypto();
    if (nodeCrypto) return nodeCrypto.createHmac("sha256", key).update(message).digest("hex");
    if (!loading) loadAfterThisTurn();
    return jsHmacSha256(key, message);
  };
}

// A specifier in a variable: the core is typed and built for every runtime, and only Node gets
// here (where node:crypto is built in, so no bundler need follow it).
const NODE_CRYPTO = "node:crypto";

/** The HMAC every Node adapter gives its runtime: node:crypto's, after a cold start's first hash. */
export const nodeHmacSha256 = /* @__PURE__ */ nodeCryptoHmacSha256(
  () => import(NODE_CRYPTO) as Promise<NodeCrypto>,
);

/** node:crypto at once, where Node gives built-in modules without an import. */
function builtinNodeCrypto(): NodeCrypto | undefined {
  const node = (globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }).process;
  return node?.getBuiltinModule?.("node:crypto") as NodeCrypto | undefined;
}
