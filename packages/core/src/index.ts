// @catops/core: the pure dispatcher and the Web fetch handler. No Node APIs, no network.

// Bot
export { createCatOps, isJobEnvelope } from "./bot.js";
export type { CatOps, CatOpsOptions, DispatchOptions } from "./bot.js";

// Commands and plugins
export { command, isDefinedCommand } from "./command.js";
export type { DefinedCommand } from "./command.js";
export type { CommandTable } from "./command-table.js";
export { commandNamesOf, commandsFromModules } from "./registry.js";
export type { PluginModule, RegistryOptions } from "./registry.js";
export { COMPAT_V0, compatParams } from "./compat.js";
export type { CompatMode, CompatParams } from "./compat.js";
export { parseArgs } from "./args.js";
export { tokenize, quoteTokens, MAX_COMMAND_LENGTH } from "./tokenize.js";
export { helpText, commandHelp, usageLine } from "./help.js";
export { suggest, editDistance } from "./suggest.js";
export { FORM_ACTION, fillInButton, formFor, formTokens } from "./forms.js";
export { checkAllow } from "./policy.js";
export type { PolicyDecision, PolicyOptions } from "./policy.js";

// Schedules
export { parseCron, cronForAws, cronForAzure } from "./schedule-cron.js";
export type { Cron } from "./schedule-cron.js";
export {
  checkSchedules,
  firingTime,
  isScheduleEnvelope,
  SCHEDULER_USER,
  schedulesFromModules,
} from "./schedules.js";
export type { Schedule, ScheduleDefinition, ScheduleEnvelope } from "./schedules.js";
export type { ScheduleRun, ScheduleRunOptions } from "./schedule-runner.js";

// Replies
export { reply, toReply, safeJson, codeBlock, attachmentFallback } from "./reply.js";

// Connectors and adapters
export { chatMarkup, Markup, plainDialect } from "./dialect.js";
export { breakMarkdownLinks, inertReply, ZERO_WIDTH_SPACE } from "./inert.js";
export type { ChatDialect } from "./dialect.js";
export type { AlertHandler, Connector, ConnectorKit, Delivery, HelpLead } from "./connector.js";
export type { CommandCatalog } from "./command-catalog.js";
export { readBody, json, errorResponse, parseJsonObject, DEFAULT_BODY_LIMIT } from "./http.js";
export { PlainHeaders, PlainRequest, PlainResponse, toWebResponse } from "./plain.js";
export { pathnameOf } from "./exchange.js";
export type {
  CatOpsRequest,
  CatOpsResponse,
  HeaderReader,
  ResponseHeaders,
} from "./exchange.js";
export type { PlainRequestInit } from "./plain.js";
export { webCryptoHmacSha256, timingSafeEqual, toHex } from "./crypto.js";
export { randomId } from "./ids.js";

// Connector helpers
export {
  postJson,
  httpVerdict,
  jsonErrorVerdict,
  retryAfterMs,
  hostAndFirstSegment,
  clipDetail,
} from "./outbound.js";
export type {
  OutboundCall,
  OutboundOptions,
  OutboundResponse,
  OutboundResult,
  OutboundSettings,
  OutboundVerdict,
} from "./outbound.js";
export { envSetting, inBackground, outboundOptions } from "./connector-kit.js";
export { checkOptions } from "./options.js";
export { truncateText, clipText, isHighSurrogate } from "./text-fit.js";
export {
  timestampFailure,
  SignatureError,
  SIGNATURE_WINDOW_SECONDS,
} from "./signed-request.js";
export type { SignedRequestInput, TimestampFailure } from "./signed-request.js";

// Jobs and state
export { createMemoryStore } from "./store/memory.js";
export { updateValue } from "./store/update.js";
export type { UpdateOptions, UpdateResult } from "./store/update.js";
export { createJobs, FINAL_STATES, JOB_TTL_SECONDS } from "./jobs.js";
export type { JobRecord, JobScope, JobState, Jobs } from "./jobs.js";
export { keepHistory } from "./history-feature.js";
export type { HistoryFeature } from "./history-feature.js";
export type { HistoryEntry } from "./history.js";
export type { JobEnding } from "./job-end.js";

// Guardrails
export { auditMessage, maskSecretFlags } from "./audit.js";
export type { AuditOutcome, AuditRecord, AuditSink } from "./audit.js";

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
