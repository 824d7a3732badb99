// The parsers, by source name: the `<source>` of `/alerts/<source>` and of `bot.alert(source, ...)`.
import type { AlertParser } from "../types.js";
import { parseEventBridgeAlarm } from "./cloudwatch-eventbridge.js";
import { parseCloudWatchSns } from "./cloudwatch-sns.js";
import { parseAzureMonitor } from "./azure-monitor.js";
import { parseGcpMonitoring } from "./gcp-monitoring.js";
import { parseGeneric } from "./generic.js";
import { parseUptimeRobot } from "./uptimerobot.js";

/** HTTP sources: `POST /alerts/<name>`. */
export const HTTP_SOURCES: Readonly<Record<string, AlertParser>> = Object.freeze({
  cloudwatch: parseCloudWatchSns,
  uptimerobot: parseUptimeRobot,
  "azure-monitor": parseAzureMonitor,
  "gcp-monitoring": parseGcpMonitoring,
  generic: parseGeneric,
});

/** Native sources adapters hand over with `bot.alert(name, payload)`; HTTP names work there too. */
export const NATIVE_SOURCES: Readonly<Record<string, AlertParser>> = Object.freeze({
  ...HTTP_SOURCES,
  "cloudwatch-sns": parseCloudWatchSns,
  "cloudwatch-eventbridge": parseEventBridgeAlarm,
});

export function parserFor(
  table: Readonly<Record<string, AlertParser>>,
  source: string,
): AlertParser | undefined {
  return Object.hasOwn(table, source) ? table[source] : undefined;
}
