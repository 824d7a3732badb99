import { createHmac } from "node:crypto";
import { describe, expect, it } from "vitest";
import { signActionContext, verifyActionContext } from "./actions.ts";

const TOKEN = "qzgakf1nx3yt9dr4n8585ihbxy";
const URL_ = "http://127.0.0.1:9/hooks/commands/i11f6nnfgfyk8eg56x9omc6dpa";

describe("button contexts", () => {
  it("signs action, value and response_url, and verifies them back", async () => {
    const context = await signActionContext(
      { action: "catops.confirm", value: "abc", responseUrl: URL_ },
      TOKEN,
    );
    expect(context).toMatchObject({ action: "catops.confirm", value: "abc", response_url: URL_ });
    expect(context.signature).toMatch(/^[0-9a-f]{64}$/);
    expect(await verifyActionContext(context, [TOKEN])).toEqual({
      action: "catops.confirm",
      value: "abc",
      responseUrl: URL_,
    });
  });

  it("gives the same signature with node:crypto's HMAC as with Web Crypto's", async () => {
    const node = (key: string, message: string) =>
      createHmac("sha256", key).update(message).digest("hex");
    const a = await signActionContext({ action: "catops.run", value: "hi" }, TOKEN);
    const b = await signActionContext({ action: "catops.run", value: "hi" }, TOKEN, node);
    expect(a).toEqual(b);
    expect(await verifyActionContext(a, [TOKEN], node)).toBeDefined();
  });

  it("refuses a context that was changed, signed with another token, or never signed", async () => {
    const context = await signActionContext(
      { action: "catops.run", value: "hi", responseUrl: URL_ },
      TOKEN,
    );
    expect(await verifyActionContext({ ...context, value: "guarded" }, [TOKEN])).toBeUndefined();
    expect(
      await verifyActionContext({ ...context, response_url: "https://evil.example" }, [TOKEN]),
    ).toBeUndefined();
    const { response_url: _dropped, ...withoutUrl } = context;
    expect(await verifyActionContext(withoutUrl, [TOKEN])).toBeUndefined();
    expect(await verifyActionContext(context, ["another-token"])).toBeUndefined();
    expect(
      await verifyActionContext({ action: "catops.run", value: "hi" }, [TOKEN]),
    ).toBeUndefined();
    expect(await verifyActionContext({ ...context, value: 7 }, [TOKEN])).toBeUndefined();
    expect(await verifyActionContext(null, [TOKEN])).toBeUndefined();
    expect(await verifyActionContext(context, [])).toBeUndefined();
  });

  it("accepts a context signed with any configured token", async () => {
    const context = await signActionContext({ action: "catops.cancel", value: "x" }, TOKEN);
    expect(await verifyActionContext(context, ["first", TOKEN])).toEqual({
      action: "catops.cancel",
      value: "x",
    });
  });
});
