// @catops/slack: the Slack connector. Web APIs only (fetch, Web Crypto), so it runs in every runtime.

// Connector
export {
  createSlackConnector,
  EVENT_DEDUPE_TTL_SECONDS,
  isSlackConnector,
  SLACK_EVENTS_PATH,
} from "./connector.js";
export { slackApiUrl } from "./delivery.js";
export type { SlackConnector, SlackConnectorOptions } from "./connector.js";
export { escapeSlackText, slackDialect } from "./dialect.js";

// Request signing
export {
  assertSlackSignature,
  SLACK_SIGNATURE_WINDOW_SECONDS,
  SlackSignatureError,
  slackSignatureFailure,
  verifySlackSignature,
} from "./verify.js";
export type { SlackSignatureFailure, SlackSignatureInput } from "./verify.js";

// Parsing
export { parseSlackRequest, slackTextToCommandLine, slashCommandEvent } from "./parse.js";
export { socketModeRequest } from "./socket-mode-request.js";
export type { SlackRequest } from "./parse.js";
export { eventCommand } from "./events.js";
export type { EventDecision } from "./events.js";
export { CATOPS_ACTIONS, interactionAction } from "./interactions.js";
export type { CatOpsActionId, InteractionDecision } from "./interactions.js";
export type {
  SlackAction,
  SlackEventEnvelope,
  SlackInnerEvent,
  SlackInteraction,
} from "./wire.js";

// Rendering
export {
  LEVEL_COLORS,
  renderSlackMessage,
  SLACK_LIMITS,
  toPostMessage,
  truncateText,
} from "./render.js";
export type { SlackMessage } from "./render.js";

// Forms (modals) and the Home tab
export { FORM_CALLBACK_ID, formErrors, formModal, formSubmission } from "./modal.js";
export { homeTabView } from "./home-tab.js";

// Slack's formats, which Mattermost and Discord read too
export { slackStyleAttachment } from "./attachment.js";
export { mrkdwnReply, mrkdwnToMarkdown } from "./mrkdwn.js";
export type { SlackStyleAttachment } from "./attachment.js";
export { blocksToText } from "./blocks-text.js";
export { ERROR_MARK, markError } from "./error-mark.js";
export { replyText } from "./reply-text.js";

// Web API and response_url
export {
  createSlackWebClient,
  DEFAULT_SLACK_API_URL,
  postJson,
  postToResponseUrl,
} from "./web-api.js";
export type {
  SlackHttpOptions,
  SlackPostResult,
  SlackWebClient,
  SlackWebClientOptions,
} from "./web-api.js";
