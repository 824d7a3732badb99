import type { Connector } from "./connector.js";
import { methodOnFirstUse, onFirstUse } from "./first-use.js";

/** What a connector must say before its code loads: where it answers and how it writes. */
export type ConnectorShape = Pick<
  Connector,
  "name" | "paths" | "dialect" | "forms" | "refusalHeaders"
>;

/**
 * A connector whose code loads on its first request or delivery, so a cold start serving
 * another platform never parses it. `load` runs once; a failed load is tried again next time.
 * Where the bundle splits (`import()` chunks) the code stays off the cold path; where it does
 * not, it is only evaluated later.
 */
export function lazyConnector(shape: ConnectorShape, load: () => Promise<Connector>): Connector {
  const connector = onFirstUse(load);
  return {
    ...shape,
    handle: async (request, kit) => (await connector()).handle(request, kit),
    deliver: methodOnFirstUse(connector, "deliver"),
  };
}
