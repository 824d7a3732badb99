import { type Connector, lazyConnector } from "@catops/core";
import type { TeamsConnectorOptions } from "./connector.js";
import { TEAMS_MESSAGES_PATH } from "./constants.js";
import { teamsDialect } from "./dialect.js";

/**
 * The Microsoft Teams connector. Its code (token checks, parsing, rendering, the platform's API)
 * loads on the first Microsoft Teams request or message, so a cold start serving another chat never
 * loads it.
 */
export function createTeamsConnector(options: TeamsConnectorOptions = {}): Connector {
  return lazyConnector(
    { name: "teams", paths: [TEAMS_MESSAGES_PATH], dialect: teamsDialect },
    async () => (await import("./connector.js")).connectorFor(options),
  );
}
