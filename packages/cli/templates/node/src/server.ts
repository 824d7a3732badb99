// The bot on a plain Node server. Without SLACK_SIGNING_SECRET it is a local playground at
// http://127.0.0.1:3000/; with it, a Slack endpoint at /slack/events. State lives in
// .catops/catops.db (SQLite); deferred commands run in this process.
import { existsSync } from "node:fs";
import { closeOnSignals, createNodeBot, isLocalMode, serve } from "@catops/node";
import { plugins } from "./plugins.generated.ts";

if (existsSync(".env")) process.loadEnvFile(".env");

// An empty value, as .env.example leaves them, means the default.
const port = Number(process.env.PORT || 3000);
const hostname = process.env.CATOPS_HOST || (isLocalMode(process.env) ? "127.0.0.1" : "0.0.0.0");

const server = await serve(await createNodeBot({ plugins }), { port, hostname });
closeOnSignals(server, { graceMs: 30_000, logger: server.bot().logger });
console.log(`CatOps: ${server.url}/ (${server.bot().commands.size} commands)`);
