import { describe, expect, it } from "vitest";
import { useRecorder } from "../../../test/support/chat.ts";
import {
  createTestIssuer,
  serveTeamsIdentity,
  TEAMS_IDENTITY_PATHS,
} from "../../conformance/src/identity.ts";
import {
  assertTeamsToken,
  TeamsTokenError,
  teamsTokenFailure,
  verifyTeamsToken,
} from "./verify.ts";

const APP_ID = "c9e8c047-2a74-40a2-b28a-b162d5f5327c";
const SERVICE_URL = "https://smba.trafficmanager.net/amer/";
const issuer = await createTestIssuer("teams-verify-key");
const recorder = useRecorder();

function input(authorization: string | undefined, changes = {}) {
  serveTeamsIdentity(recorder, issuer, "unused");
  return {
    authorization,
    appId: APP_ID,
    serviceUrl: SERVICE_URL,
    openIdMetadataUrl: `${recorder.url}${TEAMS_IDENTITY_PATHS.metadata}`,
    ...changes,
  };
}

const sign = (claims: Record<string, unknown> = {}, options = {}) =>
  issuer.sign(
    { iss: "https://api.botframework.com", aud: APP_ID, serviceurl: SERVICE_URL, ...claims },
    options,
  );

describe("the verify trio", () => {
  it("accepts Bot Framework's token for this bot, in all three forms", async () => {
    const token = `Bearer ${await sign()}`;
    expect(await teamsTokenFailure(input(token))).toBeUndefined();
    expect(await verifyTeamsToken(input(token))).toBe(true);
    await expect(assertTeamsToken(input(token))).resolves.toBeUndefined();
  });

  it("names the failed check, and throws it as a TeamsTokenError", async () => {
    const token = `Bearer ${await sign({ aud: "someone-else" })}`;
    expect(await teamsTokenFailure(input(token))).toBe("wrong audience");
    expect(await verifyTeamsToken(input(token))).toBe(false);
    const error = await assertTeamsToken(input(token)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TeamsTokenError);
    expect(error).toMatchObject({ reason: "wrong audience" });
  });

  it("allows five minutes of clock skew either way, and no more", async () => {
    const now = Date.now();
    const at = (offsetSeconds: number) => input(undefined, { now: now + offsetSeconds * 1000 });
    const token = `Bearer ${await sign({}, { expiresInSeconds: 60 })}`;
    expect(await teamsTokenFailure({ ...at(60 + 290), authorization: token })).toBeUndefined();
    expect(await teamsTokenFailure({ ...at(60 + 310), authorization: token })).toBe(
      "expired token",
    );
    expect(await teamsTokenFailure({ ...at(-290), authorization: token })).toBeUndefined();
    expect(await teamsTokenFailure({ ...at(-320), authorization: token })).toBe(
      "token not yet valid",
    );
  });

  it("matches the serviceurl claim against the activity's, give or take a final slash", async () => {
    const token = `Bearer ${await sign()}`;
    const trimmed = SERVICE_URL.replace(/\/$/, "");
    expect(await teamsTokenFailure(input(token, { serviceUrl: trimmed }))).toBeUndefined();
    expect(
      await teamsTokenFailure(
        input(token, { serviceUrl: "https://smba.trafficmanager.net/emea/" }),
      ),
    ).toBe("serviceUrl mismatch");
  });

  it("reads the metadata and the key set once for many requests", async () => {
    const metadataUrl = `${recorder.url}${TEAMS_IDENTITY_PATHS.metadata}?cached`;
    for (let i = 0; i < 3; i++)
      expect(
        await teamsTokenFailure(
          input(`Bearer ${await sign()}`, { openIdMetadataUrl: metadataUrl }),
        ),
      ).toBeUndefined();
    const fetched = (path: string) => recorder.requests.filter((r) => r.path.startsWith(path));
    expect(fetched(TEAMS_IDENTITY_PATHS.metadata)).toHaveLength(1);
    expect(fetched(TEAMS_IDENTITY_PATHS.keys).length).toBeLessThanOrEqual(1);
  });

  it("refuses when the keys cannot be read, saying so", async () => {
    const token = `Bearer ${await sign()}`;
    const failure = await teamsTokenFailure(
      input(token, { openIdMetadataUrl: `${recorder.url}/nowhere` }),
    );
    expect(failure).toBe("keys unavailable");
    expect(await teamsTokenFailure(input(token, { appId: "" }))).toBe("missing app id");
  });
});
