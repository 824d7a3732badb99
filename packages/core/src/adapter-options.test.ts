import { describe, expect, it } from "vitest";
import { checkAdapterOptions, stripBasePath } from "./adapter-options.js";
import { silentLogger } from "./logger.js";

const where = { package: "@catops/x", fn: "serveIt" };

function thrownBy(run: () => unknown): Error | undefined {
  try {
    run();
  } catch (error) {
    return error as Error;
  }
  return undefined;
}

describe("checkAdapterOptions", () => {
  it("knows env, logger and basePath beside the adapter's own options", () => {
    expect(
      checkAdapterOptions(
        where,
        { env: {}, logger: silentLogger, basePath: "/x", queue: "Q" } as never,
        ["queue"],
      ),
    ).toEqual({ basePath: "/x" });
    expect(
      thrownBy(() => checkAdapterOptions(where, { routePrefix: "api" } as never, ["queue"]))
        ?.message,
    ).toBe('@catops/x serveIt: unknown option "routePrefix" (known: env, logger, basePath, queue)');
  });

  it("normalises the base path and refuses what is not a path", () => {
    for (const [given, basePath] of [
      [undefined, ""],
      ["", ""],
      ["/", ""],
      ["api", "/api"],
      ["/api/", "/api"],
      ["//a/b//", "/a/b"],
    ] as const)
      expect(checkAdapterOptions(where, { basePath: given }, [])).toEqual({ basePath });
    for (const bad of ["/a?b", "/a#b", "/a b", 42])
      expect(
        thrownBy(() => checkAdapterOptions(where, { basePath: bad as string }, [])),
      ).toBeInstanceOf(TypeError);
  });

  it("refuses an env that is not an object and a logger without the four methods", () => {
    expect(thrownBy(() => checkAdapterOptions(where, { env: "prod" as never }, []))?.message).toBe(
      "@catops/x serveIt: env must be an object of settings",
    );
    const error = thrownBy(() => checkAdapterOptions(where, { logger: console.log as never }, []));
    expect(error).toBeInstanceOf(TypeError);
    expect(error?.message).toBe(
      "@catops/x serveIt: logger must have debug, info, warn, error methods",
    );
    expect(() => checkAdapterOptions(where, { logger: console }, [])).not.toThrow();
  });
});

describe("stripBasePath", () => {
  it("removes the base from paths under it and leaves the others", () => {
    expect(stripBasePath("/api/slack/events", "/api")).toBe("/slack/events");
    expect(stripBasePath("/api", "/api")).toBe("/");
    expect(stripBasePath("/apix/slack", "/api")).toBe("/apix/slack");
    expect(stripBasePath("/slack/events", "/api")).toBe("/slack/events");
    expect(stripBasePath("/slack/events", "")).toBe("/slack/events");
  });
});
