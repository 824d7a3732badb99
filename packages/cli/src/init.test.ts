// `catops init` writing projects; test/init installs, tests and builds what it writes.
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough, Writable } from "node:stream";
import { generatePluginModule } from "@catops/node";
import { afterAll, describe, expect, it } from "vitest";
import { TEMPLATES_DIR, projectFiles } from "./init-files.js";
import { packageOfTarball } from "./init-from.js";
import { TARGET_SPECS, TARGETS } from "./init-targets.js";
import { type Io, version } from "./io.js";
import { main } from "./main.js";

const repo = new URL("../../../", import.meta.url);
const scratch = mkdtempSync(join(tmpdir(), "catops-init-unit-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));
let folders = 0;
const cliDir = fileURLToPath(new URL("..", import.meta.url));
const freshDir = () => join(scratch, `p${folders++}`);

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function init(
  args: string[],
  options: { cwd?: string; input?: string; interactive?: boolean; env?: Io["env"] } = {},
): Promise<Ran> {
  const out: string[] = [];
  const err: string[] = [];
  const sink = (chunks: string[]) =>
    new Writable({
      write(chunk, _encoding, done) {
        chunks.push(String(chunk));
        done();
      },
    });
  const stdin = new PassThrough();
  stdin.end(options.input ?? "");
  const io: Io = {
    stdin,
    stdout: sink(out),
    stderr: sink(err),
    interactive: options.interactive ?? false,
    cwd: options.cwd ?? scratch,
    env: options.env ?? {},
  };
  const code = await main(["init", ...args], io);
  return { code, stdout: out.join(""), stderr: err.join("") };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(dir.length + 1))
    .sort();
}

/** Every dependency range some package of this repository installs, as name@range. */
function workspaceRanges(): Set<string> {
  const manifests = [join(repo.pathname, "package.json")];
  for (const group of ["packages", "adapters", "examples", "test"]) {
    const dir = join(repo.pathname, group);
    if (existsSync(join(dir, "package.json"))) manifests.push(join(dir, "package.json"));
    else
      for (const entry of readdirSync(dir))
        if (existsSync(join(dir, entry, "package.json")))
          manifests.push(join(dir, entry, "package.json"));
  }
  const ranges = new Set<string>();
  for (const file of manifests) {
    const manifest = JSON.parse(readFileSync(file, "utf8"));
    for (const field of ["dependencies", "devDependencies"])
      for (const [name, range] of Object.entries(manifest[field] ?? {}))
        ranges.add(`${name}@${range}`);
  }
  return ranges;
}

describe("catops init --target", () => {
  for (const target of TARGETS) {
    it(`${target}: writes the project, every file rendered`, async () => {
      const dir = freshDir();
      const ran = await init([dir, "--target", target, "--name", `bot-${target}`]);
      expect(ran.stderr).toBe("");
      expect(ran.code).toBe(0);
      const spec = TARGET_SPECS[target];
      const files = filesUnder(dir);
      for (const path of [
        ".env.example",
        ".gitignore",
        "README.md",
        "package.json",
        "plugins/example.ts",
        "scripts/build.mjs",
        "src/plugins.generated.ts",
        "test/example.test.ts",
        "tsconfig.json",
        spec.entry,
      ])
        expect(files).toContain(path);
      expect(files.some((path) => path.startsWith("_") || path.includes("/_"))).toBe(false);
      for (const path of files)
        expect(readFileSync(join(dir, path), "utf8"), path).not.toMatch(/\{\{\w+\}\}/);
      expect(ran.stdout).toContain(`Created a CatOps bot for ${spec.title}`);
      expect(ran.stdout).toContain("npm install");

      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(manifest.name).toBe(`bot-${target}`);
      for (const name of ["@catops/core", "@catops/slack", spec.adapter])
        expect(manifest.dependencies[name]).toBe(`^${version()}`);
      expect(manifest.devDependencies.catops).toBe(`^${version()}`);
      for (const script of ["test", "build", "dev", "typecheck"])
        expect(manifest.scripts[script]).toBeTruthy();
    });
  }

  it("keeps local secret files out of git: .env everywhere, .dev.vars and local.settings.json where used", () => {
    const secretFiles: Record<string, string[]> = {
      cloudflare: [".dev.vars"],
      azure: ["local.settings.json"],
    };
    for (const target of TARGETS) {
      const ignored = projectFiles({ target, name: "x" })
        .find((file) => file.path === ".gitignore")!
        .content.split("\n");
      for (const file of [".env", ...(secretFiles[target] ?? [])])
        expect(ignored, `${target} ignores ${file}`).toContain(file);
    }
  });

  it("depends on @catops/* at the versions this repository releases", () => {
    const versions = new Map<string, string>();
    for (const group of ["packages", "adapters"])
      for (const entry of readdirSync(join(repo.pathname, group))) {
        const file = join(repo.pathname, group, entry, "package.json");
        if (!existsSync(file)) continue;
        const { name, version: v } = JSON.parse(readFileSync(file, "utf8"));
        versions.set(name, v);
      }
    for (const target of TARGETS) {
      const manifest = JSON.parse(
        projectFiles({ target, name: "x" }).find((f) => f.path === "package.json")!.content,
      );
      const ranges = { ...manifest.dependencies, ...manifest.devDependencies };
      for (const [name, range] of Object.entries(ranges)) {
        if (name !== "catops" && !name.startsWith("@catops/")) continue;
        expect(versions.get(name), name).toBeDefined();
        expect(range).toBe(`^${versions.get(name)}`);
      }
    }
  });

  it("uses only dependency ranges this repository installs, so projects get the tested versions", () => {
    const known = workspaceRanges();
    for (const target of TARGETS) {
      const manifest = JSON.parse(
        projectFiles({ target, name: "x" }).find((f) => f.path === "package.json")!.content,
      );
      for (const [name, range] of Object.entries({
        ...manifest.dependencies,
        ...manifest.devDependencies,
      })) {
        if (name === "catops" || name.startsWith("@catops/")) continue;
        expect(known, `${target}: ${name}@${range}`).toContain(`${name}@${range}`);
      }
    }
  });

  it("writes a plugin module of the files `catops build` lists, each imported, for want of their command names", async () => {
    const dir = freshDir();
    await init([dir, "-t", "cloudflare"]);
    const written = readFileSync(join(dir, "src/plugins.generated.ts"), "utf8");
    // The build loads the plugins to list their commands: they import the installed packages.
    symlinkSync(join(cliDir, "node_modules"), join(dir, "node_modules"), "dir");
    const check = join(dir, "src/plugins.check.ts");
    const built = await generatePluginModule(join(dir, "plugins"), { outFile: check });
    expect(built).toContain('{ file: "example.ts", commands: "');
    const files = (text: string) => [...text.matchAll(/file: "([^"]+)"/g)].map((m) => m[1]);
    expect(files(written)).toEqual(files(built));
    expect(written).toContain('import * as m0 from "../plugins/example.ts";');
    expect(written).toContain('{ file: "example.ts", exports: m0 }');
  });

  it("puts the target's steps in the README: deploy, the manifest URL, the secrets", () => {
    const readme = (target: (typeof TARGETS)[number]) =>
      projectFiles({ target, name: "my-bot" }).find((f) => f.path === "README.md")!.content;
    expect(readme("aws")).toContain("sam deploy --guided");
    expect(readme("aws")).toContain(
      "npx catops manifest --url https://<api-id>.execute-api.<region>.amazonaws.com",
    );
    expect(readme("azure")).toContain("func azure functionapp publish <app>");
    expect(readme("gcp")).toContain("npx catops manifest --url https://catops-<id>.a.run.app");
    expect(readme("azure")).toContain("az functionapp config appsettings set");
    expect(readme("gcp")).toContain("--set-secrets=SLACK_SIGNING_SECRET=");
    expect(readme("cloudflare")).toContain("npx wrangler secret put SLACK_SIGNING_SECRET");
    expect(readme("cloudflare")).toContain("https://my-bot.<your-subdomain>.workers.dev");
    expect(readme("node")).toContain("cp .env.example .env");
    for (const target of TARGETS) {
      expect(readme(target)).toMatch(/^# my-bot\n/);
      expect(readme(target)).toMatch(/^\| `scripts\/build\.mjs` +\| esbuild/m);
      expect(readme(target)).toMatch(/\n6\. In the Slack app/);
    }
  });

  it("makes the AWS code cache for the processor, Node line and memory template.yaml gives", () => {
    const build = readFileSync(join(TEMPLATES_DIR, "aws/scripts/build.mjs"), "utf8");
    const template = readFileSync(join(TEMPLATES_DIR, "aws/template.yaml"), "utf8");
    const [, arch, nodeMajor, memorySize] =
      /const LAMBDA = \{ arch: "(\w+)", nodeMajor: (\d+), memorySize: (\d+) \}/.exec(build)!;
    expect(template).toMatch(new RegExp(`^\\s+Architectures: \\[${arch}\\]$`, "m"));
    expect(template).toMatch(new RegExp(`^\\s+Runtime: nodejs${nodeMajor}\\.x$`, "m"));
    expect(template).toMatch(new RegExp(`^\\s+MemorySize: ${memorySize}$`, "m"));
  });

  it("names the package after the folder", async () => {
    const dir = join(freshDir(), "My Ops Bot");
    expect((await init([dir, "-t", "node"])).code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "package.json"), "utf8")).name).toBe("my-ops-bot");
    const ran = await init([freshDir(), "-t", "node", "--name", "Not Valid"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('--name "Not Valid" is not a valid npm package name');
  });
});

describe("catops init refuses to overwrite", () => {
  it("writes nothing when a file exists, and names it", async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "README.md"), "mine\n");
    const ran = await init([dir, "-t", "aws"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      /already has README\.md; nothing was written \(--force overwrites them\)/,
    );
    expect(filesUnder(dir)).toEqual(["README.md"]);
    expect(readFileSync(join(dir, "README.md"), "utf8")).toBe("mine\n");
  });

  it("overwrites with --force, and says how many it replaced", async () => {
    const dir = freshDir();
    mkdirSync(join(dir, "plugins"), { recursive: true });
    writeFileSync(join(dir, "plugins", "example.ts"), "old\n");
    writeFileSync(join(dir, "plugins", "mine.ts"), "export const x = 1;\n");
    const ran = await init([dir, "-t", "node", "--force"]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("(1 replaced)");
    expect(readFileSync(join(dir, "plugins", "example.ts"), "utf8")).toContain("Meow!");
    expect(readFileSync(join(dir, "plugins", "mine.ts"), "utf8")).toBe("export const x = 1;\n");
  });

  it("refuses a folder that is a file", async () => {
    const file = join(freshDir());
    writeFileSync(file, "x");
    const ran = await init([file, "-t", "node"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("is not a folder");
  });
});

describe("catops init --from, until the first release", () => {
  /** A folder like `pnpm pack:all` makes: one tarball per CatOps package, and something else. */
  function tarballFolder(names: string[]): string {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    for (const name of names) writeFileSync(join(dir, name), `tarball ${name}\n`);
    writeFileSync(join(dir, "left-pad-1.3.0.tgz"), "not ours\n");
    return dir;
  }
  const AWS_NEEDS = [
    "catops-0.1.0.tgz",
    "catops-core-0.1.0.tgz",
    "catops-slack-0.1.0.tgz",
    "catops-aws-lambda-0.1.0.tgz",
    // Its build joins a cold start's modules with @catops/node's joinColdPath.
    "catops-node-0.1.0.tgz",
  ];

  it("copies the folder's CatOps tarballs into vendor/catops and depends on them", async () => {
    const from = tarballFolder(AWS_NEEDS);
    const dir = freshDir();
    const ran = await init([dir, "-t", "aws", "--from", from]);
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("The CatOps packages come from vendor/catops/ (5 tarballs)");
    expect(readdirSync(join(dir, "vendor/catops")).sort()).toEqual([...AWS_NEEDS].sort());
    expect(readFileSync(join(dir, "vendor/catops/catops-node-0.1.0.tgz"), "utf8")).toBe(
      "tarball catops-node-0.1.0.tgz\n",
    );
    const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
    expect(manifest.dependencies["@catops/aws-lambda"]).toBe(
      "file:vendor/catops/catops-aws-lambda-0.1.0.tgz",
    );
    expect(manifest.dependencies["@middy/core"]).toMatch(/^\^/);
    expect(manifest.devDependencies.catops).toBe("file:vendor/catops/catops-0.1.0.tgz");
    expect(manifest.devDependencies["@catops/node"]).toBe(
      "file:vendor/catops/catops-node-0.1.0.tgz",
    );
    expect(manifest.overrides["@catops/node"]).toBe("file:vendor/catops/catops-node-0.1.0.tgz");
    expect(Object.keys(manifest.overrides)).toHaveLength(5);
  });

  it("names the packages a folder lacks, and writes nothing", async () => {
    const from = tarballFolder(AWS_NEEDS.slice(0, 3));
    const dir = freshDir();
    const ran = await init([dir, "-t", "aws", "--from", from]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain(
      "with @catops/aws-lambda, @catops/node (pack them with `pnpm pack:all`",
    );
    expect(existsSync(dir)).toBe(false);
  });

  it("refuses two versions of one package, and a --from that is not a folder", async () => {
    const from = tarballFolder([...AWS_NEEDS, "catops-core-0.2.0.tgz"]);
    const twice = await init([freshDir(), "-t", "aws", "--from", from]);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain(
      "more than one version of @catops/core (catops-core-0.1.0.tgz, catops-core-0.2.0.tgz)",
    );
    const missing = await init([freshDir(), "-t", "aws", "--from", join(scratch, "nowhere")]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("nowhere: not a folder");
  });

  it("packs a checkout only once it is built, and names what is missing", async () => {
    const checkout = freshDir();
    mkdirSync(join(checkout, "scripts"), { recursive: true });
    writeFileSync(
      join(checkout, "scripts/pack-all.mjs"),
      readFileSync(new URL("scripts/pack-all.mjs", repo), "utf8"),
    );
    const empty = await init([freshDir(), "-t", "aws", "--from", checkout]);
    expect(empty.code).toBe(1);
    expect(empty.stderr).toContain("the checkout has no package @catops/core");

    for (const name of ["core", "slack", "aws-lambda", "node", "cli"]) {
      mkdirSync(join(checkout, "packages", name), { recursive: true });
      const pkg = name === "cli" ? "catops" : `@catops/${name}`;
      writeFileSync(
        join(checkout, "packages", name, "package.json"),
        JSON.stringify({ name: pkg, version: "0.1.0" }),
      );
    }
    const project = freshDir();
    const unbuilt = await init([project, "-t", "aws", "--from", checkout]);
    expect(unbuilt.code).toBe(1);
    expect(unbuilt.stderr).toContain(
      "build the checkout first (pnpm install && pnpm build): no dist/ in @catops/aws-lambda, @catops/core, @catops/node, @catops/slack, catops",
    );
    expect(existsSync(project)).toBe(false);
  });

  it("reads package names from tarball names as pnpm pack writes them", () => {
    expect(packageOfTarball("catops-0.1.0.tgz")).toBe("catops");
    expect(packageOfTarball("catops-aws-lambda-1.2.3-next.0.tgz")).toBe("@catops/aws-lambda");
    expect(packageOfTarball("left-pad-1.3.0.tgz")).toBeUndefined();
  });
});

describe("choosing the target", () => {
  it("without a terminal, a missing --target is an error listing the choices", async () => {
    const dir = freshDir();
    const ran = await init([dir]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toMatch(/^catops: --target is missing; choose one of:\n/);
    for (const target of TARGETS) expect(ran.stderr).toMatch(new RegExp(`^  ${target} +\\S`, "m"));
    expect(existsSync(dir)).toBe(false);
  });

  it("never asks in CI, even with a terminal", async () => {
    const ran = await init([freshDir()], {
      interactive: true,
      input: "aws\n",
      env: { CI: "true" },
    });
    expect(ran.code).toBe(2);
    expect(ran.stdout).toBe("");
    expect(ran.stderr).toContain("--target is missing");
  });

  it("asks at a terminal, by number or name, until the answer is a choice", async () => {
    const dir = freshDir();
    const ran = await init([dir], { interactive: true, input: "9\nAzure\n" });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("Where will the bot run?");
    expect(ran.stdout).toContain("  2) azure");
    expect(ran.stdout).toContain("Not one of the choices: aws, azure, gcp, cloudflare, node.");
    expect(ran.stdout).toContain("Created a CatOps bot for Azure Functions");
    expect(existsSync(join(dir, "host.json"))).toBe(true);

    const byNumber = freshDir();
    expect((await init([byNumber], { interactive: true, input: "4\n" })).code).toBe(0);
    expect(existsSync(join(byNumber, "wrangler.toml"))).toBe(true);
  });

  it("gives up when the input ends without an answer", async () => {
    const ran = await init([freshDir()], { interactive: true, input: "" });
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain("no target chosen; pass --target aws|azure|gcp|cloudflare|node");
  });

  it("rejects an unknown target with the list", async () => {
    const ran = await init([freshDir(), "--target", "heroku"]);
    expect(ran.code).toBe(2);
    expect(ran.stderr).toContain('unknown target "heroku"; choose one of:');
    expect(ran.stderr).toContain("cloudflare");
  });
});

describe("the templates", () => {
  it("deploy with the configuration the examples are tested with", () => {
    const same: [string, string][] = [
      ["aws/template.yaml", "examples/aws/template.yaml"],
      ["azure/host.json", "examples/azure/host.json"],
      ["azure/local.settings.json.example", "examples/azure/local.settings.json.example"],
      [
        "cloudflare/migrations/0001_catops_store.sql",
        "examples/cloudflare/migrations/0001_catops_store.sql",
      ],
    ];
    // The examples also configure their plugins' schedules, which a new project does not have.
    const withoutSchedules = (text: string) =>
      text
        .replace(/ {8}# The plugins' schedules[^\n]*\n(?: {8,}[^\n]*\n)*/, "")
        .replace(
          /# The plugins' schedules[^\n]*\n(?:#[^\n]*\n)*\[triggers\]\ncrons = [^\n]*\n\n/,
          "",
        );
    for (const [template, example] of same)
      expect(readFileSync(join(TEMPLATES_DIR, template), "utf8"), template).toBe(
        withoutSchedules(readFileSync(new URL(example, repo), "utf8")),
      );
    // The Worker's name is the project's; everything else is the example's.
    const withoutName = (text: string) => text.replace(/^(#.*\n)?name = .*\n/, "");
    expect(withoutName(readFileSync(join(TEMPLATES_DIR, "cloudflare/wrangler.toml"), "utf8"))).toBe(
      withoutName(
        withoutSchedules(readFileSync(new URL("examples/cloudflare/wrangler.toml", repo), "utf8")),
      ),
    );
  });

  it("have the README sections every target needs", () => {
    for (const target of TARGETS) {
      const sections = readFileSync(join(TEMPLATES_DIR, target, "_readme.md"), "utf8");
      for (const name of ["deploy", "secrets", "files"])
        expect(sections, `${target}: ${name}`).toContain(`<!-- ${name} -->\n`);
    }
  });
});
