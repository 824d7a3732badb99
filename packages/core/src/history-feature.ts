// `keepHistory()`: the run history, `history` and `rerun`, as an option of the bot. A bot that
// does not ask for it does not bundle it.
import type { AuditRecord } from "./audit.js";
import type { ChatDialect } from "./dialect.js";
import type { Dispatcher } from "./dispatch.js";
import { createHistory } from "./history.js";
import { createHistoryCommands } from "./history-commands.js";
import { createRerun, type Expanded } from "./rerun.js";
import type { Command, CommandEvent, Store } from "./types.js";
import { createVisibility, type VisibilityOptions } from "./visibility.js";

export interface HistoryParts extends VisibilityOptions {
  store: Store;
  now: () => number;
}

/** What the bot wires in: the record sink, the two built-ins, and the rerun step of the engine. */
export interface KeptHistory {
  record(record: AuditRecord): Promise<void>;
  commands: Command[];
  /** The rerun step, once the command table is final: the built-in `rerun` only, not a plugin's. */
  rerunWith(
    dispatcher: Dispatcher,
    rerun: Command | undefined,
  ): ((event: CommandEvent, dialect: ChatDialect) => Promise<Expanded>) | undefined;
}

export interface HistoryFeature {
  create(parts: HistoryParts): KeptHistory;
}

/**
 * Keeps a history of runs and adds the built-in `history` and `rerun`:
 * `createCatOps({ history: keepHistory() })`. Costs one round of store writes per run, made
 * after the answer where the runtime can.
 */
export function keepHistory(): HistoryFeature {
  return {
    create(parts) {
      const history = createHistory({ ...parts, skip: new Set(["history", "jobs"]) });
      const commands = createHistoryCommands({ ...parts, history });
      return {
        record: history.record,
        commands,
        rerunWith(dispatcher, rerun) {
          if (!rerun || !commands.includes(rerun)) return undefined;
          return createRerun({
            dispatcher,
            history,
            store: parts.store,
            visibility: createVisibility(parts),
            rerun,
          });
        },
      };
    },
  };
}
