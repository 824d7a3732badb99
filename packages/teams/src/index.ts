// @catops/teams: the Microsoft Teams connector. Web APIs only (fetch, Web Crypto through jose), so it runs in every runtime.

// Connector
export { createTeamsConnector } from "./create.js";
export { TEAMS_MESSAGES_PATH, DEFAULT_TEAMS_SERVICE_URL } from "./constants.js";
export type { TeamsConnectorOptions } from "./connector.js";
export { escapeCardText, escapeTeamsText, teamsDialect } from "./dialect.js";

// Request authentication (Bot Framework JWT)
export {
  assertTeamsToken,
  BOT_FRAMEWORK_ISSUER,
  BOT_FRAMEWORK_OPENID_METADATA_URL,
  checkTeamsToken,
  jwksUrlOf,
  serviceUrlFailure,
  TEAMS_CLOCK_TOLERANCE_SECONDS,
  TeamsTokenError,
  teamsTokenFailure,
  verifyTeamsToken,
} from "./verify.js";
export type { TeamsTokenFailure, TeamsTokenInput } from "./verify.js";

// Bearer JWTs and access tokens (shared with other connectors that speak OAuth)
export {
  bearerFailureOf,
  bearerToken,
  checkBearerToken,
  loadJose,
  remoteKeySet,
} from "./bearer.js";
export type { BearerTokenCheck, BearerTokenFailure, BearerTokenResult } from "./bearer.js";
export { createTokenCache, requestAccessToken } from "./access-token.js";
export type { AccessToken, TokenCache, TokenRequestOptions } from "./access-token.js";

// Parsing
export {
  ADAPTIVE_CARD_ACTION_INVOKE,
  activityEvent,
  activityUrl,
  CATOPS_ACTIONS,
  catopsActionOf,
  classifyActivity,
  commandText,
  parseActivity,
} from "./parse.js";
export type { TeamsRequest } from "./parse.js";

// Rendering
export { adaptiveCard, renderTeamsMessage, submitData, TEAMS_LIMITS } from "./render.js";

// The Bot Connector API: replies, edits, tokens
export {
  BOT_FRAMEWORK_SCOPE,
  botConnectorTokens,
  botTokenUrl,
  callBotConnector,
} from "./post.js";
export type { BotConnectorCall, BotCredentials } from "./post.js";

// Wire types
export { ADAPTIVE_CARD_CONTENT_TYPE } from "./wire.js";
export type { Activity, ChannelAccount, MentionEntity, OutgoingActivity } from "./wire.js";
