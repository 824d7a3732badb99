import { directUserOf } from "@catops/core";
import { describe, expect, it } from "vitest";
import { teamsDialect } from "./dialect.ts";

describe("Teams' dialect", () => {
  it("sends a direct message to a user named by their Entra object id, and to no name", () => {
    const megan = "7faf8ab2-3d56-4244-b585-20c8a42ed2b8";
    expect(teamsDialect.parseMention(`@${megan}`)).toBe(megan);
    expect(directUserOf(teamsDialect.directMessage?.(megan))).toBe(megan);
    expect(teamsDialect.directMessage?.("megan")).toBeUndefined();
  });
});
