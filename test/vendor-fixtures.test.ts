// The vendor payloads in test/fixtures/vendor are the bytes their sources published: each has
// its provenance in SOURCES.md and its hash in SHA256SUMS, and the signed ones still verify.
import { createHash, createHmac } from "node:crypto";
import { readdirSync } from "node:fs";
import { basename } from "node:path";
import { describe, expect, it } from "vitest";
import { readVendorFixture, vendorFixture, vendorJson, vendorText } from "./fixtures/vendor.mjs";

const DOCUMENTS = new Set(["README.md", "SOURCES.md", "SHA256SUMS"]);

const payloads = readdirSync(vendorFixture(), { recursive: true, withFileTypes: true })
  .filter((entry) => entry.isFile())
  .map((entry) => `${entry.parentPath.slice(vendorFixture().length)}/${entry.name}`)
  .map((path) => path.replace(/^\/+/, ""))
  .filter((path) => !DOCUMENTS.has(path))
  .sort();

/** `sha256sum` lines: `<hex>  <path>`. */
const sums = new Map(
  vendorText("SHA256SUMS")
    .trim()
    .split("\n")
    .map((line) => {
      const [hash, path] = line.split(/ {2}/) as [string, string];
      return [path, hash];
    }),
);

interface SigningVector {
  id: string;
  signing_secret: string;
  headers: Record<string, string>;
  body_file: string;
  body_length_bytes: number;
  expected_signature: string;
}

const sha256 = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

describe("test/fixtures/vendor", () => {
  it("holds the payloads of every platform the tests speak to", () => {
    const folders = new Set(payloads.map((path) => path.split("/")[0]));
    expect([...folders].sort()).toEqual([
      "aws",
      "chat",
      "crypto",
      "google-chat",
      "monitoring",
      "slack",
      "teams",
    ]);
    expect(payloads.length).toBeGreaterThanOrEqual(40);
  });

  it("lists every payload in SHA256SUMS with the hash of its bytes as stored", () => {
    expect([...sums.keys()].sort()).toEqual(payloads);
    for (const path of payloads) expect(sha256(readVendorFixture(path)), path).toBe(sums.get(path));
  });

  it("gives every payload its provenance in SOURCES.md", () => {
    const sources = vendorText("SOURCES.md");
    const named = (name: string) => sources.includes(`\`${name}\``);
    const missing = payloads.filter((path) => !named(basename(path)) && !named(path));
    expect(missing).toEqual([]);
  });

  it("keeps Slack's signed bodies exact: documented length, no trailing newline, same signature", () => {
    const { vectors } = vendorJson<{ vectors: SigningVector[] }>("slack/signing-vectors.json");
    expect(vectors.length).toBeGreaterThanOrEqual(2);
    for (const vector of vectors) {
      const body = readVendorFixture(`slack/${vector.body_file}`);
      expect(body.length, vector.id).toBe(vector.body_length_bytes);
      expect(body.at(-1), vector.id).not.toBe(0x0a);
      const timestamp = vector.headers["X-Slack-Request-Timestamp"];
      const signature = createHmac("sha256", vector.signing_secret)
        .update(`v0:${timestamp}:`)
        .update(body)
        .digest("hex");
      expect(`v0=${signature}`, vector.id).toBe(vector.expected_signature);
    }
  });

  it("keeps Mattermost's body at its documented Content-Length", () => {
    const request = vendorText("chat/mattermost-slash-command-request.docs.http");
    const length = Number(/^Content-Length: (\d+)$/m.exec(request)?.[1]);
    expect(readVendorFixture("chat/mattermost-slash-command-body.docs-joined.txt").length).toBe(
      length,
    );
  });

  it("refuses a path that leaves the folder", () => {
    expect(() => vendorFixture("../vendor.mjs")).toThrow(/relative to test\/fixtures\/vendor/);
    expect(() => vendorFixture("/etc/hosts")).toThrow(/relative to test\/fixtures\/vendor/);
  });
});
