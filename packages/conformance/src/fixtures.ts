// The vendor payloads the scenarios send. A published package carries the ones it uses in its
// own fixtures/ folder (copied at build, with their provenance); in this repository they are
// read where they are kept: test/fixtures/vendor and the Discord connector's test fixtures.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

// src/ and dist/ both sit one folder below the package's root.
const PACKAGED = new URL("../fixtures/", import.meta.url);
const packaged = existsSync(fileURLToPath(PACKAGED));
const VENDOR = packaged
  ? new URL("vendor/", PACKAGED)
  : new URL("../../../test/fixtures/vendor/", import.meta.url);
const DISCORD = packaged
  ? new URL("discord/", PACKAGED)
  : new URL("../../discord/test/fixtures/", import.meta.url);

/** A vendor payload as UTF-8 text, exactly as stored (`slack/...`, `chat/...`, `teams/...`). */
export function vendorText(path: string): string {
  return readFileSync(new URL(path, VENDOR), "utf8");
}

/** A vendor JSON payload, parsed. */
export function vendorJson<T = any>(path: string): T {
  return JSON.parse(vendorText(path)) as T;
}

/** One of the Discord connector's recorded interactions, parsed. */
export function discordFixture<T = any>(name: string): T {
  return JSON.parse(readFileSync(new URL(name, DISCORD), "utf8")) as T;
}
