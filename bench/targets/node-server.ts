// The Node artifact: the example plugins served by @catops/node.
import { start } from "./node-app.ts";

await start();
