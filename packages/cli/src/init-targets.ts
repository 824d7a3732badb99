// What `catops init` writes for each target: its adapter, dependencies, scripts and entry file.
// Versions of third-party packages are the ones the CatOps workspace builds and tests with.

export const TARGETS = ["aws", "azure", "gcp", "cloudflare", "node"] as const;
export type Target = (typeof TARGETS)[number];

export interface TargetSpec {
  /** Shown in prompts, messages and the README. */
  title: string;
  summary: string;
  /** The adapter package. */
  adapter: string;
  entry: string;
  /** The Slack app's base URL as the deploy prints it, for the README's manifest step. */
  url: string;
  dependencies: Record<string, string>;
  /** CatOps packages its build script uses (development dependencies, CatOps' version). */
  buildsWith?: readonly string[];
  scripts: Record<string, string>;
  /** package.json `main`, for runtimes that find the code through it. */
  main?: string;
  /** Lines added to .gitignore. */
  ignore: string[];
  /** tsconfig `types` and `lib`: Workers have neither Node's globals nor its modules. */
  types: string[];
  lib: string[];
}

/** Every project's development tools. */
export const DEV_DEPENDENCIES: Record<string, string> = {
  "@types/node": "^20.19.0",
  esbuild: "^0.27.7",
  typescript: "~5.9.3",
  vitest: "^4.1.12",
};

const PLUGINS = "catops build --out src/plugins.generated.ts";

const COMMON_SCRIPTS = {
  dev: "catops dev",
  test: "vitest run",
  typecheck: "tsc",
  plugins: PLUGINS,
  build: `${PLUGINS} && node scripts/build.mjs`,
};

const NODE_LIB = ["ES2023"];

/** What a bundling target's scripts/build.mjs joins a cold start's modules with (joinColdPath). */
const COLD_PATH_JOIN = ["@catops/node"];

/** The wrangler the Cloudflare project's scripts run (it needs Node.js 22.12 or newer). */
export const WRANGLER = "wrangler@4.164.0";

export const TARGET_SPECS: Record<Target, TargetSpec> = {
  aws: {
    title: "AWS Lambda",
    summary: "AWS Lambda behind API Gateway, DynamoDB for state (AWS SAM)",
    adapter: "@catops/aws-lambda",
    entry: "src/handler.ts",
    url: "https://<api-id>.execute-api.<region>.amazonaws.com",
    dependencies: { "@middy/core": "^6.4.5" },
    buildsWith: COLD_PATH_JOIN,
    scripts: { ...COMMON_SCRIPTS, deploy: "npm run build && sam deploy" },
    ignore: [".aws-sam/", "samconfig.toml"],
    types: ["node"],
    lib: NODE_LIB,
  },
  azure: {
    title: "Azure Functions",
    summary: "an Azure Function App, Storage Queue for jobs, Table Storage for state",
    adapter: "@catops/azure-functions",
    entry: "src/index.ts",
    url: "https://<app>.azurewebsites.net",
    dependencies: { "@azure/functions": "^4.16.5" },
    buildsWith: COLD_PATH_JOIN,
    scripts: { ...COMMON_SCRIPTS, start: "npm run build && func start" },
    main: "dist/index.js",
    ignore: ["deploy/", "local.settings.json"],
    types: ["node"],
    lib: NODE_LIB,
  },
  gcp: {
    title: "Google Cloud Functions",
    summary: "Google Cloud Functions (2nd gen), Pub/Sub for jobs, Firestore for state",
    adapter: "@catops/gcp-functions",
    entry: "src/index.ts",
    url: "https://catops-<id>.a.run.app",
    dependencies: {
      "@google-cloud/firestore": "^7.11.6",
      "@google-cloud/functions-framework": "^5.0.2",
      "@google-cloud/pubsub": "^5.3.1",
    },
    buildsWith: COLD_PATH_JOIN,
    scripts: {
      ...COMMON_SCRIPTS,
      start: "npm run build && functions-framework --target=catops --source=dist",
    },
    ignore: [],
    types: ["node"],
    lib: NODE_LIB,
  },
  cloudflare: {
    title: "Cloudflare Workers",
    summary: "a Cloudflare Worker, D1 for state, Queues for long jobs",
    adapter: "@catops/cloudflare-workers",
    entry: "src/index.ts",
    url: "https://{{name}}.<your-subdomain>.workers.dev",
    dependencies: {},
    buildsWith: COLD_PATH_JOIN,
    scripts: {
      ...COMMON_SCRIPTS,
      "dev:worker": `npx ${WRANGLER} dev`,
      deploy: `npm run build && npx ${WRANGLER} deploy`,
    },
    ignore: [".wrangler/", ".dev.vars"],
    types: [],
    lib: ["ES2023", "DOM", "DOM.Iterable"],
  },
  node: {
    title: "a Node server",
    summary: "a plain Node server you host (SQLite for state, systemd unit)",
    adapter: "@catops/node",
    entry: "src/server.ts",
    url: "https://<your-host>",
    // @catops/node takes the native SQLite driver as an optional peer: only this target has it.
    dependencies: { "better-sqlite3": "^12.6.2" },
    scripts: { ...COMMON_SCRIPTS, start: "node dist/server.js" },
    ignore: [],
    types: ["node"],
    lib: NODE_LIB,
  },
};

export function isTarget(value: string): value is Target {
  return (TARGETS as readonly string[]).includes(value);
}

/** The choices, one a line, for prompts and the error that lists them. */
export function targetChoices(): string {
  const width = Math.max(...TARGETS.map((name) => name.length));
  return TARGETS.map((name) => `  ${name.padEnd(width)}  ${TARGET_SPECS[name].summary}`).join("\n");
}
