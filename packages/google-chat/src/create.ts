import { type Connector, lazyConnector } from "@catops/core";
import type { GoogleChatConnectorOptions } from "./connector.js";
import { GOOGLE_CHAT_EVENTS_PATH } from "./constants.js";
import { googleChatDialect } from "./dialect.js";

/**
 * The Google Chat connector. Its code (token checks, parsing, rendering, the platform's API)
 * loads on the first Google Chat request or message, so a cold start serving another chat never
 * loads it.
 */
export function createGoogleChatConnector(options: GoogleChatConnectorOptions = {}): Connector {
  return lazyConnector(
    { name: "google-chat", paths: [GOOGLE_CHAT_EVENTS_PATH], dialect: googleChatDialect },
    async () => (await import("./connector.js")).connectorFor(options),
  );
}
