// Every published package.json says what a registry page and a package manager need: who it is,
// where its source lives, what it exports (types first, nothing private), what it ships, which
// Node it needs, and which platform SDKs the user brings.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import parseChangeset from "@changesets/parse";
import { describe, expect, it } from "vitest";
import { entryPoints, type Manifest, published, repoRoot } from "./support.ts";

const packages = published();
const rootLicense = readFileSync(join(repoRoot, "LICENSE"), "utf8");

/** The published packages, by folder: npm name = folder name, under @catops (the CLI is `catops`). */
const EXPECTED = {
  "packages/core": "@catops/core",
  "packages/slack": "@catops/slack",
  "packages/mattermost": "@catops/mattermost",
  "packages/discord": "@catops/discord",
  "packages/teams": "@catops/teams",
  "packages/google-chat": "@catops/google-chat",
  "packages/alerts": "@catops/alerts",
  "packages/conformance": "@catops/conformance",
  "packages/postgres": "@catops/postgres",
  "packages/redis": "@catops/redis",
  "packages/cli": "catops",
  "adapters/node": "@catops/node",
  "adapters/aws-lambda": "@catops/aws-lambda",
  "adapters/azure-functions": "@catops/azure-functions",
  "adapters/gcp-functions": "@catops/gcp-functions",
  "adapters/cloudflare-workers": "@catops/cloudflare-workers",
};

/** What a package ships besides dist/, README.md and LICENSE, and why. */
const EXTRA_FILES: Record<string, string[]> = {
  "@catops/node": ["playground"], // the web playground's static page, served at /
  catops: ["bin", "templates"], // the bin shim, and the files `catops init` writes
  "@catops/conformance": ["fixtures"], // the vendor payloads the scenarios send, with provenance
};

/** The modules that do something when imported, where a package has any, and what. */
const SIDE_EFFECTS: Record<string, string[]> = {
  // Puts a stand-in for Lambda's `awslambda` global in place, for the code cache's warm-up.
  "@catops/aws-lambda": ["./dist/warm-up.js"],
};

/** Platform SDKs: the user's app installs them, so a package only names them as peers. */
const PLATFORM_PEERS: Record<string, string> = {
  "@middy/core": ">=6 <8",
  "@azure/functions": "^4",
  "@google-cloud/functions-framework": "^5",
};

const dirOf = (dir: string) => relative(repoRoot, dir).split("\\").join("/");

/** The workspace packages that are never published: examples/*, test, bench. */
function privateWorkspaceDirs(): string[] {
  const examples = join(repoRoot, "examples");
  return [
    ...readdirSync(examples)
      .map((entry) => join(examples, entry))
      .filter((dir) => existsSync(join(dir, "package.json"))),
    join(repoRoot, "test"),
    join(repoRoot, "bench"),
  ];
}

describe("the published set", () => {
  it("is every package in packages/ and adapters/, each named after its folder", () => {
    const found = Object.fromEntries(packages.map((pkg) => [dirOf(pkg.dir), pkg.name]));
    expect(found).toEqual(EXPECTED);
  });

  it("is released as one fixed group by changesets; private packages are ignored", () => {
    const config = JSON.parse(readFileSync(join(repoRoot, ".changeset/config.json"), "utf8"));
    expect(config.fixed).toEqual([packages.map((pkg) => pkg.name).sort()]);
    expect(config.access).toBe("public");
    const ignored = (name: string) =>
      (config.ignore as string[]).some((glob) =>
        new RegExp(`^${glob.replace(/[.+?^${}()|[\]\\/]/g, "\\$&").replace(/\*/g, ".*")}$`).test(
          name,
        ),
      );
    for (const dir of privateWorkspaceDirs()) {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8"));
      expect(manifest.private, dirOf(dir)).toBe(true);
      expect(ignored(manifest.name), `${manifest.name} is in .changeset/config.json ignore`).toBe(
        true,
      );
    }
  });

  it("has pending changesets that `changeset version` can read, each naming published packages", () => {
    const names = new Set(packages.map((pkg) => pkg.name));
    const files = readdirSync(join(repoRoot, ".changeset")).filter(
      (file) => file.endsWith(".md") && file !== "README.md",
    );
    for (const file of files) {
      const { releases } = parseChangeset(readFileSync(join(repoRoot, ".changeset", file), "utf8"));
      expect(releases.length, `${file} names no package`).toBeGreaterThan(0);
      for (const release of releases) expect(names.has(release.name), file).toBe(true);
    }
  });

  it("shares one version and one repository (the packages are released together)", () => {
    expect(new Set(packages.map((pkg) => pkg.version)).size).toBe(1);
    const urls = new Set(packages.map((pkg) => (pkg.manifest.repository as { url?: string })?.url));
    expect(urls.size).toBe(1);
  });
});

describe.each(packages.map((pkg) => [pkg.name, pkg] as const))("%s", (name, pkg) => {
  const m: Manifest = pkg.manifest;

  it("says who it is: version, description, MIT license, keywords", () => {
    expect(m.version).toMatch(/^\d+\.\d+\.\d+(-[\w.]+)?$/);
    expect(typeof m.description === "string" && m.description.length > 20).toBe(true);
    expect(m.license).toBe("MIT");
    expect(m.keywords).toEqual(expect.arrayContaining(["catops", "chatops"]));
  });

  it("points at its source: repository { type: git, url, directory }", () => {
    expect(m.repository).toEqual({
      type: "git",
      url: expect.stringMatching(/^git\+https:\/\/.+\.git$/),
      directory: dirOf(pkg.dir),
    });
  });

  it("is ESM for Node 20+, free of side effects but where it says, and public", () => {
    expect(m.type).toBe("module");
    expect(m.sideEffects).toEqual(SIDE_EFFECTS[name] ?? false);
    expect(m.engines).toEqual({ node: ">=20" });
    if (name.startsWith("@")) expect(m.publishConfig).toEqual({ access: "public" });
  });

  it("exports each entry point with types first, and nothing else", () => {
    expect(m.exports["./package.json"]).toBe("./package.json");
    for (const subpath of Object.keys(m.exports)) expect(subpath).not.toContain("*");
    for (const subpath of entryPoints(m)) {
      const target = m.exports[subpath] as Record<string, string>;
      expect(Object.keys(target), subpath).toEqual(["types", "import"]);
      expect(target.types).toMatch(/^\.\/dist\/[\w-]+\.d\.ts$/);
      expect(target.import).toBe(target.types.replace(/\.d\.ts$/, ".js"));
    }
    expect(m.main).toBe((m.exports["."] as Record<string, string>).import);
    expect(m.types).toBe((m.exports["."] as Record<string, string>).types);
  });

  it("ships only what users need: dist/, README.md, LICENSE", () => {
    expect(m.files).toEqual(["dist", ...(EXTRA_FILES[name] ?? []), "README.md", "LICENSE"]);
    expect(readFileSync(join(pkg.dir, "LICENSE"), "utf8")).toBe(rootLicense);
    expect(readFileSync(join(pkg.dir, "README.md"), "utf8")).toMatch(/\S/);
  });

  it("takes the other CatOps packages as workspace:* and platform SDKs as peers", () => {
    for (const [dep, range] of Object.entries(m.dependencies ?? {})) {
      if (dep === "catops" || dep.startsWith("@catops/")) expect(range, dep).toBe("workspace:*");
      expect(Object.keys(PLATFORM_PEERS), `${dep} belongs in peerDependencies`).not.toContain(dep);
    }
    for (const [peer, range] of Object.entries(m.peerDependencies ?? {})) {
      if (peer in PLATFORM_PEERS) expect(range, peer).toBe(PLATFORM_PEERS[peer]);
      // A peer the package also needs to build and test against is pinned in devDependencies.
      expect(m.devDependencies as Record<string, string>, peer).toHaveProperty(peer);
    }
    for (const optional of Object.keys(m.peerDependenciesMeta ?? {}))
      expect(m.peerDependencies, optional).toHaveProperty(optional);
  });
});
