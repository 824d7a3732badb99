// @catops/alerts: monitoring webhooks become channel messages with the commands that fix them,
// and the on-call rota. Web APIs only, so it runs in every runtime the core does.

// Alert handling
export { createAlerts } from "./create.js";
export type { Alerts, AlertsOptions } from "./create.js";
export { AlertParseError } from "./types.js";
export type { Alert, AlertParser, AlertSeverity, AlertState } from "./types.js";

// Sources
export { HTTP_SOURCES, NATIVE_SOURCES } from "./sources/index.js";
export { parseCloudWatchSns, snsControl } from "./sources/cloudwatch-sns.js";
export type { SnsControl } from "./sources/cloudwatch-sns.js";
export { parseEventBridgeAlarm } from "./sources/cloudwatch-eventbridge.js";
export { parseUptimeRobot } from "./sources/uptimerobot.js";
export { parseAzureMonitor } from "./sources/azure-monitor.js";
export { parseGcpMonitoring } from "./sources/gcp-monitoring.js";
export { parseGeneric } from "./sources/generic.js";

// Messages and runbooks
export { alertMessage } from "./message.js";
export type { MessageContext } from "./message.js";
export { checkRuleCommands, validateRules } from "./runbooks.js";
export { MAX_SUGGESTIONS, ruleMatches } from "./rule-matches.js";
export { expandCommand, quoteArgument, suggestionsFor } from "./suggestions.js";
export type { RunbookRule } from "./runbooks.js";
export type { ActiveAlert, AlertRecord, CardAlert } from "./state.js";
export type { CardStatus, Lifecycle } from "./message.js";

// Lifecycle and escalation
export type { EscalationOptions, LifecycleOptions } from "./lifecycle-spec.js";
export { escalationTarget } from "./escalate.js";

// On-call rota
export { oncallCommands } from "./rota/commands.js";
export type { OncallOptions } from "./rota/commands.js";
export { onCallAt, nowAndNext, shiftStart, shiftAt, swapCurrent, RotaError } from "./rota/rota.js";
export type { OnCall, Override, Rota } from "./rota/rota.js";
export { onCallMentions, rotaKey } from "./rota/store.js";
export type { RotaScope } from "./rota/store.js";
