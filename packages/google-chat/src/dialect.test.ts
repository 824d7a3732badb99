import { directUserOf } from "@catops/core";
import { describe, expect, it } from "vitest";
import { googleChatDialect } from "./dialect.ts";

describe("Google Chat's dialect", () => {
  it("sends a direct message to a user's DM space, and never to everyone", () => {
    const user = googleChatDialect.parseMention("<users/113847212359468349051>");
    expect(user).toBe("users/113847212359468349051");
    expect(directUserOf(googleChatDialect.directMessage?.(user!))).toBe(user);
    expect(googleChatDialect.directMessage?.("users/all")).toBeUndefined();
    expect(googleChatDialect.directMessage?.("alice")).toBeUndefined();
  });
});
