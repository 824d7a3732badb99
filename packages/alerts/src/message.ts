// An alert as a chat message: colour by severity, what, where, since when, a link, who is on call,
// and a button per suggested command.
import type { Attachment, Button, Level, Reply } from "@catops/core";
import type { Alert, AlertSeverity } from "./types.js";

export interface MessageContext {
  /** Command lines to offer as buttons (firing alerts only). */
  suggestions: readonly string[];
  /** Who is on call, as chat mentions (`<@U123>`). */
  oncall?: readonly string[];
  /** When the alert first fired, ms since the epoch: resolved messages say how long it lasted. */
  firedAt?: number;
  /** ms since the epoch, for "resolved after". */
  now: number;
  /** How many times it fired before in this window, for a flapping alert. */
  repeat?: number;
  /** Acknowledge, Snooze and Resolve buttons for a firing alert: the command that does each. */
  lifecycle?: Lifecycle;
  /** Where the alert stands, as its card says once people have acted on it. */
  status?: CardStatus;
}

export interface Lifecycle {
  /** The lifecycle command's name (`alert`). */
  command: string;
  /** The alert's store id, which the buttons name. */
  id: string;
  /** Snooze durations offered: `['1h', '4h']`. */
  snooze: readonly string[];
}

/** Mentions are in the chat's markup, written by the command that recorded them. */
export interface CardStatus {
  ackBy?: string;
  snoozedUntil?: number;
  escalatedTo?: string;
  resolvedBy?: string;
}

const MARK: Record<AlertSeverity | "resolved", string> = {
  critical: "🔴",
  error: "🟠",
  warning: "🟡",
  info: "🔵",
  resolved: "✅",
};
const MAX_FIELDS = 10;
const MAX_SUMMARY = 1500;
const MAX_VALUE = 300;

/**
 * Alert text comes from outside. A `<!channel>`, `<@U123>` or `<#C1>` in it would ping people in
 * Slack; these sequences are shown, not obeyed.
 */
export function defuse(text: string): string {
  return text.replace(/<([!@#][^>]*)>/g, "‹$1›");
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** `2019-10-02 17:04 UTC` */
export function formatTime(iso: string | undefined): string | undefined {
  if (!iso) return undefined;
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return undefined;
  return `${date.toISOString().slice(0, 16).replace("T", " ")} UTC`;
}

/** `4 min`, `2 h 5 min`, `3 d 4 h` */
export function formatDuration(ms: number): string {
  const minutes = Math.max(0, Math.round(ms / 60_000));
  if (minutes < 1) return "less than a minute";
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}

/** How long a resolved alert lasted: as its source says, else as CatOps saw it. */
function lastedMs(alert: Alert, context: MessageContext): number | undefined {
  if (alert.lastedMs !== undefined) return alert.lastedMs;
  return context.firedAt !== undefined ? context.now - context.firedAt : undefined;
}

export function alertLevel(alert: Alert): Level {
  return alert.state === "resolved" ? "success" : alert.severity;
}

function fields(alert: Alert, context: MessageContext): NonNullable<Attachment["fields"]> {
  const out: NonNullable<Attachment["fields"]> = [];
  const add = (title: string, value: string | undefined) => {
    if (value === undefined || out.length >= MAX_FIELDS) return;
    const shown = defuse(clip(value, MAX_VALUE));
    out.push({ title, value: shown, short: shown.length <= 40 });
  };
  const firing = alert.state === "firing";
  add("Severity", alert.severity);
  add("Where", alert.resource);
  add(firing ? "Since" : "Resolved", formatTime(alert.time));
  const lasted = lastedMs(alert, context);
  if (!firing && lasted !== undefined) add("Lasted", formatDuration(lasted));
  add("Source", alert.source);
  for (const [title, value] of Object.entries(alert.details)) add(title, value);
  return out;
}

/** The chat message for one alert. */
export function alertMessage(alert: Alert, context: MessageContext): Reply {
  const firing = alert.state === "firing";
  const name = defuse(alert.name);
  const where = alert.resource ? ` on ${defuse(clip(alert.resource, 80))}` : "";
  const mark = MARK[firing ? alert.severity : "resolved"];
  const oncall = firing && context.oncall?.length ? `${context.oncall.join(" ")} ` : "";
  const again = context.repeat ? ` again (flapping: ${context.repeat + 1} times)` : "";
  const lastedFor = firing ? undefined : lastedMs(alert, context);
  const lasted = lastedFor !== undefined ? ` after ${formatDuration(lastedFor)}` : "";
  const headline = firing
    ? `${oncall}${mark} *${name}* is firing${again}${where}${statusLine(context, firing)}`
    : `${mark} *${name}* resolved${lasted}${where}${statusLine(context, firing)}`;
  const attachment: Attachment = {
    title: `${firing ? "FIRING" : "RESOLVED"}: ${name}`,
    level: alertLevel(alert),
    fields: fields(alert, context),
    footer: `CatOps alert · ${alert.source}`,
  };
  if (alert.link) attachment.titleLink = alert.link;
  if (alert.summary) attachment.text = defuse(clip(alert.summary, MAX_SUMMARY));
  // Written in Slack's markup with outside text defused, and the on-call mentions live.
  const reply: Reply = {
    text: headline,
    attachments: [attachment],
    visibility: "in_channel",
    raw: true,
  };
  const buttons = [
    ...(firing ? lifecycleButtons(context) : []),
    ...(firing ? context.suggestions.map((command) => ({ text: command, command })) : []),
  ];
  if (buttons.length > 0) reply.buttons = buttons;
  return reply;
}

/** ` · acknowledged by <@U1>`, ` · snoozed until 14:00 UTC`, ` · paged <@U2>`. */
function statusLine(context: MessageContext, firing: boolean): string {
  const status = context.status;
  if (!status) return "";
  const parts: string[] = [];
  if (status.resolvedBy && !firing) parts.push(`resolved by ${status.resolvedBy}`);
  if (status.ackBy) parts.push(`acknowledged by ${status.ackBy}`);
  if (firing && status.snoozedUntil && status.snoozedUntil > context.now)
    parts.push(`snoozed until ${formatTime(new Date(status.snoozedUntil).toISOString())}`);
  if (firing && status.escalatedTo && !status.ackBy)
    parts.push(`escalated to ${status.escalatedTo}`);
  return parts.length > 0 ? ` · ${parts.join(" · ")}` : "";
}

function lifecycleButtons(context: MessageContext): Button[] {
  const lifecycle = context.lifecycle;
  if (!lifecycle) return [];
  const { command, id } = lifecycle;
  const buttons: Button[] = [];
  if (!context.status?.ackBy)
    buttons.push({ text: "Acknowledge", command: `${command} ack ${id}`, style: "primary" });
  for (const duration of lifecycle.snooze)
    buttons.push({ text: `Snooze ${duration}`, command: `${command} snooze ${id} ${duration}` });
  buttons.push({ text: "Resolve", command: `${command} resolve ${id}` });
  return buttons;
}
