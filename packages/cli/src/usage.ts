// What each subcommand is for and how to call it: shown by `catops help` without loading it.

export interface SubcommandHelp {
  summary: string;
  usage: string;
}

export const HELP: Record<string, SubcommandHelp> = {
  run: {
    summary: "Run one command against the plugins folder and print the reply",
    usage: `Usage: catops run "<command line>" [options]

Runs one command as if it were typed in chat and prints the reply. Exits 1 when the reply
reports an error (unknown command, bad arguments, a plugin that failed). A command that asks
for confirmation in chat asks here too (y/N); without a terminal it runs only with --yes.

  -p, --plugins <dir>   plugins folder (default: ./plugins)
      --only <names>    load only these commands, comma-separated
  -y, --yes             answer yes to a confirmation
  -v, --verbose         print every log line on stderr

Options of the command itself go inside the quotes, or after --:
  catops run "deploy api --env prod"
  catops run -- deploy api --env prod`,
  },
  shell: {
    summary: "Talk to the bot in an interactive prompt",
    usage: `Usage: catops shell [options]

Reads command lines, one at a time, and prints each reply. Arrow keys walk the history,
which is kept in .catops/shell_history. A command that asks for confirmation asks y/N.
Type exit or press Ctrl-D to leave.

  -p, --plugins <dir>   plugins folder (default: ./plugins)
      --only <names>    load only these commands, comma-separated
  -v, --verbose         print every log line on stderr`,
  },
  build: {
    summary: "Write the static plugin module for bundled targets (Workers)",
    usage: `Usage: catops build [options]

Writes a module that names every plugin file and its commands, for bundlers; a file
loads when one of its commands is first used (a chunk of its own where the bundle splits),
unless it is small and imports no other package, or has schedules or formats:
  export const plugins = [{ file: "ops.ts", commands: "deploy", load: () => import(...) }, ...];
The plugins are loaded first, so a broken file or a duplicate name fails the build.

  -p, --plugins <dir>        plugins folder (default: ./plugins)
  -o, --out <file>           the module to write (default: ./plugins.generated.ts)
      --import-prefix <p>    put before each import path instead of ./
      --schedules <dir>      also write the plugins' schedules as each cloud configures
                             them: SAM and serverless.yml events, wrangler Cron Triggers,
                             gcloud scheduler commands, the Azure timer functions`,
  },
  dev: {
    summary: "Serve the bot locally, reloading plugins when they change",
    usage: `Usage: catops dev [options]

  -p, --plugins <dir>   plugins folder (default: ./plugins)
      --port <n>        port (default: PORT or 3000; 0 picks a free one)`,
  },
  init: {
    summary: "Create a new bot project for a cloud (or a Node server)",
    usage: `Usage: catops init [dir] --target aws|azure|gcp|cloudflare|node [options]

Writes a standalone project into dir (default: the current folder): package.json, an example
plugin and its test, the target's entry file and deployment config, .env.example, .gitignore,
tsconfig.json and a README with the next steps. Asks for the target when it is missing and a
terminal is attached (never in CI). Existing files are left alone unless --force.

  -t, --target <target>   aws, azure, gcp, cloudflare or node
      --name <name>       the package name (default: the folder's name)
      --from <dir>        until the first release: take the CatOps packages from a checkout
                          (built; packed with pnpm) or a folder of their tarballs, copied
                          into vendor/catops/
  -f, --force             overwrite files that already exist`,
  },
  manifest: {
    summary: "Print the Slack app manifest (or the Teams or Google Chat setup) for a deployed bot",
    usage: `Usage: catops manifest (--url <https://host> | --socket-mode) [--platform slack|teams|google-chat] [options]

Prints a Slack app manifest (YAML): the slash command, Event Subscriptions and Interactivity
all at <url>/slack/events (or over Socket Mode), the Home tab, and the bot scopes they need.
Paste it at api.slack.com/apps > Create New App > From an app manifest.

      --url <url>          where the bot is served (https; /slack/events is added)
      --socket-mode        no public URL: Slack sends everything over Socket Mode
      --no-home            no Home tab
      --name <name>        the app's name in Slack (default: CatOps; at most 35 characters)
      --command <cmd>      the slash command (default: /catops)
      --no-events          no mentions or direct messages: slash command and buttons only
      --public-channels    also chat:write.public, to post alerts in channels without an invite

      --platform teams     prints the Teams app manifest (manifest.json): the bot and the
                           plugins' commands; needs --app-id <Microsoft app id>
      --platform google-chat
                           prints what to enter in the Chat API's configuration page
      --plugins <dir>      the plugins folder whose commands are listed (default: plugins)`,
  },
  help: {
    summary: "Show this help, or the help of one command",
    usage: "Usage: catops help [command]",
  },
};

export function generalHelp(): string {
  const width = Math.max(...Object.keys(HELP).map((name) => name.length));
  const lines = Object.entries(HELP).map(
    ([name, help]) => `  ${name.padEnd(width)}  ${help.summary}`,
  );
  return `CatOps: ChatOps plugins in a folder, on any cloud.

Usage: catops <command> [options]

Commands:
${lines.join("\n")}

Run \`catops help <command>\` for its options. The bot answers to catops and meow.`;
}
