// @catops/mattermost: the Mattermost connector. Web APIs only (fetch, Web Crypto), so it runs in every runtime.

// Connector
export { createMattermostConnector } from "./create.js";
export {
  MATTERMOST_COMMANDS_PATH,
  MATTERMOST_ACTIONS_PATH,
  MATTERMOST_DIALOGS_PATH,
} from "./constants.js";
export type { MattermostConnectorOptions } from "./connector.js";
export { escapeMattermostText, mattermostDialect } from "./dialect.js";

// Request verification
export {
  assertMattermostToken,
  MattermostTokenError,
  mattermostTokenFailure,
  presentedToken,
  splitTokens,
  verifyMattermostToken,
} from "./verify.js";
export type { MattermostTokenFailure, MattermostTokenInput } from "./verify.js";
export { signActionContext, verifyActionContext } from "./actions.js";
export type { SignedAction } from "./actions.js";

// Parsing
export {
  actionEvent,
  parseActionRequest,
  parseSlashCommandForm,
  slashCommandEvent,
} from "./parse.js";

// Rendering
export { blocksToText } from "@catops/slack";
export {
  buttonAction,
  LEVEL_COLORS,
  MATTERMOST_LIMITS,
  NO_BUTTONS_HINT,
  renderActionResponse,
  renderMattermostMessage,
  truncateText,
} from "./render.js";
export type { MattermostRenderOptions } from "./render.js";

// Late replies
export { postToResponseUrl } from "./post.js";
export type { MattermostHttpOptions, MattermostPostResult } from "./post.js";

// Wire types
export type {
  ActionContext,
  ActionRequest,
  ActionResponse,
  MattermostAction,
  MattermostAttachment,
  MattermostMessage,
} from "./wire.js";
