// The connector a bot has when no chat platform is set up: it refuses every request and every
// delivery.
import type { Connector } from "../connector.js";
import { HttpError } from "../errors.js";

export const NO_CONNECTOR: Connector = {
  name: "none",
  paths: [],
  handle: async () => {
    throw new HttpError(404, "not found");
  },
  deliver: async () => ({ error: "no chat connector is configured" }),
};
