// @catops/google-chat: the Google Chat connector. Web APIs only (fetch, Web Crypto through jose), so it runs in every runtime.

// Connector
export { createGoogleChatConnector } from "./create.js";
export { GOOGLE_CHAT_EVENTS_PATH } from "./constants.js";
export type { GoogleChatConnectorOptions } from "./connector.js";
export { escapeCardHtml, escapeGoogleChatText, googleChatDialect } from "./dialect.js";

// Request authentication (bearer tokens)
export {
  assertGoogleChatToken,
  GOOGLE_CHAT_CLOCK_TOLERANCE_SECONDS,
  GOOGLE_CHAT_ISSUER,
  GOOGLE_CHAT_JWKS_URL,
  GOOGLE_ID_TOKEN_ISSUERS,
  GOOGLE_ID_TOKEN_JWKS_URL,
  GoogleChatTokenError,
  googleChatTokenFailure,
  verifyGoogleChatToken,
} from "./verify.js";
export type { GoogleChatTokenFailure, GoogleChatTokenInput } from "./verify.js";

// Parsing
export {
  CATOPS_ACTIONS,
  chatCommandEvent,
  classifyChatEvent,
  clickedAction,
  commandText,
  parseChatEvent,
} from "./parse.js";
export type { GoogleChatRequest } from "./parse.js";

// Rendering
export { buttonAction, GOOGLE_CHAT_LIMITS, renderGoogleChatMessage } from "./render.js";

// The Chat API: late replies, updates, service-account tokens
export {
  callGoogleChat,
  createMessageUrl,
  DEFAULT_GOOGLE_CHAT_API_URL,
  GOOGLE_CHAT_SCOPE,
  GOOGLE_TOKEN_URL,
  parseServiceAccount,
  patchMessageUrl,
  serviceAccountTokens,
} from "./post.js";
export type { GoogleChatCall, ServiceAccountKey } from "./post.js";

// Wire types
export type {
  ChatAnnotation,
  ChatEvent,
  ChatMessage,
  ChatReplyMessage,
  ChatSpace,
  ChatUser,
} from "./wire.js";
