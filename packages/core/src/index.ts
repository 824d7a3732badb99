// @catops/core: the pure dispatcher and the Web fetch handler. No Node APIs, no network.

// Bot
export { createCatOps, isJobEnvelope } from "./bot.js";
export type { CatOps, DispatchOptions } from "./bot.js";
export type { CatOpsOptions } from "./bot-options.js";

// Commands and plugins
export { command, isDefinedCommand } from "./dispatch/command.js";
export type { DefinedCommand } from "./dispatch/command.js";
export type { CommandTable } from "./dispatch/command-table.js";
export { commandNamesOf, commandsFromModules, pluginEntryOf } from "./dispatch/registry.js";
export type { PluginEntry, PluginModule, RegistryOptions } from "./dispatch/registry.js";
export { COMPAT_V0 } from "./dispatch/compat.js";
export { compatParams } from "./dispatch/compat-run.js";
export type { CompatMode, CompatParams } from "./dispatch/compat.js";
export { parseArgs } from "./dispatch/args.js";
export { tokenize, quoteTokens, MAX_COMMAND_LENGTH } from "./dispatch/tokenize.js";
export { suggest, editDistance } from "./dispatch/suggest.js";
export { FORM_ACTION } from "./dispatch/form-action.js";
export { checkAllow } from "./dispatch/policy.js";
export type { PolicyDecision, PolicyOptions } from "./dispatch/policy.js";

// Schedules
export { parseCron, cronForAws, cronForAzure } from "./dispatch/schedule-cron.js";
export type { Cron } from "./dispatch/schedule-cron.js";
export {
  checkSchedules,
  firingTime,
  isScheduleEnvelope,
  SCHEDULER_USER,
  schedulesFromModules,
} from "./dispatch/schedules.js";
export type { Schedule, ScheduleDefinition, ScheduleEnvelope } from "./dispatch/schedules.js";
export type { ScheduleRun, ScheduleRunOptions } from "./engine/schedule-runner.js";

// Replies
export { reply, toReply, safeJson, codeBlock, attachmentFallback } from "./dispatch/reply.js";

// Connectors and adapters
export { chatMarkup, Markup, plainDialect } from "./dialect.js";
export { breakMarkdownLinks, inertReply, ZERO_WIDTH_SPACE } from "./dispatch/inert.js";
export type { ChatDialect } from "./dialect.js";
export { directChannel, directChannels, directUserOf } from "./direct-messages.js";
export type { DirectChannels, OpenDirectChannel } from "./direct-messages.js";
export type { AlertHandler, Connector, ConnectorKit, Delivery, HelpLead } from "./connector.js";
export { lazyConnector } from "./lazy-connector.js";
export { lazyStore } from "./lazy-store.js";
export type { CompleteStore } from "./lazy-store.js";
export { onFirstUse } from "./first-use.js";
export type { ConnectorShape } from "./lazy-connector.js";
export type { CommandCatalog } from "./dispatch/command-catalog.js";
export { isThenable } from "./thenable.js";
export {
  readBody,
  bodyText,
  json,
  errorResponse,
  parseJsonObject,
  DEFAULT_BODY_LIMIT,
} from "./http/http.js";
export {
  PlainHeaders,
  PlainRequest,
  PlainResponse,
  responseText,
  toWebResponse,
} from "./http/plain.js";
export type { ParsedHeaderRecord } from "./http/plain.js";
export { pathnameOf } from "./http/exchange.js";
export type {
  CatOpsRequest,
  CatOpsResponse,
  HeaderReader,
  ResponseHeaders,
} from "./http/exchange.js";
export type { PlainRequestInit } from "./http/plain.js";
export { webCryptoHmacSha256, timingSafeEqual, toHex } from "./http/crypto.js";
export { randomId } from "./ids.js";

// Connector helpers (the poster for their outgoing calls: @catops/core/outbound)
export type {
  OutboundCall,
  OutboundOptions,
  OutboundResponse,
  OutboundResult,
  OutboundSettings,
  OutboundVerdict,
} from "./http/outbound.js";
export { envSetting, inBackground, outboundOptions } from "./http/connector-kit.js";
export { checkOptions } from "./options.js";
export { checkAdapterOptions, stripBasePath } from "./adapter-options.js";
export type { AdapterOptions } from "./adapter-options.js";
export { truncateText, clipText, isHighSurrogate } from "./dispatch/text-fit.js";
export {
  timestampFailure,
  SignatureError,
  SIGNATURE_WINDOW_SECONDS,
} from "./http/signed-request.js";
export type { SignedRequestInput, TimestampFailure } from "./http/signed-request.js";

// Jobs and state
export { createMemoryStore } from "./store/memory.js";
export { updateValue } from "./store/update.js";
export type { UpdateOptions, UpdateResult } from "./store/update.js";
export type { JobRecord, JobScope, JobState, Jobs } from "./engine/jobs.js";
export { keepHistory } from "./engine/history-feature.js";
export type { HistoryFeature } from "./engine/history-feature.js";
export type { HistoryEntry } from "./engine/history.js";
export type { JobEnding } from "./engine/job-end.js";

// Guardrails
export { maskSecretFlags } from "./engine/audit.js";
export type { AuditOutcome, AuditRecord, AuditSink } from "./engine/audit.js";

// Logging
export { createLogger, createRedactor, redactingLogger, silentLogger } from "./logger.js";
export type { LoggerOptions } from "./logger.js";
export { secretPartsOf, secretSettings } from "./secret-settings.js";
export type { SecretSettings, SecretSettingsOptions } from "./secret-settings.js";

// Errors
export {
  CatOpsError,
  HttpError,
  MissingArgumentError,
  PluginError,
  TokenizeError,
  UsageError,
} from "./errors.js";

// Types
export type {
  AllowRule,
  ArgSpec,
  Attachment,
  Button,
  Command,
  CommandContext,
  CommandDefinition,
  CommandFormat,
  CommandEvent,
  CommandHandler,
  CommandResult,
  FlagSpec,
  Form,
  FormField,
  FormOutcome,
  FormSubmission,
  HmacSha256,
  HomeItem,
  HomeSection,
  HomeView,
  JobEnvelope,
  Level,
  Logger,
  Reply,
  Runtime,
  Store,
  StoreHealth,
  Versioned,
  Visibility,
} from "./types.js";
