import { updateValue } from "../store/update.js";
import type { Store } from "../types.js";

/** Groups granted from chat live in one store record: { deployers: ['U1', 'U2'] }. */
const GROUPS_KEY = "access:groups";

export type Groups = Record<string, string[]>;

export async function loadStoredGroups(store: Store): Promise<Groups> {
  return (await store.get<Groups>(GROUPS_KEY)) ?? {};
}

/** Adds a user to a group; false when they were already in it. */
export async function grant(store: Store, group: string, userId: string): Promise<boolean> {
  const { written } = await updateValue<Groups>(store, GROUPS_KEY, (groups = {}) => {
    const members = groups[group] ?? [];
    if (members.includes(userId)) return undefined;
    return { ...groups, [group]: [...members, userId] };
  });
  return written;
}

/** Removes a user from a group granted from chat; false when they were not in it. */
export async function revoke(store: Store, group: string, userId: string): Promise<boolean> {
  const { written } = await updateValue<Groups>(store, GROUPS_KEY, (groups = {}) => {
    const members = groups[group] ?? [];
    if (!members.includes(userId)) return undefined;
    const rest = members.filter((member) => member !== userId);
    const next: Groups = { ...groups, [group]: rest };
    if (rest.length === 0) delete next[group];
    return next;
  });
  return written;
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
