// What the built-in commands do, loaded on the first built-in command run: a slash command's
// cold start carries only their declarations (builtins.ts).
import type { Cancellation } from "./cancel.js";
import { age } from "../dispatch/durations.js";
import { chatMarkup } from "../dialect.js";
import { grant, revoke } from "../dispatch/group-grants.js";
import { type Groups, loadStoredGroups } from "../dispatch/groups.js";
import { FINAL_STATES, type JobRecord, type Jobs } from "./jobs.js";
import type { CommandContext, Reply } from "../types.js";
import { createVisibility, type VisibilityOptions } from "../dispatch/visibility.js";

export interface BuiltinOptions extends VisibilityOptions {
  jobs: Jobs;
  cancellation: () => Promise<Cancellation>;
  now: () => number;
}

type Say = ReturnType<typeof chatMarkup>;
type Run = (ctx: CommandContext) => Promise<Reply>;

/** One job as a line of platform markup: its command (escaped) and its owner (a mention). */
function jobLine(job: JobRecord, now: number, say: Say): string {
  const state = job.state.replace("_", " ");
  const when = `${age(now - job.createdAt)} ago`;
  return job.user
    ? say.text`\`${job.id}\` ${state}: \`${job.command}\` by ${say.mention(job.user)}, ${when}`
    : say.text`\`${job.id}\` ${state}: \`${job.command}\`, ${when}`;
}

/** A job's result line; who cancelled it is a mention. */
function resultLine(job: JobRecord, say: Say): string {
  const by = job.state === "cancelled" ? job.cancelRequested?.by : undefined;
  return by
    ? say.text`Result: ${job.result} by ${say.mention({ id: by })}`
    : say.text`Result: ${job.result}`;
}

export function builtinRuns(options: BuiltinOptions): Record<"jobs" | "cancel" | "access", Run> {
  const { jobs, cancellation, adminGroup, now } = options;
  const { isAdmin, maySee } = createVisibility(options);

  const jobsRun: Run = async (ctx) => {
    const { args, chat } = ctx;
    const say = chatMarkup(chat);
    if (args.id) {
      const job = await jobs.get(String(args.id));
      if (!job) return { text: `No job \`${args.id}\`.`, visibility: "ephemeral", error: true };
      // A job's details and result are for its owner, admins, and whoever may run it.
      if (!(await maySee(job.user?.id, job.command, ctx)))
        return {
          text: `You are not allowed to see job \`${job.id}\`.`,
          visibility: "ephemeral",
          error: true,
        };
      const lines = [jobLine(job, now(), say)];
      if (job.progress && !FINAL_STATES.has(job.state))
        lines.push(say.text`Progress: ${job.progress}`);
      if (job.result) lines.push(resultLine(job, say));
      if (job.startedAt && job.endedAt)
        lines.push(say.text`Took ${age(job.endedAt - job.startedAt)}.`);
      return { text: lines.join("\n"), visibility: "ephemeral", raw: true };
    }
    // The jobs started where `jobs` is typed (in a direct message, those started there); with
    // `--mine`, or where there is no conversation, the user's own. One index read each.
    const userId = ctx.user?.id;
    const scope = ctx.flags.mine || !ctx.channel ? { userId } : { channelId: ctx.channel.id };
    const recent = scope.channelId || scope.userId ? await jobs.recentIn(scope, 10) : [];
    if (recent.length === 0) return { text: "No recent jobs.", visibility: "ephemeral" };
    const text = recent.map((job) => jobLine(job, now(), say)).join("\n");
    return { text, visibility: "ephemeral", raw: true };
  };

  const cancelRun: Run = async (ctx) => {
    const id = String(ctx.args.id);
    const job = await jobs.get(id);
    if (!job) return { text: `No job \`${id}\`.`, visibility: "ephemeral", error: true };
    if (job.user?.id !== ctx.user?.id && !(await isAdmin(ctx))) {
      const say = chatMarkup(ctx.chat);
      const owner = job.user ? say.mention(job.user) : "its owner";
      return {
        text: say.text`Only ${owner} or a member of ${adminGroup} can cancel job \`${id}\`.`,
        visibility: "ephemeral",
        error: true,
        raw: true,
      };
    }
    if (FINAL_STATES.has(job.state)) {
      return {
        text: `Job \`${id}\` already ${job.state.replace("_", " ")}.`,
        visibility: "ephemeral",
      };
    }
    await jobs.update(id, { cancelRequested: { by: ctx.user?.id, at: now() } });
    const here = (await cancellation()).abortLocal(id);
    return {
      text: `Cancelling job \`${id}\` (\`${job.command}\`)${here ? "" : "; it stops within a few seconds"}.`,
      visibility: "in_channel",
    };
  };

  const accessRun: Run = async (ctx) => {
    const { action, group, user } = ctx.args as { action: string; group?: string; user?: string };
    const say = chatMarkup(ctx.chat);
    const member = (id: string) => say.mention({ id });
    if (action === "list") {
      const stored = await loadStoredGroups(ctx.store);
      const names = [...new Set([...Object.keys(options.groups), ...Object.keys(stored)])].sort();
      if (names.length === 0) return { text: "No groups.", visibility: "ephemeral" };
      const line = (name: string) => {
        const fromConfig = options.groups[name] ?? [];
        const fromChat = (stored as Groups)[name] ?? [];
        const members = [...new Set([...fromConfig, ...fromChat])].map(
          (id) => say.text`${member(id)}`,
        );
        // An escape, not the bullet itself: a tagged template keeps its text as written, and one
        // character past ASCII makes Node read a whole bundle as a two-byte string.
        return say.text`\u2022 ${name}: ` + (members.join(", ") || say.text`(nobody)`);
      };
      return { text: names.map(line).join("\n"), visibility: "ephemeral", raw: true };
    }
    if (!group || !user) {
      return {
        text: `Usage: \`access ${action} <group> <user>\``,
        visibility: "ephemeral",
        error: true,
      };
    }
    // A mention as the platform writes it, or an id typed as it is.
    const userId = ctx.chat.parseMention(user) ?? user;
    const who = member(userId);
    if (action === "grant") {
      const added = await grant(ctx.store, group, userId);
      return {
        text: added
          ? say.text`${who} is now in ${group}.`
          : say.text`${who} was already in ${group}.`,
        visibility: "in_channel",
        raw: true,
      };
    }
    if (
      (options.groups[group] ?? []).includes(userId) &&
      !((await loadStoredGroups(ctx.store))[group] ?? []).includes(userId)
    ) {
      return {
        text: say.text`${who} is in ${group} by configuration; change it there.`,
        visibility: "ephemeral",
        error: true,
        raw: true,
      };
    }
    const removed = await revoke(ctx.store, group, userId);
    return {
      text: removed
        ? say.text`${who} is no longer in ${group}.`
        : say.text`${who} was not in ${group}.`,
      visibility: "in_channel",
      raw: true,
    };
  };

  return { jobs: jobsRun, cancel: cancelRun, access: accessRun };
}
