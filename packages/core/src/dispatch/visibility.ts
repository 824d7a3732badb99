// Who may see a job or a run of a command: its owner, an admin, or anyone the command's rule
// admits. One rule for `jobs <id>`, `history` and `rerun`.
import type { ChatDialect } from "../dialect.js";
import { loadStoredGroups } from "./groups.js";
import type { CommandContext, CommandEvent } from "../types.js";

export interface VisibilityOptions {
  /** The group whose members see everything. */
  adminGroup: string;
  /** Groups from configuration. */
  groups: Record<string, readonly string[]>;
  /** Whether the user of `event` may run the command line `line` (its command's rule). */
  admits(line: string, event: CommandEvent, dialect: ChatDialect): Promise<boolean>;
}

export function createVisibility(options: VisibilityOptions) {
  const { adminGroup } = options;

  async function isAdmin(ctx: Pick<CommandContext, "user" | "store">): Promise<boolean> {
    const userId = ctx.user?.id;
    if (!userId) return false;
    if ((options.groups[adminGroup] ?? []).includes(userId)) return true;
    const stored = await loadStoredGroups(ctx.store);
    return (stored[adminGroup] ?? []).includes(userId);
  }

  /** Whether the user of `ctx` may see a run of `line` that `ownerId` started. */
  async function maySee(
    ownerId: string | undefined,
    line: string,
    ctx: Pick<CommandContext, "user" | "store" | "event" | "chat">,
  ): Promise<boolean> {
    if (ownerId !== undefined && ownerId === ctx.user?.id) return true;
    // The rule is the command's, whatever its arguments: asked by name alone, a line that no
    // longer reads (clipped, masked) cannot pass for one that is allowed.
    const name = line.split(" ", 1)[0] ?? "";
    return (await isAdmin(ctx)) || (await options.admits(name, ctx.event, ctx.chat));
  }

  /**
   * `maySee` for one viewer over many runs: whether they are an admin is read once, and each
   * command's rule asked once, however many runs a listing holds.
   */
  function viewer(ctx: Pick<CommandContext, "user" | "store" | "event" | "chat">) {
    let admin: Promise<boolean> | undefined;
    const admitted = new Map<string, Promise<boolean>>();
    return async (ownerId: string | undefined, line: string): Promise<boolean> => {
      if (ownerId !== undefined && ownerId === ctx.user?.id) return true;
      admin ??= isAdmin(ctx);
      if (await admin) return true;
      const name = line.split(" ", 1)[0] ?? "";
      const asked = admitted.get(name) ?? options.admits(name, ctx.event, ctx.chat);
      admitted.set(name, asked);
      return asked;
    };
  }

  return { isAdmin, maySee, viewer };
}

export type Visibility = ReturnType<typeof createVisibility>;
