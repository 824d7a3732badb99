// The kit a connector is handed for one request, job or firing: the engine's entry points bound
// to that connector, the store, a logger that masks secrets, and the bot's env with the
// runtime's over it. Made on every request, so what can be shared across them is.
import type { Connector, ConnectorKit } from "../connector.js";
import { plainDialect } from "../dialect.js";
import { webCryptoHmacSha256 } from "../http/crypto.js";
import { childLogger, redactingLogger } from "../logger.js";
import type { SecretSettings } from "../secret-settings.js";
import type { Logger, Runtime, Store } from "../types.js";
import type { Engine } from "./execute.js";
import type { KeptHistory } from "./history-feature.js";
import type { createHome } from "./home.js";

export interface KitParts {
  name: string;
  aliases: readonly string[];
  /** The bot's own configuration. */
  env: Record<string, unknown>;
  /** The values masked everywhere; values of secret settings a runtime's env brings are added. */
  secrets: (string | undefined)[];
  settings: SecretSettings;
  logger: Logger;
  store: Store;
  now: () => number;
  bodyLimit: number;
  engine: Engine;
  home: ReturnType<typeof createHome>;
  history?: KeptHistory;
}

export type KitFor = (connector: Connector, runtime: Runtime, requestId: string) => ConnectorKit;

export function createKits(parts: KitParts): {
  kitFor: KitFor;
  runtimeLogger: (given: Logger | undefined) => Logger;
} {
  const { engine, home, history, logger, secrets } = parts;
  const bot = { name: parts.name, aliases: parts.aliases };

  // The bot's env with a runtime's over it, merged once per runtime env object: adapters hand
  // the same one to every invocation, and copying a large host environment costs more than a
  // whole request. A runtime's env (the host environment, Workers bindings) may carry secrets
  // the options did not: they are learned here, so logs and replies mask them.
  const mergedEnvs = new WeakMap<object, Record<string, unknown>>();
  const noRuntimeEnv = {};
  function envFor(runtimeEnv: Record<string, unknown> = noRuntimeEnv): Record<string, unknown> {
    let merged = mergedEnvs.get(runtimeEnv);
    if (!merged) {
      // The bot's own settings (adapters often hand on the very object the bot was given) were
      // read for secrets when the bot was made; reading them again costs a scan of every one.
      if (runtimeEnv === parts.env) merged = { ...runtimeEnv };
      else {
        for (const value of parts.settings.valuesIn(runtimeEnv))
          if (!secrets.includes(value)) secrets.push(value);
        merged = { ...parts.env, ...runtimeEnv };
      }
      mergedEnvs.set(runtimeEnv, merged);
    }
    return merged;
  }

  // A runtime's logger is wrapped so no secret reaches it, once per logger; the bot's own
  // (which adapters often pass on) already masks them.
  const wrappedLoggers = new WeakMap<Logger, Logger>();
  function runtimeLogger(given: Logger | undefined): Logger {
    if (!given || given === logger) return logger;
    let wrapped = wrappedLoggers.get(given);
    if (!wrapped) {
      wrapped = redactingLogger(given, secrets);
      wrappedLoggers.set(given, wrapped);
    }
    return wrapped;
  }

  function kitFor(connector: Connector, runtime: Runtime, requestId: string): ConnectorKit {
    history?.remember(requestId, runtime);
    const kit: ConnectorKit = {
      execute: (event) => engine.execute(event, connector, kit),
      act: (action, event) => engine.act(action, event, connector, kit),
      submitForm: (submission, event) => engine.submitForm(submission, event, connector, kit),
      home: (event) => home(event, kit),
      store: parts.store,
      log: childLogger(runtimeLogger(runtime.logger), { requestId, connector: connector.name }),
      runtime,
      env: envFor(runtime.env),
      now: runtime.now ?? parts.now,
      dialect: connector.dialect ?? plainDialect,
      hmacSha256: runtime.hmacSha256 ?? webCryptoHmacSha256,
      requestId,
      bot,
      bodyLimit: parts.bodyLimit,
      deliver: (event, reply) => connector.deliver(event, reply, kit),
    };
    return kit;
  }

  return { kitFor, runtimeLogger };
}
