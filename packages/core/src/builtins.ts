// Commands every bot has: jobs, cancel and access. Disabled with `builtins: false`.
import type { Cancellation } from "./cancel.js";
import { command } from "./command.js";
import { type Groups, grant, loadStoredGroups, revoke, userIdOf } from "./groups.js";
import { FINAL_STATES, type JobRecord, type Jobs } from "./jobs.js";
import type { Command, CommandContext, Reply } from "./types.js";

export interface BuiltinOptions {
  jobs: Jobs;
  cancellation: Cancellation;
  /** The group whose members may grant access and cancel anyone's job. */
  adminGroup: string;
  /** Groups from configuration. */
  groups: Record<string, readonly string[]>;
  now: () => number;
}

function toCommand(name: string, definition: ReturnType<typeof command>): Command {
  const { run, ...rest } = definition;
  return { ...rest, name, file: "(built-in)", run: run as Command["run"] };
}

function age(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.round(s / 60)}m`;
  return `${Math.round(s / 3600)}h`;
}

function jobLine(job: JobRecord, now: number): string {
  const who = job.user ? ` by <@${job.user.id}>` : "";
  return `\`${job.id}\` ${job.state.replace("_", " ")}: \`${job.command}\`${who}, ${age(now - job.createdAt)} ago`;
}

export function createBuiltins(options: BuiltinOptions): Command[] {
  const { jobs, cancellation, adminGroup, now } = options;

  async function isAdmin(ctx: CommandContext): Promise<boolean> {
    const userId = ctx.user?.id;
    if (!userId) return false;
    const stored = await loadStoredGroups(ctx.store);
    return (
      (options.groups[adminGroup] ?? []).includes(userId) ||
      (stored[adminGroup] ?? []).includes(userId)
    );
  }

  const jobsCommand = command({
    description: "List recent jobs, or show one: `jobs <id>`",
    args: { id: { description: "a job id" } },
    run: async ({ args }): Promise<Reply> => {
      if (args.id) {
        const job = await jobs.get(String(args.id));
        if (!job) return { text: `No job \`${args.id}\`.`, visibility: "ephemeral", error: true };
        const lines = [jobLine(job, now())];
        if (job.progress && !FINAL_STATES.has(job.state)) lines.push(`Progress: ${job.progress}`);
        if (job.result) lines.push(`Result: ${job.result}`);
        if (job.startedAt && job.endedAt) lines.push(`Took ${age(job.endedAt - job.startedAt)}.`);
        return { text: lines.join("\n"), visibility: "ephemeral" };
      }
      const recent = await jobs.recent(10);
      if (recent.length === 0) return { text: "No recent jobs.", visibility: "ephemeral" };
      return { text: recent.map((job) => jobLine(job, now())).join("\n"), visibility: "ephemeral" };
    },
  });

  const cancelCommand = command({
    description: "Cancel a running or queued job (its owner or an admin)",
    args: { id: { required: true, description: "the job id" } },
    run: async (ctx): Promise<Reply> => {
      const id = String(ctx.args.id);
      const job = await jobs.get(id);
      if (!job) return { text: `No job \`${id}\`.`, visibility: "ephemeral", error: true };
      if (job.user?.id !== ctx.user?.id && !(await isAdmin(ctx))) {
        return {
          text: `Only <@${job.user?.id}> or a member of ${adminGroup} can cancel job \`${id}\`.`,
          visibility: "ephemeral",
          error: true,
        };
      }
      if (FINAL_STATES.has(job.state)) {
        return {
          text: `Job \`${id}\` already ${job.state.replace("_", " ")}.`,
          visibility: "ephemeral",
        };
      }
      await jobs.update(id, { cancelRequested: { by: ctx.user?.id, at: now() } });
      const here = cancellation.abortLocal(id);
      return {
        text: `Cancelling job \`${id}\` (\`${job.command}\`)${here ? "" : "; it stops within a few seconds"}.`,
        visibility: "in_channel",
      };
    },
  });

  const accessCommand = command({
    description:
      "Manage who may run what: `access list`, `access grant <group> @user`, `access revoke <group> @user`",
    usage: "access list | grant <group> <@user> | revoke <group> <@user>",
    args: {
      action: { choices: ["list", "grant", "revoke"], default: "list" },
      group: {},
      user: {},
    },
    allow: { groups: [adminGroup] },
    run: async (ctx): Promise<Reply> => {
      const { action, group, user } = ctx.args as { action: string; group?: string; user?: string };
      if (action === "list") {
        const stored = await loadStoredGroups(ctx.store);
        const names = [...new Set([...Object.keys(options.groups), ...Object.keys(stored)])].sort();
        if (names.length === 0) return { text: "No groups.", visibility: "ephemeral" };
        const line = (name: string) => {
          const fromConfig = options.groups[name] ?? [];
          const fromChat = (stored as Groups)[name] ?? [];
          const members = [...new Set([...fromConfig, ...fromChat])].map((id) => `<@${id}>`);
          return `• ${name}: ${members.join(", ") || "(nobody)"}`;
        };
        return { text: names.map(line).join("\n"), visibility: "ephemeral" };
      }
      if (!group || !user) {
        return {
          text: `Usage: \`access ${action} <group> <@user>\``,
          visibility: "ephemeral",
          error: true,
        };
      }
      const userId = userIdOf(user);
      if (action === "grant") {
        const added = await grant(ctx.store, group, userId);
        return {
          text: added
            ? `<@${userId}> is now in ${group}.`
            : `<@${userId}> was already in ${group}.`,
          visibility: "in_channel",
        };
      }
      if (
        (options.groups[group] ?? []).includes(userId) &&
        !((await loadStoredGroups(ctx.store))[group] ?? []).includes(userId)
      ) {
        return {
          text: `<@${userId}> is in ${group} by configuration; change it there.`,
          visibility: "ephemeral",
          error: true,
        };
      }
      const removed = await revoke(ctx.store, group, userId);
      return {
        text: removed
          ? `<@${userId}> is no longer in ${group}.`
          : `<@${userId}> was not in ${group}.`,
        visibility: "in_channel",
      };
    },
  });

  return [
    toCommand("jobs", jobsCommand),
    toCommand("cancel", cancelCommand),
    toCommand("access", accessCommand),
  ];
}
