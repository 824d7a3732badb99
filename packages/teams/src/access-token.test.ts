import { describe, expect, it } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import { createTokenCache, requestAccessToken } from "./access-token.ts";

const recorder = useRecorder();

describe("requestAccessToken", () => {
  it("posts the form and reads the token and its lifetime", async () => {
    recorder.serve("/token", {
      status: 200,
      body: JSON.stringify({ access_token: "t1", expires_in: 600 }),
    });
    const token = await requestAccessToken(
      `${recorder.url}/token`,
      { grant_type: "client_credentials", client_secret: "s3cret" },
      { platform: "Bot Framework" },
      1_000,
    );
    expect(token).toEqual({ token: "t1", expiresAt: 601_000 });
    expect(recorder.requests[0]!.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    expect(new URLSearchParams(recorder.requests[0]!.body).get("client_secret")).toBe("s3cret");
  });

  it("rejects a refusal with the status and the error code, never the secret", async () => {
    recorder.serve("/token", {
      status: 401,
      body: JSON.stringify({ error: "invalid_client", error_description: "bad secret s3cret" }),
    });
    const refused = requestAccessToken(
      `${recorder.url}/token`,
      { client_secret: "s3cret" },
      { platform: "Bot Framework" },
    );
    await expect(refused).rejects.toThrow(
      "Bot Framework token request refused (HTTP 401: invalid_client)",
    );
    await refused.catch((error: Error) => expect(error.message).not.toContain("s3cret"));
  });
});

describe("createTokenCache", () => {
  it("asks once, shares one request between callers, and asks again five minutes before expiry", async () => {
    let asked = 0;
    const tokens = createTokenCache(async () => {
      asked++;
      await new Promise((resolve) => setTimeout(resolve, 10));
      return { token: `t${asked}`, expiresAt: 3_600_000 };
    });
    expect(await Promise.all([tokens.get(0), tokens.get(0)])).toEqual(["t1", "t1"]);
    expect(await tokens.get(3_600_000 - 5 * 60_000 - 1)).toBe("t1");
    expect(await tokens.get(3_600_000 - 5 * 60_000)).toBe("t2");
    tokens.clear();
    expect(await tokens.get(0)).toBe("t3");
    expect(asked).toBe(3);
  });

  it("does not keep a failed request: the next call asks again", async () => {
    let asked = 0;
    const tokens = createTokenCache(async () => {
      asked++;
      if (asked === 1) throw new Error("down");
      return { token: "t", expiresAt: 3_600_000 };
    });
    await expect(tokens.get(0)).rejects.toThrow("down");
    expect(await tokens.get(0)).toBe("t");
  });
});
