// Who holds each alert firing in a channel, for `oncall`: whoever acknowledged it, else whoever
// escalation paged last, else whoever is on call.
import type { Store } from "@catops/core";
import { defuse } from "./message.js";
import { activeAlerts, alertId, loadRecord } from "./state.js";

/** `• High CPU api: <@U1> (acknowledged)` lines; empty when nothing is firing. */
export async function alertHolders(
  store: Store,
  channel: string,
  onCall: string | undefined,
): Promise<string[]> {
  const lines: string[] = [];
  for (const active of await activeAlerts(store, channel)) {
    const record = await loadRecord(store, await alertId(active.key));
    if (record?.state !== "firing") continue;
    const holder = record.ackBy
      ? `${record.ackBy} (acknowledged)`
      : record.escalatedTo
        ? `${record.escalatedTo} (paged)`
        : onCall
          ? `${onCall} (on call)`
          : "nobody yet";
    lines.push(`• ${defuse(record.name)}: ${holder}`);
  }
  return lines;
}
