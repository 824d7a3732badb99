// Every adapter and every connector has the same shape, so a reader who knows one knows all:
// an adapter's files name its parts, a connector's verify.ts has the same trio of checks.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("..", import.meta.url));

/** Each adapter's main export: what its README's first example calls. */
const ADAPTERS: Record<string, string> = {
  "aws-lambda": "catopsLambda",
  "azure-functions": "registerCatOps",
  "cloudflare-workers": "catopsWorker",
  "gcp-functions": "catopsHttp",
  node: "serve",
};
const ADAPTER_FILES = ["index.ts", "handler.ts", "runtime.ts", "defer.ts", "store.ts", "types.ts"];

/** Each connector's verify trio: `<Name>…Failure`, `verify<Name>…`, `assert<Name>…`, an error class. */
const CONNECTORS: Record<string, string> = {
  slack: "SlackSignature",
  mattermost: "MattermostToken",
  discord: "DiscordSignature",
  teams: "TeamsToken",
  "google-chat": "GoogleChatToken",
};

/** Statements of an entry point that are not re-exports (comments and blank lines aside). */
function notReExports(source: string): string[] {
  const code = source.replace(/\/\*[\s\S]*?\*\//g, "").replace(/^\s*\/\/.*$/gm, "");
  const statements = code
    .split(";")
    .map((part) => part.trim())
    .filter(Boolean);
  return statements.filter(
    (statement) => !/^export\s+(type\s+)?(\*|\{[^}]*\})\s+from\s+"[^"]+"$/.test(statement),
  );
}

describe("the shape checks themselves", () => {
  it("tell a re-export from code (control)", () => {
    const source = [
      "// a comment",
      'export { a, b } from "./a.js";',
      'export type { C } from "./c.js";',
      'export * from "./d.js";',
      "export const x = 1;",
      'import { y } from "./y.js";',
    ].join("\n");
    expect(notReExports(source)).toEqual(["export const x = 1", 'import { y } from "./y.js"']);
  });
});

describe("every adapter", () => {
  it("is listed here", () => {
    expect(readdirSync(join(root, "adapters")).sort()).toEqual(Object.keys(ADAPTERS).sort());
  });

  for (const [adapter, main] of Object.entries(ADAPTERS)) {
    const src = join(root, "adapters", adapter, "src");
    it(`${adapter} has index, handler, runtime, defer, store and types`, () => {
      expect(ADAPTER_FILES.filter((file) => !existsSync(join(src, file)))).toEqual([]);
    });

    it(`${adapter}'s index.ts only re-exports, its main export ${main} among them`, () => {
      const index = readFileSync(join(src, "index.ts"), "utf8");
      expect(notReExports(index)).toEqual([]);
      expect(index).toMatch(
        new RegExp(`export \\{[^}]*\\b${main}\\b[^}]*\\} from "\\./handler\\.js"`),
      );
      expect(readFileSync(join(src, "handler.ts"), "utf8")).toMatch(
        new RegExp(`export (async )?function ${main}\\b`),
      );
    });
  }
});

describe("every connector", () => {
  for (const [connector, check] of Object.entries(CONNECTORS)) {
    it(`${connector} has the verify trio: ${check}Failure, verify${check}, assert${check}, ${check}Error`, () => {
      const src = join(root, "packages", connector, "src");
      const verify = readFileSync(join(src, "verify.ts"), "utf8");
      expect(verify).toMatch(new RegExp(`export type ${check}Failure\\b`));
      expect(verify).toMatch(new RegExp(`export (async )?function verify${check}\\b`));
      expect(verify).toMatch(new RegExp(`export (async )?function assert${check}\\b`));
      expect(verify).toMatch(new RegExp(`export class ${check}Error extends SignatureError\\b`));
      const index = readFileSync(join(src, "index.ts"), "utf8");
      for (const name of [`verify${check}`, `assert${check}`, `${check}Error`, `${check}Failure`])
        expect(index, name).toMatch(new RegExp(`\\b${name}\\b`));
    });
  }
});
