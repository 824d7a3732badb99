// Reads the shared vendor payloads, resolved from the repository root so a clone anywhere works.
import { readFileSync } from "node:fs";

const root = new URL("../../../shared/fixtures/", import.meta.url);

export function fixtureText(path: string): string {
  return readFileSync(new URL(path, root), "utf8");
}

export function fixture<T = any>(path: string): T {
  return JSON.parse(fixtureText(path)) as T;
}
