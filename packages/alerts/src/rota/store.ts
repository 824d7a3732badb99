// Where rotas live: one per channel (default) or one per workspace, in the bot's store.
import type { CommandEvent, Store } from "@catops/core";
import { onCallAt, type Rota } from "./rota.js";

export type RotaScope = "channel" | "team";

/** The store key of the rota for a channel or a workspace id. */
export function rotaKey(scope: RotaScope, id: string): string {
  return `oncall:${scope}:${id}`;
}

/** The rota key an event's channel (or workspace) uses, when it has one. */
export function rotaKeyFor(scope: RotaScope, event: CommandEvent): string | undefined {
  const id = scope === "team" ? event.team?.id : event.channel?.id;
  return id ? rotaKey(scope, id) : undefined;
}

export function loadRota(store: Store, key: string): Promise<Rota | undefined> {
  return store.get<Rota>(key);
}

export function saveRota(store: Store, key: string, rota: Rota): Promise<void> {
  return store.set(key, rota);
}

/** Who is on call under `key` right now, as mentions; empty without a rota. */
export async function onCallMentions(store: Store, key: string, now: number): Promise<string[]> {
  const rota = await loadRota(store, key);
  if (!rota) return [];
  try {
    const person = onCallAt(rota, now).person;
    return person ? [person] : [];
  } catch {
    return []; // a damaged record must not stop an alert
  }
}
