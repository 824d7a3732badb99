// `alert escalate`, which a schedule runs: an alert nobody acknowledged in time pages the next
// person on the rota, then the one after. Safe to run at any time and on several replicas at
// once: each step of an episode is taken once (store setIfAbsent), from the kit's clock.
import type { CommandContext, CommandEvent, Reply } from "@catops/core";
import { refreshCard } from "./card.js";
import type { AlertsOptions } from "./create.js";
import { lifecycleOf } from "./lifecycle-spec.js";
import { defuse, formatDuration } from "./message.js";
import { onCallAt, personForShift, type Rota, shiftAt } from "./rota/rota.js";
import { loadRota, rotaKey } from "./rota/store.js";
import {
  type AlertRecord,
  activeAlerts,
  alertId,
  escalationKey,
  loadRecord,
  saveRecord,
} from "./state.js";

const GUARD_TTL_SECONDS = 30 * 86_400;
const DEFAULT_STEPS = 2;

/** The person `step` places after whoever is on call now, in rota order; never the one on call. */
export function escalationTarget(rota: Rota, now: number, step: number): string | undefined {
  const people = rota.people;
  if (people.length < 2 || step >= people.length) return undefined;
  const current = onCallAt(rota, now).person;
  let index = current ? people.indexOf(current) : -1;
  if (index < 0)
    index = people.indexOf(personForShift(rota, Math.max(0, shiftAt(rota, now))) ?? "");
  if (index < 0) return undefined;
  const target = people[(index + step) % people.length];
  return target === current ? undefined : target;
}

/** Escalates each overdue alert firing in `channels` by one step; says what it did. */
export async function escalateChannels(
  ctx: CommandContext,
  options: AlertsOptions,
  channels: readonly string[],
  now: number,
): Promise<Reply> {
  if (!options.escalation)
    return { text: "Escalation is not configured.", visibility: "ephemeral" };
  const paged: string[] = [];
  for (const channel of channels)
    paged.push(...(await escalateChannel(ctx, options, channel, now)));
  return paged.length > 0
    ? { text: `Escalated: ${paged.join(", ")}.`, raw: true, visibility: "ephemeral" }
    : { text: "Nothing to escalate.", visibility: "ephemeral" };
}

/** Escalates each overdue alert firing in `channel` by one step: `name → person` for each page. */
async function escalateChannel(
  ctx: CommandContext,
  options: AlertsOptions,
  channel: string,
  now: number,
): Promise<string[]> {
  const policy = options.escalation!;
  const rotaOption =
    options.rota === false ? undefined : options.rota === true ? {} : (options.rota ?? {});
  const scope = rotaOption?.scope ?? "channel";
  const rotaId = scope === "team" ? rotaOption?.team : channel;
  const rota = rotaOption && rotaId ? await loadRota(ctx.store, rotaKey(scope, rotaId)) : undefined;
  const afterMs = policy.afterMinutes * 60_000;
  const maxSteps = policy.steps ?? DEFAULT_STEPS;
  const lifecycle = lifecycleOf(options);
  const paged: string[] = [];

  for (const active of await activeAlerts(ctx.store, channel)) {
    const id = await alertId(active.key);
    const record = await loadRecord(ctx.store, id);
    if (record?.state !== "firing" || record.ackBy) continue;
    if ((record.snoozedUntil ?? 0) > now) continue;
    const since = Math.max(record.firedAt, record.snoozedUntil ?? 0);
    const done = record.escalations ?? 0;
    const step = done + 1;
    if (step > maxSteps || now - since < step * afterMs) continue;
    if (
      !(await ctx.store.setIfAbsent(escalationKey(id, record.firedAt, step), now, {
        ttlSeconds: GUARD_TTL_SECONDS,
      }))
    )
      continue;
    const person = rota ? escalationTarget(rota, now, step) : undefined;
    const next: AlertRecord = { ...record, escalations: step, escalatedTo: person };
    await saveRecord(ctx.store, id, next);
    if (!person) {
      ctx.log.warn("alert overdue but nobody to escalate to", { key: record.key, step });
      continue;
    }
    await page(ctx, next, person, now - record.firedAt);
    await refreshCard(ctx, next, id, lifecycle, now);
    ctx.log.info("alert escalated", { key: record.key, step, to: person });
    paged.push(`${record.name} → ${person}`);
  }
  return paged;
}

/** A mention in the channel (a new message, so it notifies), pointing at the card's thread. */
async function page(
  ctx: CommandContext,
  record: AlertRecord,
  person: string,
  unackedMs: number,
): Promise<void> {
  if (!ctx.deliver) {
    ctx.log.warn("alert escalation not posted: no connector", { key: record.key });
    return;
  }
  const event: CommandEvent = { command: [], source: "alert", channel: { id: record.channel } };
  const name = defuse(record.name);
  const delivery = await ctx.deliver(event, {
    text: `${person} ⏫ *${name}* has not been acknowledged for ${formatDuration(unackedMs)}: you are paged.`,
    raw: true,
    visibility: "in_channel",
  });
  if (delivery.error)
    ctx.log.error("alert escalation not delivered", { key: record.key, error: delivery.error });
  // A direct message too, where the chat has them: a channel mention can be muted.
  const user = ctx.chat.parseMention(person);
  const direct = user ? ctx.chat.directMessage?.(user) : undefined;
  if (!direct) return;
  const dm = await ctx.deliver(
    { command: [], source: "alert", channel: { id: direct } },
    {
      text: `⏫ You are paged for *${name}* in ${ctx.chat.channel({ id: record.channel })}: nobody has acknowledged it.`,
      raw: true,
    },
  );
  if (dm.error)
    ctx.log.warn("alert escalation DM not delivered", { key: record.key, error: dm.error });
}
