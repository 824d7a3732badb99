// `help` in a channel with a firing alert leads with what to do about it.
import type { CommandEvent, Store } from "@catops/core";
import { defuse, formatDuration } from "./message.js";
import { activeAlerts } from "./state.js";

const SHOWN = 3;

export function createHelpLead(now: () => number) {
  return async function alertHelpLead(
    event: CommandEvent,
    store: Store,
  ): Promise<string | undefined> {
    const channel = event.channel?.id;
    if (!channel) return undefined;
    const active = await activeAlerts(store, channel);
    if (active.length === 0) return undefined;
    const lines = active.slice(0, SHOWN).map((alert) => {
      const since = formatDuration(now() - alert.since);
      const where = alert.resource ? ` on ${defuse(alert.resource)}` : "";
      const what = `*${defuse(alert.name)}* (${alert.severity})${where} has been firing for ${since}.`;
      return alert.suggestions.length > 0
        ? `${what} Suggested: ${alert.suggestions.map((c) => `\`${c}\``).join(", ")}`
        : what;
    });
    const more = active.length > SHOWN ? `\n…and ${active.length - SHOWN} more.` : "";
    return `Firing in this channel:\n${lines.join("\n")}${more}`;
  };
}
