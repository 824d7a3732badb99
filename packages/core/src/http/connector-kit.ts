// What every connector does with its kit: read a setting, run work after the answer, and hand
// its outgoing-call settings and the kit's logger to `postJson`.
import type { ConnectorKit } from "../connector.js";
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

/**
 * Runs work after the answer where the runtime can (its waitUntil); where it cannot, the answer
 * waits for it, since work left running there would be frozen with the invocation. The engine
 * keeps a command's share of it within the deadline either way.
 */
export async function inBackground(
  kit: ConnectorKit,
  what: string,
  work: () => Promise<void>,
): Promise<void> {
  const running = work().catch((error) => kit.log.error(`${what} failed`, { error }));
  if (kit.runtime.waitUntil) kit.runtime.waitUntil(running);
  else await running;
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
