// Copies the vendor payloads the scenarios send into fixtures/, with their provenance
// (SOURCES.md, SHA256SUMS), so the published package reads its own copy.
import { cpSync, rmSync } from "node:fs";

const from = (path) => new URL(path, import.meta.url);
rmSync(from("../fixtures"), { recursive: true, force: true });
cpSync(from("../../../test/fixtures/vendor"), from("../fixtures/vendor"), { recursive: true });
cpSync(from("../../discord/test/fixtures"), from("../fixtures/discord"), { recursive: true });
