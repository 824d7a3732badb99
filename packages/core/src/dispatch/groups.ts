// Access groups: those the bot's options name, and those granted from chat, read together.
import type { Store } from "../types.js";

/** Groups granted from chat live in one store record: { deployers: ['U1', 'U2'] }. */
export const GROUPS_KEY = "access:groups";

export type Groups = Record<string, string[]>;

export async function loadStoredGroups(store: Store): Promise<Groups> {
  return (await store.get<Groups>(GROUPS_KEY)) ?? {};
}

/** Config groups and stored groups together; a user is a member when either lists them. */
export function mergeGroups(
  config: Record<string, readonly string[]>,
  stored: Groups,
): Record<string, readonly string[]> {
  const merged: Record<string, readonly string[]> = { ...config };
  for (const [group, members] of Object.entries(stored)) {
    merged[group] = [...new Set([...(config[group] ?? []), ...members])];
  }
  return merged;
}
