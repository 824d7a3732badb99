import { type Connector, lazyConnector } from "@catops/core";
import type { DiscordConnectorOptions } from "./connector.js";
import { DISCORD_INTERACTIONS_PATH } from "./constants.js";
import { discordDialect } from "./dialect.js";

/**
 * The Discord connector. Its code (token checks, parsing, rendering, the platform's API)
 * loads on the first Discord request or message, so a cold start serving another chat never
 * loads it.
 */
export function createDiscordConnector(options: DiscordConnectorOptions = {}): Connector {
  return lazyConnector(
    { name: "discord", paths: [DISCORD_INTERACTIONS_PATH], dialect: discordDialect, forms: true },
    async () => (await import("./connector.js")).connectorFor(options),
  );
}
