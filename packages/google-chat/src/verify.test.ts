import { describe, expect, it } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import {
  createTestIssuer,
  GOOGLE_IDENTITY_PATHS,
  serveGoogleIdentity,
} from "../../conformance/src/identity.ts";
import {
  assertGoogleChatToken,
  GoogleChatTokenError,
  googleChatTokenFailure,
  verifyGoogleChatToken,
} from "./verify.ts";

const ENDPOINT = "https://catops.example.com/google-chat/events";
const chat = await createTestIssuer("google-chat-verify-key");
const idTokens = await createTestIssuer("google-id-verify-key");
const recorder = useRecorder();

function input(token: string | undefined, audience: string | string[] = ENDPOINT) {
  serveGoogleIdentity(recorder, chat, idTokens, "unused");
  return {
    authorization: token === undefined ? undefined : `Bearer ${token}`,
    audience,
    chatJwksUrl: `${recorder.url}${GOOGLE_IDENTITY_PATHS.chatKeys}`,
    idTokenJwksUrl: `${recorder.url}${GOOGLE_IDENTITY_PATHS.idTokenKeys}`,
  };
}

const idToken = (claims: Record<string, unknown> = {}) =>
  idTokens.sign({
    iss: "accounts.google.com",
    aud: ENDPOINT,
    email: "chat@system.gserviceaccount.com",
    email_verified: true,
    ...claims,
  });

describe("the verify trio", () => {
  it("accepts the ID-token form for the endpoint URL, in all three forms", async () => {
    const token = await idToken();
    expect(await googleChatTokenFailure(input(token))).toBeUndefined();
    expect(await verifyGoogleChatToken(input(token))).toBe(true);
    await expect(assertGoogleChatToken(input(token))).resolves.toBeUndefined();
  });

  it("refuses an ID token for another account, or an unverified one", async () => {
    for (const claims of [{ email: "someone@example.com" }, { email_verified: false }]) {
      const token = await idToken(claims);
      expect(await googleChatTokenFailure(input(token))).toBe("wrong email");
      const error = await assertGoogleChatToken(input(token)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(GoogleChatTokenError);
    }
  });

  it("does not take a key of one form for the other", async () => {
    const signedByChat = await chat.sign({
      iss: "accounts.google.com",
      aud: ENDPOINT,
      email: "chat@system.gserviceaccount.com",
      email_verified: true,
    });
    expect(await googleChatTokenFailure(input(signedByChat))).toBe("unknown key");
  });

  it("allows a minute of clock skew either way, and no more", async () => {
    const now = Date.now();
    const token = await chat.sign(
      { iss: "chat@system.gserviceaccount.com", aud: ENDPOINT },
      { expiresInSeconds: 60 },
    );
    const at = (offsetSeconds: number) => ({ ...input(token), now: now + offsetSeconds * 1000 });
    expect(await googleChatTokenFailure(at(60 + 50))).toBeUndefined();
    expect(await googleChatTokenFailure(at(60 + 70))).toBe("expired token");
    expect(await googleChatTokenFailure(at(-50))).toBeUndefined();
    expect(await googleChatTokenFailure(at(-80))).toBe("token not yet valid");
  });

  it("accepts either audience from a list", async () => {
    const token = await chat.sign({ iss: "chat@system.gserviceaccount.com", aud: "42" });
    expect(await googleChatTokenFailure(input(token, ["42", ENDPOINT]))).toBeUndefined();
    expect(await googleChatTokenFailure(input(token, `${ENDPOINT}, 42`))).toBeUndefined();
    expect(await googleChatTokenFailure(input(token, " "))).toBe("missing audience");
  });
});
