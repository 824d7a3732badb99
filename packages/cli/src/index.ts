// catops: the command line. `main(args, io)` runs it in-process (tests, wrappers).
export { main } from "./main.js";
export { CliError, processIo } from "./io.js";
export type { Io } from "./io.js";
export { renderReply } from "./render.js";
export { parseOptions } from "./options.js";
export type { OptionSpec, Parsed } from "./options.js";
export { BOT_ALIASES, BOT_NAME, DEFAULT_PLUGINS_DIR, cliEvent } from "./bot.js";
export { runDev } from "./dev.js";
