import { describe, expect, it } from "vitest";
import { loadOptionalPeer, openSharedBackends, sharedStateConfigured } from "./shared.js";

describe("shared backends", () => {
  it("names the package to install when the configuration needs one that is missing", async () => {
    const missing = "@catops/not-installed-anywhere";
    await expect(
      loadOptionalPeer(
        () => import(/* @vite-ignore */ missing),
        "@catops/postgres",
        "CATOPS_DATABASE_URL",
      ),
    ).rejects.toThrow(
      "CATOPS_DATABASE_URL is set, so CatOps needs @catops/postgres: npm install @catops/postgres",
    );
  });

  it("opens nothing when neither database is configured", async () => {
    expect(await openSharedBackends({ CATOPS_DATABASE_URL: "" })).toBeUndefined();
    expect(sharedStateConfigured({})).toBe(false);
    expect(sharedStateConfigured({ CATOPS_REDIS_URL: "redis://x" })).toBe(true);
  });
});
