// What every connector does with its kit: read a setting, run work after the answer, and hand
// its outgoing-call settings and the kit's logger to `postJson`.
import type { ConnectorKit } from "./connector.js";
import type { OutboundOptions, OutboundSettings } from "./outbound.js";

/** The explicit value when given, else a non-empty string setting from the kit's env. */
export function envSetting(
  env: Record<string, unknown>,
  key: string,
  explicit?: string,
): string | undefined {
  if (explicit) return explicit;
  const value = env[key];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** Runs work after the answer, kept alive by the runtime's waitUntil where it has one. */
export function inBackground(kit: ConnectorKit, what: string, work: () => Promise<void>): void {
  const running = work().catch((error) => kit.log.error(`${what} failed`, { error }));
  kit.runtime.waitUntil?.(running);
}

/** A connector's outgoing-call settings, logging to the kit's logger. */
export function outboundOptions(settings: OutboundSettings, kit: ConnectorKit): OutboundOptions {
  return {
    fetch: settings.fetch,
    sleep: settings.sleep,
    retries: settings.retries,
    timeoutMs: settings.timeoutMs,
    log: kit.log,
  };
}
