// The Node artifact plus the bench's ten-second deferred command, for the acknowledgement run.
import { start } from "./node-app.ts";
import * as slow from "./plugins/slow.ts";

await start([{ file: "slow.ts", exports: slow }]);
