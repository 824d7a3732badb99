// An alert's card drawn from its record, and the edit that keeps the posted card current as the
// alert moves (firing → acknowledged → resolved).
import type { CommandContext, CommandEvent } from "@catops/core";
import { alertMessage, type Lifecycle } from "./message.js";
import type { AlertRecord } from "./state.js";

/** The card as the record says it stands now; undefined for a record written before cards were kept. */
export function cardFor(
  record: AlertRecord,
  id: string,
  lifecycle: Omit<Lifecycle, "id">,
  now: number,
) {
  if (!record.card) return undefined;
  return alertMessage(
    { ...record.card, raw: undefined },
    {
      suggestions: record.suggestions ?? [],
      oncall: record.oncall ?? [],
      firedAt: record.firedAt,
      now,
      lifecycle: { ...lifecycle, id },
      status: {
        ackBy: record.ackBy,
        snoozedUntil: record.snoozedUntil,
        escalatedTo: record.escalatedTo,
        resolvedBy: record.resolvedBy,
      },
    },
  );
}

/** Edits the posted card in place; a connector that reported no message id leaves it as posted. */
export async function refreshCard(
  ctx: Pick<CommandContext, "deliver" | "log">,
  record: AlertRecord,
  id: string,
  lifecycle: Omit<Lifecycle, "id">,
  now: number,
): Promise<void> {
  const card = cardFor(record, id, lifecycle, now);
  if (!ctx.deliver || !card || !record.messageId) {
    ctx.log.warn("alert card not updated: no connector, card or message id", { key: record.key });
    return;
  }
  const event: CommandEvent = { command: [], source: "alert", channel: { id: record.channel } };
  const delivery = await ctx.deliver(event, { ...card, replaces: record.messageId });
  if (delivery.error)
    ctx.log.error("alert card not updated", { key: record.key, error: delivery.error });
}
