// `oncall handoff`, for a schedule: announces who is on call now and who is next, only when the
// holder changed since the last announcement, so it can run at any time and on every replica.
import type { CommandContext, CommandEvent, Reply } from "@catops/core";
import { nowAndNext, type Rota } from "./rota.js";
import { formatLocal } from "./time.js";

const GUARD_TTL_SECONDS = 400 * 86_400;

interface Announced {
  person: string;
  at: number;
}

export async function announceHandoff(
  ctx: CommandContext,
  key: string,
  rota: Rota,
  now: number,
): Promise<Reply> {
  const { now: current, next } = nowAndNext(rota, now);
  if (!current.person) return { text: "Nobody is on call yet.", visibility: "ephemeral" };
  const lastKey = `oncall-announced:${key}`;
  const last = await ctx.store.get<Announced>(lastKey);
  if (last?.person === current.person)
    return { text: "No change since the last announcement.", visibility: "ephemeral" };
  // Two runs at once (replicas) both see the change: one shift is announced once.
  const shiftKey = `${lastKey}:${current.shift}:${current.person}:${current.until}`;
  if (!(await ctx.store.setIfAbsent(shiftKey, now, { ttlSeconds: GUARD_TTL_SECONDS })))
    return { text: "Already announced.", visibility: "ephemeral" };
  await ctx.store.set(lastKey, { person: current.person, at: now } satisfies Announced);
  const until = Number.isFinite(current.until)
    ? ` until ${formatLocal(current.until, rota.tz)} (${rota.tz})`
    : "";
  const text = `${current.person} is on call${until}.${next ? ` Next: ${next.person}.` : ""}`;
  const announcement: Reply = { text, raw: true, visibility: "in_channel" };
  if (!ctx.deliver || !ctx.channel) return announcement;
  const event: CommandEvent = { command: [], source: "oncall", channel: ctx.channel };
  const delivery = await ctx.deliver(event, announcement);
  if (delivery.error) {
    // Not announced: the next run tries again.
    await ctx.store.delete(lastKey);
    await ctx.store.delete(shiftKey);
    ctx.log.error("on-call handoff not announced", { error: delivery.error });
    return { text: "Could not post the announcement.", visibility: "ephemeral", error: true };
  }
  ctx.log.info("on-call handoff announced", { key, person: current.person });
  return { text: `Announced: ${text}`, raw: true, visibility: "ephemeral" };
}
