import { describe, expect, it } from "vitest";
import { SLASH_BODY, SLASH_HEADERS, TOKEN } from "../test/fixtures.ts";
import {
  assertMattermostToken,
  MattermostTokenError,
  mattermostTokenFailure,
  presentedToken,
  splitTokens,
  verifyMattermostToken,
} from "./verify.ts";

describe("verifyMattermostToken", () => {
  it("is given the documented request: 567 bytes, the token in the header and the field", () => {
    expect(new TextEncoder().encode(SLASH_BODY).length).toBe(
      Number(SLASH_HEADERS["content-length"]),
    );
    expect(SLASH_HEADERS.authorization).toBe(`Token ${TOKEN}`);
  });

  it("accepts the token from the Authorization header or from the form field", () => {
    expect(
      verifyMattermostToken({ tokens: [TOKEN], authorization: SLASH_HEADERS.authorization }),
    ).toBe(true);
    expect(verifyMattermostToken({ tokens: [TOKEN], field: TOKEN })).toBe(true);
    expect(verifyMattermostToken({ tokens: [TOKEN], authorization: `token ${TOKEN}` })).toBe(true);
  });

  it("accepts any of several configured tokens", () => {
    expect(verifyMattermostToken({ tokens: ["other", TOKEN], field: TOKEN })).toBe(true);
  });

  it("names what failed", () => {
    expect(mattermostTokenFailure({ tokens: [], field: TOKEN })).toBe("missing configured token");
    expect(mattermostTokenFailure({ tokens: [""], field: "" })).toBe("missing configured token");
    expect(mattermostTokenFailure({ tokens: [TOKEN] })).toBe("missing token");
    expect(mattermostTokenFailure({ tokens: [TOKEN], authorization: "Bearer x" })).toBe(
      "missing token",
    );
    expect(mattermostTokenFailure({ tokens: [TOKEN], field: `${TOKEN}x` })).toBe("token mismatch");
    expect(mattermostTokenFailure({ tokens: [TOKEN], field: TOKEN.slice(1) })).toBe(
      "token mismatch",
    );
  });

  it("believes the header over the field when both are sent", () => {
    expect(presentedToken({ authorization: "Token from-header", field: "from-field" })).toBe(
      "from-header",
    );
    expect(
      verifyMattermostToken({ tokens: [TOKEN], authorization: "Token wrong", field: TOKEN }),
    ).toBe(false);
  });

  it("reads a comma-separated setting", () => {
    expect(splitTokens(" a, b ,,c ")).toEqual(["a", "b", "c"]);
    expect(splitTokens(["x", " "])).toEqual(["x"]);
    expect(splitTokens(undefined)).toEqual([]);
  });

  it("throws a MattermostTokenError naming the failed check, and passes a good token", () => {
    expect(() => assertMattermostToken({ tokens: [TOKEN], field: TOKEN })).not.toThrow();
    expect(() => assertMattermostToken({ tokens: [TOKEN], field: "wrong" })).toThrow(
      MattermostTokenError,
    );
    try {
      assertMattermostToken({ tokens: [TOKEN] });
    } catch (error) {
      expect((error as MattermostTokenError).reason).toBe("missing token");
      expect((error as Error).message).toBe("invalid Mattermost request signature: missing token");
    }
    expect.assertions(4);
  });
});
