import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough, Readable, Writable } from "node:stream";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import type { Io } from "./io.js";
import { main } from "./main.js";
import { HISTORY_FILE } from "./shell.js";

const repo = fileURLToPath(new URL("../../../", import.meta.url));
const examples = join(repo, "examples", "plugins");
const scratch = mkdtempSync(join(tmpdir(), "catops-cli-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

function collector(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _encoding, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join("") };
}

interface Ran {
  code: number;
  stdout: string;
  stderr: string;
}

async function cli(
  args: string[],
  options: { cwd?: string; stdin?: NodeJS.ReadableStream; interactive?: boolean } = {},
): Promise<Ran> {
  const stdout = collector();
  const stderr = collector();
  const io: Io = {
    stdin: options.stdin ?? Readable.from([]),
    stdout: stdout.stream,
    stderr: stderr.stream,
    interactive: options.interactive ?? false,
    cwd: options.cwd ?? repo,
    env: { PATH: process.env.PATH },
  };
  const code = await main(args, io);
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

let folders = 0;
function pluginsFolder(files: Record<string, string>): string {
  const dir = join(scratch, `plugins-${folders++}`);
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe("catops run", () => {
  const run = (...args: string[]) => cli(["run", ...args, "--plugins", examples]);

  it("prints the reply of a command and exits 0", async () => {
    expect(await run("hi")).toEqual({ code: 0, stdout: "Meow!\n", stderr: "" });
    expect((await run("meow hi")).stdout).toBe("Meow!\n");
    expect((await run("catops", "hi")).stdout).toBe("Meow!\n");
  });

  it("reads one argument as a line and several as tokens", async () => {
    expect((await run(`echo "a  b" c`)).stdout).toBe("a  b c\n");
    expect((await run("echo", "a  b", "c")).stdout).toBe("a  b c\n");
  });

  it("passes the command's own flags after -- or inside quotes", async () => {
    // `deploy` is deferred: as in chat, it is acknowledged as a job, and its result follows.
    const quoted = await run("deploy api --env prod", "--yes");
    expect(quoted.code).toBe(0);
    expect(quoted.stdout).toMatch(/^Running `deploy api --env prod`… \(job `\w+`\)\n/);
    expect(quoted.stdout).toMatch(/Deployed api@latest to prod\.\n$/);
    const dashed = await cli(["run", "-p", examples, "-y", "--", "deploy", "api", "-e", "prod"]);
    expect(dashed.stdout).toMatch(/Deployed api@latest to prod\.\n$/);
  });

  it("suggests help for hepl on stderr and exits 1", async () => {
    const ran = await run("hepl");
    expect(ran.code).toBe(1);
    expect(ran.stdout).toBe("");
    expect(ran.stderr).toMatch(/^Unknown command `hepl`\. Did you mean `help`\?/);
    expect(ran.stderr).toContain("• `deploy` Deploy a service to an environment");
  });

  it("exits 1 with the short failure when a plugin throws, the stack only in the log", async () => {
    const ran = await run("check ftp://example");
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("`check` failed: not an http(s) URL: ftp://example\n");
    expect(ran.stderr).toMatch(/error: command failed \(.*command=check/);
    expect(ran.stderr).toContain("file=ops.ts");
    expect(ran.stderr).toContain("Error: not an http(s) URL");
  });

  it("prints attachments and buttons readably", async () => {
    const dir = pluginsFolder({
      "status.ts": `export function status() {
  return {
    text: "All systems",
    attachments: [{ level: "success", title: "api", text: "healthy\\nfast", fields: [{ title: "p99", value: "80 ms" }], footer: "probe" }],
    buttons: [{ text: "Restart", command: "restart api" }, { text: "Ignore" }],
  };
}
export const blocks = () => ({ blocks: [{ type: "section", text: { type: "mrkdwn", text: "*bold*" } }, { type: "divider" }] });
export const data = () => ({ ok: true });
export const nothing = () => undefined;
`,
    });
    const status = await cli(["run", "status", "-p", dir]);
    expect(status.stdout).toBe(
      [
        "All systems",
        "",
        "[success] api",
        "  healthy",
        "  fast",
        "  p99: 80 ms",
        "  — probe",
        "",
        "[Restart] → restart api  [Ignore]",
        "",
      ].join("\n"),
    );
    expect((await cli(["run", "blocks", "-p", dir])).stdout).toBe("*bold*\n");
    expect((await cli(["run", "data", "-p", dir])).stdout).toBe('```\n{\n  "ok": true\n}\n```\n');
    expect(await cli(["run", "nothing", "-p", dir])).toEqual({ code: 0, stdout: "", stderr: "" });
  });

  it("loads only the allow-listed commands with --only", async () => {
    const ran = await cli(["run", "echo hi", "-p", examples, "--only", "hi,whoami"]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(/^Unknown command `echo`/);
    expect(ran.stderr).not.toContain("`deploy`");
  });

  it("says where it looked for a missing plugins folder", async () => {
    const ran = await cli(["run", "hi"], { cwd: scratch });
    expect(ran).toEqual({
      code: 1,
      stdout: "",
      stderr: `catops: plugins folder not found: ${join(scratch, "plugins")} (pass --plugins <dir>, or run where ./plugins is)\n`,
    });
  });

  it("names the file and the reason when a plugin fails to import", async () => {
    const dir = pluginsFolder({
      "ok.ts": "export const ok = () => 1;\n",
      "bad.ts": "export const = 1;\n",
    });
    const ran = await cli(["run", "ok", "-p", dir]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toMatch(
      new RegExp(
        `^catops: could not load plugin ${join(dir, "bad.ts")}: line 1, column \\d+: .+\\n$`,
      ),
    );
  });

  it("names both files when two export the same command", async () => {
    const ran = await cli(["run", "hi", "-p", join(repo, "test", "fixtures", "plugins-dup")]);
    expect(ran.stderr).toBe(
      'catops: two commands are named "restart": one in alpha.ts, one in beta.ts\n',
    );
    expect(ran.code).toBe(1);
  });

  it("refuses unknown options and missing values as usage errors (exit 2)", async () => {
    const unknown = await cli(["run", "hi", "--plugin", examples]);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/^catops: unknown option --plugin for `catops run`; quote/);
    const missing = await cli(["run", "hi", "--plugins"]);
    expect(missing).toMatchObject({ code: 2, stderr: "catops: option --plugins needs a value\n" });
    const nothing = await cli(["run", "-p", examples]);
    expect(nothing).toMatchObject({
      code: 2,
      stderr: 'catops: what should I run? catops run "<command>"\n',
    });
  });
});

describe("confirmation in the CLI", () => {
  const deploy = (...args: string[]) => cli(["run", "deploy api", ...args, "--plugins", examples]);

  it("does not run a confirm command without a terminal unless told --yes", async () => {
    const refused = await deploy();
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(
      "Run deploy api? It asks for confirmation: run it again with --yes.",
    );
    expect(refused.stderr).toContain("Cancelled `deploy api`.");
    expect(refused.stdout + refused.stderr).not.toContain("Deployed");

    const told = await deploy("--yes");
    expect(told.code).toBe(0);
    expect(told.stdout).toMatch(/Deployed api@latest to staging\.\n$/);
  });

  it("asks y/N at a terminal", async () => {
    const yes = await cli(["run", "deploy api", "-p", examples], {
      stdin: Readable.from(["y\n"]),
      interactive: true,
    });
    expect(yes.stderr).toContain("Run deploy api? [y/N] ");
    expect(yes.code).toBe(0);
    expect(yes.stdout).toMatch(/Deployed api@latest to staging\.\n$/);

    const no = await cli(["run", "deploy api", "-p", examples], {
      stdin: Readable.from(["\n"]),
      interactive: true,
    });
    expect(no.code).toBe(1);
    expect(no.stdout).not.toContain("Deployed");
  });

  it("asks in the shell and takes the next line as the answer", async () => {
    const stdin = Readable.from(["deploy api\n", "n\n", "deploy web\n", "yes\n", "exit\n"]);
    const ran = await cli(["shell", "-p", examples], { stdin });
    expect(ran.stderr).toBe("");
    expect(ran.code).toBe(0);
    expect(ran.stdout).toContain("Run deploy api? [y/N] ");
    expect(ran.stdout).toContain("Cancelled `deploy api`.");
    expect(ran.stdout).toContain("Deployed web@latest to staging.");
    expect(ran.stdout).not.toContain("Deployed api");
  });
});

describe("catops shell", () => {
  it("answers each piped line and stops at exit", async () => {
    const stdin = Readable.from([
      "hi\n",
      "meow hi\n",
      "\n",
      "echo  a   b\n",
      "hepl\n",
      "exit\n",
      "hi\n",
    ]);
    const ran = await cli(["shell", "-p", examples], { stdin });
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(/^CatOps shell: \d+ commands\./);
    expect(ran.stdout.match(/Meow!/g)).toHaveLength(2);
    expect(ran.stdout).toContain("a b\n");
    expect(ran.stdout).toContain("Did you mean `help`?");
    expect(ran.stdout.match(/catops> /g)).toHaveLength(6);
  });

  it("ends at the end of input", async () => {
    const ran = await cli(["shell", "-p", examples], { stdin: Readable.from(["hi"]) });
    expect(ran).toMatchObject({ code: 0 });
    expect(ran.stdout).toContain("Meow!");
  });

  it("keeps a history file in a terminal and offers it back", async () => {
    const cwd = join(scratch, "shell-home");
    mkdirSync(cwd, { recursive: true });
    const first = new PassThrough();
    const firstRun = cli(["shell", "-p", examples], { cwd, stdin: first, interactive: true });
    first.end("hi\r\necho one\r\n\u0004");
    expect((await firstRun).code).toBe(0);
    expect(readFileSync(join(cwd, HISTORY_FILE), "utf8")).toBe("hi\necho one\n");

    // Arrow up brings back the newest line of the last session.
    const second = new PassThrough();
    const secondRun = cli(["shell", "-p", examples], { cwd, stdin: second, interactive: true });
    second.end("\u001b[A\r\n\u0004");
    const ran = await secondRun;
    expect(ran.stdout).toContain("one\n");
    expect(readFileSync(join(cwd, HISTORY_FILE), "utf8")).toBe("hi\necho one\necho one\n");
  });

  it("keeps no history when the input is piped", async () => {
    const cwd = join(scratch, "piped-home");
    mkdirSync(cwd, { recursive: true });
    await cli(["shell", "-p", examples], { cwd, stdin: Readable.from(["hi\n"]) });
    expect(existsSync(join(cwd, HISTORY_FILE))).toBe(false);
  });
});

describe("catops build", () => {
  it("writes the static module and reports what it holds", async () => {
    const out = join(scratch, "gen", "plugins.generated.ts");
    const ran = await cli(["build", "--plugins", examples, "--out", out]);
    expect(ran.code).toBe(0);
    expect(ran.stdout).toMatch(
      /^Wrote .*plugins\.generated\.ts: 3 plugin files, 5 commands \(hi, check, deploy, echo, whoami\)\.\n$/,
    );
    const text = readFileSync(out, "utf8");
    // example.ts is small and imports no other package: it is imported with the module.
    expect(text).toMatch(/import \* as m0 from ".*example\.ts";/);
    expect(text).toContain('{ file: "example.ts", commands: "hi", exports: m0 }');
    expect(text).toContain('{ file: "ops.ts", commands: "check deploy echo whoami", exports: m1 }');
  });

  it("writes ./plugins.generated.ts from ./plugins by default", async () => {
    const cwd = join(scratch, "project");
    mkdirSync(join(cwd, "plugins"), { recursive: true });
    writeFileSync(join(cwd, "plugins", "a.ts"), "export const a = () => 'a';\n");
    const ran = await cli(["build"], { cwd });
    expect(ran).toMatchObject({
      code: 0,
      stdout: "Wrote plugins.generated.ts: 1 plugin files, 1 commands (a).\n",
    });
    expect(readFileSync(join(cwd, "plugins.generated.ts"), "utf8")).toContain(
      'import * as m0 from "./plugins/a.ts";',
    );
  });

  it("loads each plugin file once", async () => {
    const cwd = join(scratch, "loads-once");
    mkdirSync(join(cwd, "plugins"), { recursive: true });
    // The file counts its loads where the test can read them.
    writeFileSync(
      join(cwd, "plugins", "counted.ts"),
      `import { appendFileSync } from "node:fs";
appendFileSync(${JSON.stringify(join(cwd, "loads.txt"))}, "loaded\\n");
export const counted = () => "counted";
`,
    );
    const ran = await cli(["build"], { cwd });
    expect(ran.code).toBe(0);
    expect(readFileSync(join(cwd, "loads.txt"), "utf8")).toBe("loaded\n");
  });

  it("fails, writing nothing, when two files export the same name", async () => {
    const out = join(scratch, "dup.generated.ts");
    const ran = await cli([
      "build",
      "-p",
      join(repo, "test", "fixtures", "plugins-dup"),
      "-o",
      out,
    ]);
    expect(ran.code).toBe(1);
    expect(ran.stderr).toContain("one in alpha.ts, one in beta.ts");
    expect(existsSync(out)).toBe(false);
  });
});

describe("catops help and routing", () => {
  it("lists the subcommands", async () => {
    for (const args of [[], ["help"], ["--help"], ["-h"]]) {
      const ran = await cli(args);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain("Usage: catops <command> [options]");
      expect(ran.stdout).toMatch(/ {2}run +Run one command/);
    }
  });

  it("shows the options of one subcommand", async () => {
    for (const args of [
      ["help", "run"],
      ["run", "--help"],
    ]) {
      const ran = await cli(args);
      expect(ran.code).toBe(0);
      expect(ran.stdout).toContain('Usage: catops run "<command line>" [options]');
      expect(ran.stdout).toContain("-p, --plugins <dir>");
    }
    expect((await cli(["help", "nope"])).code).toBe(2);
  });

  it("suggests a close subcommand for a typo", async () => {
    expect(await cli(["shel"])).toEqual({
      code: 2,
      stdout: "",
      stderr: 'catops: unknown command "shel". Did you mean "shell"? See `catops help`.\n',
    });
    expect((await cli(["xyzzy"])).stderr).toBe(
      'catops: unknown command "xyzzy". See `catops help`.\n',
    );
    expect((await cli(["__proto__"])).code).toBe(2);
  });

  it("prints its version", async () => {
    expect((await cli(["--version"])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/);
  });
});
