// Granting and revoking group membership from chat (the `grant` and `revoke` built-ins): writes
// a command only makes when asked, apart from the reads every command makes.
import { updateValue } from "../store/update.js";
import type { Store } from "../types.js";
import { GROUPS_KEY, type Groups } from "./groups.js";

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
