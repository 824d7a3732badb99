import { json } from "./http.js";
import type { PlainResponse } from "./plain.js";
import type { Store } from "../types.js";

/** The answer to GET /healthz: 200 while the store can keep what is written, 503 with why not. */
export async function healthAnswer(
  store: Store,
  about: { name: string; commands: number },
): Promise<PlainResponse> {
  let health = { ok: true } as { ok: boolean; reason?: string };
  try {
    health = (await store.health?.()) ?? health;
  } catch {
    health = { ok: false, reason: "the store's health check failed" };
  }
  if (health.ok) return json({ ok: true, ...about });
  return json({ ok: false, ...about, reason: health.reason ?? "the store is unavailable" }, 503);
}
