// The built `catops` bin, run as a child process in plain Node against examples/plugins.
import { execFile, spawn } from "node:child_process";
import { accessSync, constants, existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../dist/cli.js", import.meta.url));
const examples = fileURLToPath(new URL("../../../examples/", import.meta.url));

interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the bin with `cwd` examples/ (so ./plugins is the examples' folder), stdin piped. */
function catops(args: string[], input = ""): Promise<Result> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {
      cwd: examples,
      env: { PATH: process.env.PATH, HOME: process.env.HOME },
      stdio: ["pipe", "pipe", "pipe"],
      timeout: 20_000,
    });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => {
      stdout += chunk;
    });
    child.stderr.on("data", (chunk) => {
      stderr += chunk;
    });
    child.on("error", reject);
    child.on("close", (code) => resolve({ code, stdout, stderr }));
    child.stdin.end(input);
  });
}

describe("the built catops bin", () => {
  it("is built, starts with a shebang and is executable", () => {
    expect(existsSync(bin), "run `npx turbo run build --filter=catops...` first").toBe(true);
    expect(readFileSync(bin, "utf8").split("\n")[0]).toBe("#!/usr/bin/env node");
    expect(() => accessSync(bin, constants.X_OK)).not.toThrow();
  });

  it('prints Meow! for catops run "hi"', async () => {
    expect(await catops(["run", "hi"])).toEqual({ code: 0, stdout: "Meow!\n", stderr: "" });
  });

  it('prints Meow! for catops run "meow hi"', async () => {
    expect(await catops(["run", "meow hi"])).toEqual({ code: 0, stdout: "Meow!\n", stderr: "" });
  });

  it('suggests help for catops run "hepl" and exits 1', async () => {
    const result = await catops(["run", "hepl"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^Unknown command `hepl`\. Did you mean `help`\?/);
  });

  it("loads TypeScript plugins with a flag from another folder", async () => {
    const result = await catops([
      "run",
      "deploy web -e prod",
      "--yes",
      "--plugins",
      join(examples, "plugins"),
    ]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/^Running `deploy web -e prod`… \(job `\w+`\)\n/);
    expect(result.stdout).toMatch(/Deployed web@latest to prod\.\n$/);
  });

  it("answers piped lines in the shell", async () => {
    const result = await catops(["shell"], "hi\nwhoami\nexit\n");
    expect(result.code).toBe(0);
    expect(result.stdout).toContain("catops> Meow!");
    expect(result.stdout).toMatch(/You are \S+ \(\S+\) in #cli, via cli\./);
  });

  it("explains a bad option with exit code 2", async () => {
    const result = await catops(["build", "--output", "x.ts"]);
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: "catops: unknown option --output for `catops build`; see `catops help build`\n",
    });
  });

  it("runs as node dist/cli.js too", async () => {
    const stdout = await new Promise<string>((resolve, reject) =>
      execFile(
        process.execPath,
        [bin, "run", "hi"],
        { cwd: examples, timeout: 20_000 },
        (error, out) => (error ? reject(error) : resolve(out)),
      ),
    );
    expect(stdout).toBe("Meow!\n");
  });
});
