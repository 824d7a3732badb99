import { type ChatDialect, chatMarkup, Markup, plainDialect } from "../dialect.js";
import type { AllowRule, Command, CommandEvent, Logger } from "../types.js";

export interface PolicyOptions {
  /** Named groups of user ids. */
  groups?: Record<string, readonly string[]>;
  /** Commands without `allow` are refused unless this is false (the default). */
  denyByDefault?: boolean;
}

export interface PolicyDecision {
  allowed: boolean;
  /**
   * What would allow it, shown on refusal: "members of deployers, in #ops". Written in the
   * dialect's markup (mentions), everything else escaped.
   */
  requirement?: string;
}

/**
 * Decides whether the event's user may run a command with this rule. Every list that is
 * present must match (user or group, channel, team): the original required team and channel
 * together, and a rule naming both users and groups admits members of either. Users, channels
 * and teams match by id; a channel name matches only where the platform signs it.
 */
export function checkAllow(
  rule: AllowRule | undefined,
  event: CommandEvent,
  groups: Record<string, readonly string[]>,
  denyByDefault = false,
  dialect: ChatDialect = plainDialect,
): PolicyDecision {
  if (!rule)
    return denyByDefault
      ? { allowed: false, requirement: dialect.escape("an explicit allow rule") }
      : { allowed: true };
  const say = chatMarkup(dialect);
  const userId = event.user?.id;
  const needs: string[] = [];
  let allowed = true;

  if (rule.users || rule.groups) {
    const inUsers = userId !== undefined && (rule.users ?? []).includes(userId);
    const inGroups =
      userId !== undefined && (rule.groups ?? []).some((group) => groups[group]?.includes(userId));
    if (!inUsers && !inGroups) allowed = false;
    const who = [
      ...(rule.users ?? []).map((user) => say.text`${say.mention({ id: user })}`),
      ...(rule.groups ?? []).map((group) => say.text`members of ${group}`),
    ];
    needs.push(who.join(" or "));
  }
  if (rule.channels || rule.channelNames) {
    const channel = event.channel;
    const byId = channel !== undefined && (rule.channels ?? []).includes(channel.id);
    const name = channel?.name?.replace(/^#/, "");
    const byName =
      dialect.signsChannelNames === true &&
      name !== undefined &&
      (rule.channelNames ?? []).some((wanted) => wanted.replace(/^#/, "") === name);
    if (!byId && !byName) allowed = false;
    const where = [
      ...(rule.channels ?? []).map((id) => say.text`${say.channel({ id })}`),
      ...(rule.channelNames ?? []).map((wanted) => say.text`#${wanted.replace(/^#/, "")}`),
    ];
    needs.push(say.text`in ${new Markup(where.join(" or "))}`);
  }
  if (rule.teams) {
    const team = event.team;
    if (!team || !rule.teams.includes(team.id)) allowed = false;
    needs.push(say.text`in workspace ${rule.teams.join(" or ")}`);
  }
  return allowed ? { allowed } : { allowed, requirement: needs.join(", ") };
}

/** Rule entries that look like channel names in `channels`, which holds ids: a likely mistake. */
export function channelNamesAmongIds(rule: AllowRule | undefined): string[] {
  return (rule?.channels ?? []).filter(
    (entry) => entry.startsWith("#") || /^[a-z][a-z0-9_-]{0,24}$/.test(entry),
  );
}

/** Rules whose `channels` hold what look like names: they match ids only, so say so once. */
export function warnOfChannelNames(commands: Iterable<Command>, logger: Logger): void {
  for (const command of commands) {
    const names = channelNamesAmongIds(command.allow);
    if (names.length > 0)
      logger.warn("allow.channels holds channel ids; these look like names and match nothing", {
        command: command.name,
        entries: names,
        hint: "use the channel's id, or allow.channelNames on a platform that signs channel names",
      });
  }
}
