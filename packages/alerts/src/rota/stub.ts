// `oncall` as the bot registers it: its name, rule and declared arguments, with a run that loads
// the rota (commands.ts and what it needs) the first time someone runs it.
import { type Command, onFirstUse } from "@catops/core";
import type { OncallOptions } from "./commands.js";
import { defaultZoneOf, ONCALL_SPEC } from "./spec.js";

export function oncallStub(options: OncallOptions = {}): Command {
  defaultZoneOf(options);
  const load = onFirstUse(
    async () => (await import("../on-demand.js")).oncallCommands(options)[0]!,
  );
  return {
    ...ONCALL_SPEC,
    allow: options.allow,
    name: options.name ?? "oncall",
    run: async (ctx) => (await load()).run(ctx),
  };
}
