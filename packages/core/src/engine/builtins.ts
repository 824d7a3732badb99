// Commands every bot has: meow, jobs, cancel and access. Disabled with `builtins: false`;
// an allow-list (`only`) keeps only those it names. Declared here (help, usage and rules need
// only this); what each does loads with builtin-runs.ts on the first one run.
import { builtin, command } from "../dispatch/command.js";
import { onFirstUse } from "../first-use.js";
import type { Command, CommandContext, Reply } from "../types.js";
import type { BuiltinOptions } from "./builtin-runs.js";

export type { BuiltinOptions };

export function createBuiltins(options: BuiltinOptions): Command[] {
  const runs = onFirstUse(async () => (await import("./on-demand.js")).builtinRuns(options));
  const run =
    (name: "jobs" | "cancel" | "access") =>
    async (ctx: CommandContext): Promise<Reply> =>
      (await runs())[name](ctx);

  const jobsCommand = command({
    description:
      "List this conversation's recent jobs (`--mine`: yours from everywhere), or show one: `jobs <id>`",
    args: { id: { description: "a job id" } },
    flags: { mine: { type: "boolean", description: "your own jobs, from every conversation" } },
    run: run("jobs"),
  });

  const cancelCommand = command({
    description: "Cancel a running or queued job (its owner or an admin)",
    args: { id: { required: true, description: "the job id" } },
    run: run("cancel"),
  });

  const accessCommand = command({
    description:
      "Manage who may run what: `access list`, `access grant <group> @user`, `access revoke <group> @user`",
    usage: "access list | grant <group> <user> | revoke <group> <user>",
    args: {
      action: { choices: ["list", "grant", "revoke"], default: "list" },
      group: {},
      user: {},
    },
    allow: { groups: [options.adminGroup] },
    run: run("access"),
  });

  // The original's greeting: the user's name as plain text, which pings nobody.
  const meowCommand = command({
    description: "Say hello",
    run: ({ user }) => `@${user?.name ?? "CatOps"} Meow!`,
  });

  return [
    builtin("meow", meowCommand),
    builtin("jobs", jobsCommand),
    builtin("cancel", cancelCommand),
    builtin("access", accessCommand),
  ];
}
