// @catops/discord: the Discord connector. Web APIs only (fetch, Web Crypto), so it runs in every runtime.

// Connector
export { createDiscordConnector } from "./create.js";
export { DISCORD_INTERACTIONS_PATH } from "./constants.js";
export type { DiscordConnectorOptions } from "./connector.js";
export { discordDialect, escapeDiscordText } from "./dialect.js";

// Request signing (Ed25519)
export {
  assertDiscordSignature,
  DISCORD_SIGNATURE_WINDOW_SECONDS,
  DiscordSignatureError,
  discordSignatureFailure,
  ed25519Verify,
  hexToBytes,
  verifyDiscordSignature,
  webCryptoEd25519Algorithm,
  webCryptoEd25519Verify,
} from "./verify.js";
export type {
  DiscordSignatureFailure,
  DiscordSignatureInput,
  Ed25519Implementation,
} from "./verify.js";
export { ed25519VerifyFallback } from "./ed25519.js";

// Parsing
export {
  CATOPS_ACTIONS,
  interactionEvent,
  parseCustomId,
  parseInteraction,
  webhookUrl,
} from "./parse.js";
export type { DiscordRequest } from "./parse.js";

// Rendering
export { blocksToText } from "@catops/slack";
export {
  customIdFor,
  DISCORD_LIMITS,
  hexColor,
  LEVEL_COLORS,
  renderDiscordMessage,
  truncateText,
} from "./render.js";
export type { DiscordRenderOptions } from "./render.js";

// Discord's API: late replies and command registration
export { callDiscord } from "./post.js";
export type { DiscordCall, DiscordCallResult, DiscordHttpOptions } from "./post.js";
export {
  catopsCommandDefinition,
  DEFAULT_DISCORD_API_URL,
  registerDiscordCommand,
  runRegisterCommand,
} from "./register.js";
export type { RegisterDiscordCommandOptions, RegisteredCommand } from "./register.js";

// Wire types
export { EPHEMERAL, InteractionResponseType, InteractionType } from "./wire.js";
export type {
  DiscordActionRow,
  DiscordButton,
  DiscordCommandOption,
  DiscordEmbed,
  DiscordInteraction,
  DiscordMessage,
  DiscordUser,
} from "./wire.js";
