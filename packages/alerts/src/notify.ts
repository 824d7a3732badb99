// One alert to the channel: a new card, an edit of the card (resolved), a reply in the card's
// thread (snoozed), or nothing when it repeats one sent within the dedupe window.
import type { CommandEvent, Connector, Delivery, Logger, Reply, Store } from "@catops/core";
import { alertMessage, type CardStatus, type Lifecycle } from "./message.js";
import {
  type AlertRecord,
  alertId,
  type CardAlert,
  loadRecord,
  lockKey,
  markActive,
  saveRecord,
} from "./state.js";
import type { Alert } from "./types.js";

export type Deliver = (event: CommandEvent, reply: Reply) => ReturnType<Connector["deliver"]>;

export interface NotifyContext {
  store: Store;
  log: Logger;
  deliver: Deliver;
  channel: string;
  now: number;
  windowSeconds: number;
  suggestions: readonly string[];
  /** Mentions of whoever is on call for the channel. */
  oncall: () => Promise<string[]>;
  /** The card's Acknowledge, Snooze and Resolve buttons; none when the lifecycle is off. */
  lifecycle?: Omit<Lifecycle, "id">;
}

/** The alert as its record keeps it for redrawing the card. */
function cardAlert(alert: Alert): CardAlert {
  const { raw: _raw, ...card } = alert;
  return card;
}

function statusOf(record: AlertRecord): CardStatus {
  return {
    ackBy: record.ackBy,
    snoozedUntil: record.snoozedUntil,
    escalatedTo: record.escalatedTo,
    resolvedBy: record.resolvedBy,
  };
}

/**
 * What happened to an alert: posted as a new message, posted again (a re-fire), its card edited
 * (resolved), answered in its thread (snoozed, or no card to edit), or collapsed.
 */
export type Outcome = "posted" | "reposted" | "edited" | "threaded" | "duplicate";

/** Concurrent copies of one notification (a retried webhook) wait at most this long for each other. */
const LOCK_SECONDS = 60;

export async function notify(alert: Alert, context: NotifyContext): Promise<Outcome> {
  const { store, log, now } = context;
  const id = await alertId(alert.key);
  const fields = { key: alert.key, state: alert.state, source: alert.source };
  if (!(await store.setIfAbsent(lockKey(id, alert.state), now, { ttlSeconds: LOCK_SECONDS }))) {
    log.info("alert collapsed: the same notification is being handled", fields);
    return "duplicate";
  }
  try {
    const record = await loadRecord(store, id);
    const windowMs = context.windowSeconds * 1000;
    const firing = alert.state === "firing";

    const repeat =
      record && record.state === alert.state && (!firing || now - record.lastAt < windowMs);
    if (record && repeat) {
      await saveRecord(store, id, { ...record, lastAt: now, duplicates: record.duplicates + 1 });
      log.info("alert collapsed into its earlier message", {
        ...fields,
        duplicates: record.duplicates + 1,
      });
      return "duplicate";
    }

    // Resolved edits the firing card and, without one to edit, answers it in its thread. A
    // re-fire soon after resolving (flapping) goes to the thread and the channel, unless snoozed.
    const flapping =
      firing && record?.state === "resolved" && now - (record.resolvedAt ?? 0) < windowMs;
    const snoozed = firing && record !== undefined && (record.snoozedUntil ?? 0) > now;
    const stillFiring = firing && record?.state === "firing";
    const card = cardAlert(alert);
    const oncall = firing ? await context.oncall() : [];
    const episode: AlertRecord | undefined =
      record && (!firing || flapping || snoozed || stillFiring)
        ? {
            ...record,
            state: alert.state,
            severity: alert.severity,
            lastAt: now,
            resolvedAt: firing ? undefined : now,
            flaps: flapping ? record.flaps + 1 : record.flaps,
            card,
            ...(firing ? { suggestions: [...context.suggestions], oncall } : {}),
            ...(flapping ? { ackBy: undefined, ackAt: undefined, resolvedBy: undefined } : {}),
            ...(flapping ? { escalations: 0, escalatedTo: undefined } : {}),
          }
        : undefined;
    const reply = alertMessage(alert, {
      suggestions: firing ? context.suggestions : [],
      oncall,
      firedAt: record?.state === "firing" ? record.firedAt : undefined,
      repeat: flapping ? record!.flaps + 1 : undefined,
      now,
      lifecycle: context.lifecycle ? { ...context.lifecycle, id } : undefined,
      status: episode && !flapping ? statusOf(episode) : undefined,
    });
    const target = (threadId?: string): CommandEvent => ({
      command: [],
      source: "alert",
      channel: { id: context.channel },
      ...(threadId ? { threadId } : {}),
    });
    const send = async (event: CommandEvent, message: Reply) => {
      const delivery = (await context.deliver(event, message)) || {};
      // A connector that retried and gave up reports it; the caller answers 502 so the sender retries.
      if (delivery.error) throw new Error(`alert not delivered: ${delivery.error}`);
      return delivery;
    };

    let outcome: Outcome;
    let posted: Delivery = {};
    if (!firing && record?.messageId && record.state === "firing") {
      await send(target(), { ...reply, replaces: record.messageId });
      outcome = "edited";
    } else if (record?.threadId && (!firing || snoozed)) {
      await send(target(record.threadId), reply);
      outcome = "threaded";
    } else {
      if (flapping && record?.threadId) await send(target(record.threadId), reply);
      posted = await send(target(), reply);
      outcome = record && (flapping || stillFiring) ? "reposted" : "posted";
    }

    const next: AlertRecord = episode
      ? {
          ...episode,
          threadId: record!.threadId ?? posted.threadId,
          messageId: posted.messageId ?? record!.messageId,
        }
      : {
          key: alert.key,
          name: alert.name,
          source: alert.source,
          channel: context.channel,
          state: alert.state,
          severity: alert.severity,
          threadId: posted.threadId,
          messageId: posted.messageId,
          firedAt: now,
          lastAt: now,
          resolvedAt: firing ? undefined : now,
          duplicates: 0,
          flaps: 0,
          card,
          suggestions: firing ? [...context.suggestions] : [],
          oncall,
        };
    await saveRecord(store, id, next);
    await markActive(
      store,
      context.channel,
      alert,
      firing
        ? {
            key: alert.key,
            name: alert.name,
            severity: alert.severity,
            resource: alert.resource,
            since: episode ? episode.firedAt : now,
            suggestions: [...context.suggestions],
          }
        : undefined,
    );
    log.info(`alert ${outcome}`, {
      ...fields,
      channel: context.channel,
      threadId: next.threadId,
    });
    return outcome;
  } finally {
    await store.delete(lockKey(id, alert.state));
  }
}
