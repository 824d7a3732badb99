// What alert handling adds to a user's Home view: who is on call now and next, and the alerts
// firing in the alert channel with the commands suggested for each. One store read per section.
import {
  type ChatDialect,
  type CommandEvent,
  type ConnectorKit,
  chatMarkup,
  type HomeItem,
  type HomeSection,
  Markup,
} from "@catops/core";
import { formatDuration } from "./message.js";
import { nowAndNext } from "./rota/rota.js";
import { loadRota, type RotaScope, rotaKey } from "./rota/store.js";
import { formatLocal } from "./rota/time.js";
import { activeAlerts } from "./state.js";

export interface AlertHomeOptions {
  /** The alert channel, when configured. */
  channel(kit: ConnectorKit): string | undefined;
  /** Undefined when the rota is turned off. */
  rota?: { scope: RotaScope; team?: string };
  now(kit: ConnectorKit): number;
}

/** Alerts shown at most; each keeps its suggested commands as buttons. */
const SHOWN_ALERTS = 10;
const MENTION = /^<@[A-Z0-9]+>$/i;

export function createAlertHome(options: AlertHomeOptions) {
  async function onCallSection(event: CommandEvent, kit: ConnectorKit): Promise<HomeSection> {
    const section: HomeSection = { title: "On call", items: [], empty: "No rota is set." };
    const id =
      options.rota?.scope === "team" ? (options.rota.team ?? event.team?.id) : options.channel(kit);
    if (!options.rota || !id) return section;
    const rota = await loadRota(kit.store, rotaKey(options.rota.scope, id));
    if (!rota) return section;
    const say = chatMarkup(kit.dialect);
    const at = options.now(kit);
    try {
      const { now, next } = nowAndNext(rota, at);
      const until = Number.isFinite(now.until)
        ? say.text` until ${formatLocal(now.until, rota.tz)} (${rota.tz})`
        : "";
      section.items.push({
        text: now.person
          ? say.text`Now: ${person(now.person, kit.dialect)}` + until
          : say.text`Nobody yet; the rota starts ${formatLocal(now.until, rota.tz)}`,
      });
      if (next)
        section.items.push({
          text: say.text`Next: ${person(next.person, kit.dialect)} from ${formatLocal(next.from, rota.tz)} (${rota.tz})`,
        });
    } catch (error) {
      kit.log.warn("rota could not be read for the Home view", { error });
    }
    return section;
  }

  async function alertsSection(kit: ConnectorKit): Promise<HomeSection> {
    const section: HomeSection = { title: "Alerts firing", items: [], empty: "Nothing is firing." };
    const channel = options.channel(kit);
    if (!channel) return section;
    const say = chatMarkup(kit.dialect);
    const at = options.now(kit);
    const active = await activeAlerts(kit.store, channel);
    for (const alert of active.slice(0, SHOWN_ALERTS)) {
      const where = alert.resource ? say.text` on ${alert.resource}` : "";
      const item: HomeItem = {
        text:
          say.text`${alert.name} (${alert.severity})` +
          where +
          say.text`, firing for ${formatDuration(at - alert.since)}`,
      };
      if (alert.suggestions.length > 0)
        item.buttons = alert.suggestions.map((line) => ({ text: line, command: line }));
      section.items.push(item);
    }
    return section;
  }

  return async function homeSections(event: CommandEvent, kit: ConnectorKit) {
    return Promise.all([onCallSection(event, kit), alertsSection(kit)]);
  };
}

/** A rota entry as the platform writes it: a stored Slack-style mention, or a plain @name. */
function person(stored: string, dialect: ChatDialect): Markup | string {
  return MENTION.test(stored) ? new Markup(dialect.mention({ id: stored.slice(2, -1) })) : stored;
}
