import { nodeCryptoHmacSha256 } from "@catops/core/node-hmac";

/** Hex HMAC-SHA256: node:crypto's, loaded after a cold start's first hash (nodeCryptoHmacSha256). */
export const nodeHmacSha256 = nodeCryptoHmacSha256(() => import("node:crypto"));
