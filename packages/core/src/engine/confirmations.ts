// Confirmation: a command with `confirm` answers with Run and Cancel buttons; the pending
// confirmation lives in the store with an expiry and runs at most once.
import type { Connector, ConnectorKit } from "../connector.js";
import { chatMarkup } from "../dialect.js";
import { confirmQuestion } from "../dispatch/help.js";
import type { EngineBase, EngineOptions, Runnable } from "./engine-base.js";
import { randomId } from "../ids.js";
import type { CommandEvent, Reply } from "../types.js";

interface PendingConfirmation {
  event: CommandEvent;
  text: string;
  requester?: string;
  /** The requester's display name, for a mention on platforms that mention by name. */
  requesterName?: string;
}

type Execute = (
  event: CommandEvent,
  connector: Connector,
  kit: ConnectorKit,
  confirmed: boolean,
) => Reply | undefined | Promise<Reply | undefined>;

export function createConfirmations(options: EngineOptions, base: EngineBase, execute: Execute) {
  const { store } = options;
  const { resolve, record } = base;

  async function askToConfirm(
    runnable: Runnable,
    event: CommandEvent,
    text: string,
  ): Promise<Reply> {
    const id = randomId(12);
    const pending: PendingConfirmation = {
      event,
      text,
      requester: event.user?.id,
      requesterName: event.user?.name,
    };
    await store.set(`confirm:${id}`, pending, { ttlSeconds: options.confirmTtlSeconds });
    const question = confirmQuestion(runnable.command, text);
    return {
      text: question,
      visibility: "ephemeral",
      buttons: [
        { text: "Run", action: "catops.confirm", value: id, style: "primary" },
        { text: "Cancel", action: "catops.cancel", value: id },
      ],
    };
  }

  async function answerConfirmation(
    run: boolean,
    id: string,
    presser: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply> {
    const pending = await store.get<PendingConfirmation>(`confirm:${id}`);
    if (!pending) {
      return {
        text: "This confirmation has expired; run the command again.",
        replaceOriginal: true,
        error: true,
      };
    }
    const presserId = presser.user?.id;
    if (pending.requester && presserId !== pending.requester) {
      // Someone else may answer only when the command's allow rule names them.
      const resolution = await resolve({ ...pending.event, user: presser.user }, kit.dialect);
      const allowedByRule = resolution.kind === "command" && resolution.command.allow !== undefined;
      if (!allowedByRule) {
        const say = chatMarkup(kit.dialect);
        return {
          text: say.text`Only ${say.mention({ id: pending.requester, name: pending.requesterName })} can answer this confirmation.`,
          visibility: "ephemeral",
          error: true,
          raw: true,
        };
      }
    }
    const firstAnswer = await store.setIfAbsent(`confirm-used:${id}`, presserId ?? "unknown", {
      ttlSeconds: options.confirmTtlSeconds,
    });
    if (!firstAnswer)
      return { text: "This confirmation was already used.", visibility: "ephemeral", error: true };
    await store.delete(`confirm:${id}`);
    await record(
      run ? "confirmed" : "cancelled",
      { ...pending.event, user: presser.user },
      pending.text,
      kit.requestId,
    );
    if (!run) return { text: `Cancelled \`${pending.text}\`.`, replaceOriginal: true };
    const event: CommandEvent = {
      ...pending.event,
      responseUrl: presser.responseUrl ?? pending.event.responseUrl,
    };
    const reply = await execute(event, connector, kit, true);
    return reply
      ? { replaceOriginal: true, visibility: "in_channel", ...reply }
      : { text: `Ran \`${pending.text}\`.`, replaceOriginal: true };
  }

  return { askToConfirm, answerConfirmation };
}
