// The connectors a bot has without a chat platform: the in-process one that `dispatch` answers
// through (the CLI, the shell, tests), and the one that refuses everything when none is set up.
import type { Connector } from "../connector.js";
import type { ChatDialect } from "../dialect.js";
import { plainDialect } from "../dialect.js";
import { HttpError } from "../errors.js";
import type { Reply, Runtime } from "../types.js";

/** How `dispatch` runs a command event in process, as the CLI, the shell and tests do. */
export interface DispatchOptions {
  requestId?: string;
  /**
   * Answers a confirmation (`confirm` commands): resolves to true to run. Without it, the reply
   * is the question with its Run and Cancel buttons, as a chat platform would show it.
   */
  confirm?: (question: string) => Promise<boolean>;
  /** Receives replies that come later: a deferred job's result, a slow command's answer. */
  onReply?: (reply: Reply) => void;
  /** Where background work goes (`waitUntil` to await it), the env and the logger. */
  runtime?: Runtime;
  /** How mentions look in the replies. Default: plain text (`@alice`). */
  dialect?: ChatDialect;
}

export const NO_CONNECTOR: Connector = {
  name: "none",
  paths: [],
  handle: async () => {
    throw new HttpError(404, "not found");
  },
  deliver: async () => ({ error: "no chat connector is configured" }),
};

/** The connector of an in-process dispatch: late replies go to the caller's `onReply`. */
export function localConnector(options: DispatchOptions): Connector {
  return {
    name: "local",
    paths: [],
    dialect: options.dialect ?? plainDialect,
    handle: NO_CONNECTOR.handle,
    deliver: async (_event, reply) => {
      if (!options.onReply) return { error: "nobody is listening for late replies" };
      options.onReply(reply);
      return {};
    },
  };
}
