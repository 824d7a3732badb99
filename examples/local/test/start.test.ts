// `npm start` with .env copied from .env.example, as the README says: the empty values there
// mean the defaults, so the server says where it listens (the playground on 127.0.0.1).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseEnv } from "node:util";
import { afterAll, expect, it } from "vitest";

const exampleDir = fileURLToPath(new URL("../", import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), "catops-local-"));
let child: ChildProcess | undefined;

afterAll(() => {
  child?.kill();
  rmSync(dataDir, { recursive: true, force: true });
});

it("starts on 127.0.0.1 with the values .env.example leaves empty", async () => {
  const dotenv = parseEnv(readFileSync(join(exampleDir, ".env.example"), "utf8"));
  expect(dotenv.CATOPS_HOST).toBe("");
  child = spawn(
    join(exampleDir, "node_modules/.bin/tsx"),
    [join(exampleDir, "src/server.ts")],
    // A free port instead of 3000, so the test never meets a server already running.
    { cwd: dataDir, env: { ...process.env, ...dotenv, PORT: "0" } },
  );
  const line = await new Promise<string>((resolve, reject) => {
    let output = "";
    const onData = (chunk: Buffer) => {
      output += chunk;
      const found = /^CatOps: .*$/m.exec(output);
      if (found) resolve(found[0]);
    };
    child!.stdout!.on("data", onData);
    child!.stderr!.on("data", onData);
    child!.once("exit", (code) => reject(new Error(`exited with ${code}:\n${output}`)));
  });
  expect(line).toMatch(/^CatOps: http:\/\/127\.0\.0\.1:\d+\/ \(\d+ commands\)$/);
}, 30_000);
