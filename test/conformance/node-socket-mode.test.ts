// The Node row over Slack Socket Mode: the conformance table through the Node server connected
// out to Slack (a local WebSocket server), every Slack request delivered as its envelope. The
// other chat platforms have no Socket Mode: their table runs over HTTP in node.test.ts.
import { silentLogger } from "@catops/core";
import { createConformanceBot } from "@catops/conformance/bot";
import { conformanceNotApplicable, runConformance } from "@catops/conformance";
import { describe, expect, it } from "vitest";
import { NODE_INAPPLICABLE } from "./drivers/node.ts";
import { nodeSocketModeDriver } from "./drivers/node-socket-mode.ts";

const driver = nodeSocketModeDriver({
  bot: (setup) => createConformanceBot(setup.env, { logger: silentLogger }),
});

const UNSIGNED =
  "Socket Mode has no request signature: Slack sends envelopes on the WebSocket the server opened with its app-level token";

/** The table's scenarios this row does not run, each for its reason: they are about HTTP. */
const NOT_OVER_SOCKET_MODE: Record<string, string> = {
  "bad signature is refused with 401": UNSIGNED,
  "stale timestamp is refused with 401": UNSIGNED,
  "url_verification answers the challenge":
    "Slack verifies a Request URL, which Socket Mode does not have: it never sends url_verification on the socket",
  "alert webhook posts to the alert channel with its suggested command":
    "a monitoring webhook, not a Slack request: it reaches the server over HTTP whatever carries Slack",
  "oversized body is refused with 413":
    "the body limit bounds HTTP requests from anyone; Socket Mode messages come from Slack on a connection the server opened",
  "malformed body with a valid signature is refused with 400":
    "an HTTP status for a body that is not JSON; Socket Mode has no status, and an envelope it cannot read is acknowledged and logged (adapters/node/src/socket-mode.test.ts)",
  "health check answers 200": "a probe of the HTTP server, not a Slack request",
};

describe("node (slack socket mode): what the row leaves out", () => {
  it("leaves out exactly the HTTP-only scenarios listed here, and those of the server's jobs, for these reasons", () => {
    expect(conformanceNotApplicable(driver)).toEqual({
      ...NOT_OVER_SOCKET_MODE,
      "a forged job envelope (no record, another user, a foreign reply address) is refused and audited":
        NODE_INAPPLICABLE.jobEnvelopes,
      "a job whose run was killed, delivered again, ends interrupted and its channel is told":
        NODE_INAPPLICABLE.redelivery,
    });
  });
});

runConformance(driver);
