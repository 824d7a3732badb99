// Where forms meet the engine: a command missing what it requires answers with its form, help
// on a command offers "Fill in…", and a submission runs through the same execute as typed text.
import type { Connector, ConnectorKit } from "../connector.js";
import type { Resolution } from "../dispatch/dispatch.js";
import type { EngineBase, EngineOptions } from "./engine-base.js";
import { fillInButton, formFor, formTokens } from "../dispatch/forms.js";
import { usageLine } from "../dispatch/help.js";
import type { CommandEvent, FormOutcome, FormSubmission, Reply } from "../types.js";

type Execute = (
  event: CommandEvent,
  connector: Connector,
  kit: ConnectorKit,
) => Reply | undefined | Promise<Reply | undefined>;

export function createFormFlow(options: EngineOptions, base: EngineBase, execute: Execute) {
  const { dispatcher } = options;

  /** A reply for a resolution that did not run, with a form where the connector renders forms. */
  function withForm(reply: Reply, resolution: Resolution, connector: Connector): Reply {
    if (!connector.forms) return reply;
    if (resolution.kind === "invalid" && resolution.missing && resolution.command) {
      const form = formFor(resolution.command);
      return form ? { ...reply, form } : reply;
    }
    if (resolution.kind === "help" && resolution.topic) {
      const command = dispatcher.find(resolution.topic);
      if (command && formFor(command))
        return { ...reply, buttons: [...(reply.buttons ?? []), fillInButton(command)] };
    }
    return reply;
  }

  /** A "Fill in…" press: the command's form, for someone who may run it. */
  async function openForm(
    name: string,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<Reply | undefined> {
    const command = dispatcher.find(name);
    if (!command) return undefined;
    const resolution = await base.resolve({ ...event, command: [command.name] }, kit.dialect);
    if (resolution.kind === "denied")
      return dispatcher.replyForEvent(resolution, event, kit.dialect);
    const form = connector.forms ? formFor(command) : undefined;
    const text = `Usage: \`${usageLine(command)}\``;
    return form ? { text, form, visibility: "ephemeral" } : { text, visibility: "ephemeral" };
  }

  /** A submitted form: inline errors when a value does not fit, else the command's run. */
  async function submitForm(
    submission: FormSubmission,
    event: CommandEvent,
    connector: Connector,
    kit: ConnectorKit,
  ): Promise<FormOutcome> {
    const command = dispatcher.find(submission.command);
    if (!command) return { reply: await dispatcher.help(submission.command) };
    const result = formTokens(command, submission.values);
    if ("errors" in result) return result;
    const { text: _typed, ...rest } = event;
    return {
      reply: await execute({ ...rest, command: [command.name, ...result.tokens] }, connector, kit),
    };
  }

  return { withForm, openForm, submitForm };
}
