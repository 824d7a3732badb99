import type { AllowRule, CommandEvent } from "./types.js";

export interface PolicyOptions {
  /** Named groups of user ids. */
  groups?: Record<string, readonly string[]>;
  /** Commands without `allow` are refused unless this is false (the default). */
  denyByDefault?: boolean;
}

export interface PolicyDecision {
  allowed: boolean;
  /** What would allow it, shown on refusal: "members of deployers, or in #ops". */
  requirement?: string;
}

/**
 * Decides whether the event's user may run a command with this rule. Every list that is
 * present must match (user or group, channel, team): the original required team and channel
 * together, and a rule naming both users and groups admits members of either.
 */
export function checkAllow(
  rule: AllowRule | undefined,
  event: CommandEvent,
  groups: Record<string, readonly string[]>,
  denyByDefault = false,
): PolicyDecision {
  if (!rule)
    return denyByDefault
      ? { allowed: false, requirement: "an explicit allow rule" }
      : { allowed: true };
  const userId = event.user?.id;
  const needs: string[] = [];
  let allowed = true;

  if (rule.users || rule.groups) {
    const inUsers = userId !== undefined && (rule.users ?? []).includes(userId);
    const inGroups =
      userId !== undefined && (rule.groups ?? []).some((group) => groups[group]?.includes(userId));
    if (!inUsers && !inGroups) allowed = false;
    const who = [
      ...(rule.users ?? []).map((user) => `<@${user}>`),
      ...(rule.groups ?? []).map((group) => `members of ${group}`),
    ];
    needs.push(who.join(" or "));
  }
  if (rule.channels) {
    const channel = event.channel;
    const ok =
      channel !== undefined &&
      rule.channels.some((c) => c === channel.id || c === channel.name || c === `#${channel.name}`);
    if (!ok) allowed = false;
    needs.push(
      `in ${rule.channels.map((c) => (c.startsWith("#") || /^[CGD][A-Z0-9]+$/.test(c) ? c : `#${c}`)).join(" or ")}`,
    );
  }
  if (rule.teams) {
    const team = event.team;
    if (!team || !rule.teams.some((t) => t === team.id || t === team.domain)) allowed = false;
    needs.push(`in workspace ${rule.teams.join(" or ")}`);
  }
  return allowed ? { allowed } : { allowed, requirement: needs.join(", ") };
}
