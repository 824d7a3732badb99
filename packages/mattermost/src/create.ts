import { type Connector, lazyConnector } from "@catops/core";
import type { MattermostConnectorOptions } from "./connector.js";
import {
  MATTERMOST_COMMANDS_PATH,
  MATTERMOST_ACTIONS_PATH,
  MATTERMOST_DIALOGS_PATH,
} from "./constants.js";
import { mattermostDialect } from "./dialect.js";

/**
 * The Mattermost connector. Its code (token checks, parsing, rendering, the platform's API)
 * loads on the first Mattermost request or message, so a cold start serving another chat never
 * loads it.
 */
export function createMattermostConnector(options: MattermostConnectorOptions = {}): Connector {
  return lazyConnector(
    {
      name: "mattermost",
      paths: [MATTERMOST_COMMANDS_PATH, MATTERMOST_ACTIONS_PATH, MATTERMOST_DIALOGS_PATH],
      dialect: mattermostDialect,
      forms: true,
    },
    async () => (await import("./connector.js")).connectorFor(options),
  );
}
