// The `alert` command behind a card's buttons: acknowledge, snooze, resolve, and `alert escalate`,
// which a schedule runs. Each press goes through the engine like a typed command (access rules,
// confirmation, audit), then the card is edited in place to say where the alert stands.
//   alert ack <id>
//   alert snooze <id> 1h
//   alert resolve <id>
//   alert escalate            pages the next on-call for each overdue alert in the alert channel
//                             (and in the channel it is run in)
import { type Command, type CommandContext, command, envSetting, type Reply } from "@catops/core";
import { refreshCard } from "./card.js";
import type { AlertsOptions } from "./create.js";
import { escalateChannels } from "./escalate.js";
import { LIFECYCLE_SPEC, lifecycleOf } from "./lifecycle-spec.js";
import { parseDuration } from "./rota/when.js";
import { type AlertRecord, loadRecord, markActive, saveRecord } from "./state.js";

const ALERT_ID = /^[0-9a-f]{32}$/;
const MAX_SNOOZE_MS = 7 * 86_400_000;

/** A request that cannot be done; the message is for the person who asked. */
class AlertActionError extends Error {
  override name = "AlertActionError";
}

function who(ctx: CommandContext): string {
  return ctx.user ? ctx.chat.mention(ctx.user) : "someone";
}

async function firingRecord(ctx: CommandContext, id: string | undefined): Promise<AlertRecord> {
  if (!id || !ALERT_ID.test(id)) throw new AlertActionError("Name the alert: press its button.");
  const record = await loadRecord(ctx.store, id);
  if (!record) throw new AlertActionError("That alert is no longer known (its record expired).");
  if (record.state !== "firing")
    throw new AlertActionError(`*${record.name}* is already resolved.`);
  return record;
}

export function alertCommand(options: AlertsOptions): Command {
  const lifecycle = lifecycleOf(options);
  const clock = options.now;

  async function run(ctx: CommandContext): Promise<Reply | string> {
    const now = clock ? clock() : Date.now();
    const [verb, id, duration] = String(ctx.args.words ?? "")
      .split(/\s+/)
      .filter(Boolean);
    const action = verb?.toLowerCase();
    if (action === "escalate") {
      // The alert channel, and the channel it is run in when that is another (a second chat).
      const channels = new Set(
        [options.channel ?? envSetting(ctx.env, "CATOPS_ALERT_CHANNEL"), ctx.channel?.id].filter(
          (id): id is string => Boolean(id),
        ),
      );
      if (channels.size === 0) throw new AlertActionError("No alert channel is configured.");
      return escalateChannels(ctx, options, [...channels], now);
    }
    const record = await firingRecord(ctx, id);
    let next: AlertRecord;
    let said: string;
    switch (action) {
      case "ack":
        if (record.ackBy) return { text: `Already acknowledged by ${record.ackBy}.`, raw: true };
        next = { ...record, ackBy: who(ctx), ackAt: now };
        said = `Acknowledged *${record.name}*.`;
        break;
      case "snooze": {
        const ms = duration ? parseDuration(duration) : undefined;
        if (ms === undefined || ms > MAX_SNOOZE_MS)
          throw new AlertActionError("Say how long, up to a week: `30m`, `2h`, `1d`.");
        next = { ...record, snoozedUntil: now + ms };
        said = `Snoozed *${record.name}* for ${duration}: re-fires stay in its thread and it does not escalate.`;
        break;
      }
      case "resolve":
        next = {
          ...record,
          state: "resolved",
          resolvedAt: now,
          resolvedBy: who(ctx),
          ...(record.card
            ? { card: { ...record.card, state: "resolved", time: new Date(now).toISOString() } }
            : {}),
        };
        await markActive(ctx.store, record.channel, record, undefined);
        said = `Resolved *${record.name}*.`;
        break;
      default:
        throw new AlertActionError(
          `Unknown \`${lifecycle.command} ${verb ?? ""}\`: use ack, snooze, resolve or escalate.`,
        );
    }
    await saveRecord(ctx.store, id!, next);
    ctx.log.info(`alert ${action}`, { key: record.key, by: ctx.user?.id });
    await refreshCard(ctx, next, id!, lifecycle, now);
    return { text: said, visibility: "ephemeral" };
  }

  const definition = command({
    ...LIFECYCLE_SPEC,
    allow: lifecycle.allow,
    confirm: lifecycle.confirm,
    run: async (ctx) => {
      try {
        return await run(ctx);
      } catch (error) {
        if (error instanceof AlertActionError)
          return { text: error.message, visibility: "ephemeral", error: true };
        throw error;
      }
    },
  });
  return { ...definition, name: lifecycle.command };
}
