// What a slash command never runs stays off the cold path: in each split bundle (the AWS, Google
// Cloud, Azure and Cloudflare examples, the Node server), the code of the chats a request is not
// from, Slack's events and interactivity, the built-in commands' bodies, the Home tab, alert
// handling, late answers, in-process dispatch, help and refusals, the health check, Socket Mode,
// Block Kit's text, the store's read-modify-write, Lambda's non-HTTP invocations and the
// DynamoDB and D1 stores are chunks loaded on first use, and the cold path is one module (two for
// the Worker). Each part is found by a string only its module holds: absent from what a cold
// start loads (the entry and its static imports), present in the bundle as a whole.
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildArtifact } from "../bench/lib/artifacts.ts";
import { staticClosure } from "../bench/lib/static-closure.ts";

const outDir = mkdtempSync(join(tmpdir(), "catops-cold-path-"));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

/** A string each lazily loaded module holds and nothing on the slash-command path does. */
const LOADED_ON_FIRST_USE = {
  "the Teams connector": "Teams activity acknowledged",
  "the Google Chat connector": "Google Chat event acknowledged",
  "Slack's events and interactivity": "Slack event ignored",
  "the built-in commands' bodies": "No recent jobs.",
  "the Home tab": "Commands you can run",
  "alert handling": "alert webhook refused: missing or wrong token",
  "late answers and jobs started by a command": "late answer not recorded as a job",
  "in-process dispatch": "nobody is listening for late replies",
  "help, suggestions and refusals": "Could not read that command",
  "the health check": "the store is unavailable",
  "Socket Mode envelopes": "envelope has no payload object",
  "Block Kit's text, for chats without Block Kit": "rich_text_preformatted",
  "the store's read-modify-write (jobs, grants)": "kept changing under",
};

const NOT_ON_NODE = ["alert handling", "the store's read-modify-write (jobs, grants)"];

/** What only one example has, loaded on first use there. */
const LOADED_ON_FIRST_USE_IN: Record<string, Record<string, string>> = {
  aws: {
    "the DynamoDB store": "ConditionalCheckFailedException",
    "the ALB event format": "statusDescription",
    "jobs, schedules and alarms": "SNS message is not a CloudWatch alarm; ignored",
    "schedule firings": "scheduled invocation names an unknown schedule",
    "the self-invoke": "self-invoke of",
  },
  cloudflare: {
    "the D1 store": "ON CONFLICT(key) DO UPDATE",
    "the Queue consumer": "queue message is not a CatOps job; dropped",
    "Cron Trigger firings": "a Cron Trigger fired that no schedule is written with",
  },
};

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Modules a cold start loads: each one is a file resolved, read, compiled and linked, about half
 * a millisecond of CPU on Node whatever its size, so the Node bundles join their cold path into
 * the entry (`joinColdPath`). The Worker's is joined into a module beside its entry, which
 * re-exports the handlers from it: workerd reads every export of the entry as a handler.
 */
const COLD_MODULES: Record<string, number> = { aws: 1, gcp: 1, azure: 1, node: 1, cloudflare: 2 };

const read = (files: readonly string[]) =>
  files.map((file) => readFileSync(file, "utf8")).join("\n");

describe("the slash-command cold path", () => {
  it.each(["aws", "gcp", "azure", "node", "cloudflare"])(
    "%s loads none of what a slash command never runs",
    async (name) => {
      const artifact = await buildArtifact(name, outDir);
      if (!artifact) throw new Error(`no ${name} artifact`);
      const coldFiles = staticClosure(artifact.file);
      expect(coldFiles.length, `modules the ${name} cold path loads`).toBeLessThanOrEqual(
        COLD_MODULES[name]!,
      );
      const cold = read(coldFiles);
      const whole = read(filesUnder(join(artifact.file, "..")));
      const expected = Object.entries({
        ...LOADED_ON_FIRST_USE,
        ...LOADED_ON_FIRST_USE_IN[name],
      }).filter(
        // The Node server bench target serves Slack only; it has no alert handling wired. It
        // marks the jobs an earlier process left running as it starts, a read-modify-write.
        ([what]) => name !== "node" || !NOT_ON_NODE.includes(what),
      );
      for (const [what, marker] of expected) {
        expect(whole.includes(marker), `${what} is in the ${name} bundle`).toBe(true);
        expect(cold.includes(marker), `${what} is on the ${name} cold path`).toBe(false);
      }
      // Loading node:crypto costs a cold start about 6 ms: the Node runtimes' HMAC imports it
      // after the first answer (nodeCryptoHmacSha256), so nothing on the cold path may.
      expect(
        /\bfrom\s*"(node:)?crypto"|\bimport\s*"(node:)?crypto"|require\("(node:)?crypto"\)/.exec(
          cold,
        )?.[0] ?? null,
        `node:crypto imported on the ${name} cold path`,
      ).toBeNull();
      // One character past ASCII (a regex literal keeps its characters as written) makes the
      // runtime read the whole module as a two-byte string: twice the memory for its source.
      let wide = -1;
      for (let i = 0; i < cold.length && wide < 0; i++) if (cold.charCodeAt(i) > 0x7f) wide = i;
      expect(
        wide < 0 ? null : cold.slice(Math.max(0, wide - 40), wide + 10),
        `a character past ASCII on the ${name} cold path`,
      ).toBeNull();
    },
    120_000,
  );
});
