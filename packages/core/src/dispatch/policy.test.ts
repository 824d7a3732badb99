import { describe, expect, it } from "vitest";
import { plainDialect } from "../dialect.js";
import { channelNamesAmongIds, checkAllow } from "./policy.js";
import { angleDialect } from "../test-dialect.js";
import type { CommandEvent } from "../types.js";

const groups = { deployers: ["U2"], oncall: ["U3"] };
const event = (
  user?: string,
  channel?: { id: string; name?: string },
  team?: { id: string; domain?: string },
): CommandEvent => ({
  command: [],
  user: user ? { id: user } : undefined,
  channel,
  team,
});

describe("checkAllow", () => {
  it("allows a command without a rule, unless deny-by-default", () => {
    expect(checkAllow(undefined, event("U1"), groups)).toEqual({ allowed: true });
    expect(checkAllow(undefined, event("U1"), groups, true)).toEqual({
      allowed: false,
      requirement: "an explicit allow rule",
    });
  });

  it("admits listed users or members of listed groups", () => {
    const rule = { users: ["U1"], groups: ["deployers"] };
    expect(checkAllow(rule, event("U1"), groups).allowed).toBe(true);
    expect(checkAllow(rule, event("U2"), groups).allowed).toBe(true);
    expect(checkAllow(rule, event("U3"), groups)).toEqual({
      allowed: false,
      requirement: "@U1 or members of deployers",
    });
  });

  it("names who would be allowed in the platform's own markup, everything else escaped", () => {
    const rule = { users: ["U1"], groups: ["<ops&co>"] };
    expect(checkAllow(rule, event("U3"), groups, false, angleDialect).requirement).toBe(
      "<@U1> or members of &lt;ops&amp;co&gt;",
    );
  });

  it("refuses an event without a user when users or groups are required", () => {
    expect(checkAllow({ groups: ["deployers"] }, event(), groups).allowed).toBe(false);
  });

  it("ignores a group that does not exist", () => {
    expect(checkAllow({ groups: ["nobody"] }, event("U1"), groups).allowed).toBe(false);
  });

  it("matches channels by id, never by a name in `channels`", () => {
    const ops = { id: "C1", name: "ops" };
    expect(checkAllow({ channels: ["C1"] }, event("U1", ops), groups).allowed).toBe(true);
    // Anyone can make a thread or channel called "ops" on most platforms: a name is not an id.
    expect(checkAllow({ channels: ["ops"] }, event("U1", ops), groups).allowed).toBe(false);
    expect(
      checkAllow({ channels: ["#ops"] }, event("U1", ops), groups, false, angleDialect).allowed,
    ).toBe(false);
    expect(checkAllow({ channels: ["C9"] }, event("U1"), groups).requirement).toBe("in #C9");
    expect(
      checkAllow({ channels: ["C9"] }, event("U1"), groups, false, angleDialect).requirement,
    ).toBe("in <#C9>");
  });

  it("matches channelNames only on a platform that signs names", () => {
    const ops = { id: "C1", name: "ops" };
    const rule = { channelNames: ["#ops"] };
    expect(checkAllow(rule, event("U1", ops), groups, false, angleDialect).allowed).toBe(true);
    expect(checkAllow(rule, event("U1", ops), groups, false, plainDialect).allowed).toBe(false);
    expect(
      checkAllow(rule, event("U1", { id: "C2", name: "random" }), groups, false, angleDialect),
    ).toEqual({ allowed: false, requirement: "in #ops" });
  });

  it("flags channel names written where ids belong", () => {
    expect(
      channelNamesAmongIds({
        channels: ["C0123ABC", "ops", "#deploys", "4b3qcrk8w3gxtnd1z8xjzk1yho"],
      }),
    ).toEqual(["ops", "#deploys"]);
  });

  it("matches teams by id only", () => {
    expect(
      checkAllow({ teams: ["acme"] }, event("U1", undefined, { id: "T1", domain: "acme" }), groups)
        .allowed,
    ).toBe(false);
    expect(
      checkAllow({ teams: ["T1"] }, event("U1", undefined, { id: "T1" }), groups).allowed,
    ).toBe(true);
    expect(checkAllow({ teams: ["T1"] }, event("U1"), groups).allowed).toBe(false);
  });

  it("requires every list that is present", () => {
    const rule = { groups: ["deployers"], channels: ["C1"] };
    expect(checkAllow(rule, event("U2", { id: "C1", name: "ops" }), groups).allowed).toBe(true);
    expect(checkAllow(rule, event("U2", { id: "C2", name: "random" }), groups)).toEqual({
      allowed: false,
      requirement: "members of deployers, in #C1",
    });
    expect(checkAllow(rule, event("U1", { id: "C1", name: "ops" }), groups).allowed).toBe(false);
  });
});
