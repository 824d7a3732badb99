// Token issuers for tests of connectors that verify bearer JWTs (Teams, Google Chat): RSA keys
// made here, their public halves served as a JWKS by the recorder, tokens signed with jose. An
// "other" key, never published, signs the tokens that must be refused as signed by an unknown key.
import { generateKeyPairSync, type KeyObject } from "node:crypto";
import { exportJWK, type JWK, type JWTPayload, SignJWT } from "jose";
import type { Recorder } from "./recorder.ts";

export interface TestIssuer {
  /** The published key set: the key that signs, with its `kid`. */
  jwks: { keys: JWK[] };
  /**
   * A signed RS256 token with `claims`; `expiresInSeconds` (default 3600, negative for an
   * expired token) from `nowSeconds`; `unknownKey` signs with a key that is not published.
   */
  sign(
    claims: JWTPayload,
    options?: { expiresInSeconds?: number; unknownKey?: boolean; nowSeconds?: number },
  ): Promise<string>;
}

const rsaKeyPair = () => generateKeyPairSync("rsa", { modulusLength: 2048 });

export async function createTestIssuer(kid: string): Promise<TestIssuer> {
  const published = rsaKeyPair();
  const other = rsaKeyPair();
  const jwk = { ...(await exportJWK(published.publicKey)), kid, alg: "RS256", use: "sig" };
  return {
    jwks: { keys: [jwk] },
    async sign(claims, options = {}) {
      const now = options.nowSeconds ?? Math.floor(Date.now() / 1000);
      const key: KeyObject = options.unknownKey ? other.privateKey : published.privateKey;
      return new SignJWT(claims)
        .setProtectedHeader({ alg: "RS256", kid: options.unknownKey ? `${kid}-unknown` : kid })
        .setIssuedAt(now - 5)
        .setNotBefore(now - 5)
        .setExpirationTime(now + (options.expiresInSeconds ?? 3600))
        .sign(key);
    },
  };
}

const jsonAnswer = (body: unknown) => ({ status: 200, body: JSON.stringify(body) });

/** Paths on the recorder where the Teams identity endpoints are served. */
export const TEAMS_IDENTITY_PATHS = {
  metadata: "/teams/openid",
  keys: "/teams/keys",
  token: "/teams/token",
} as const;

/** Bot Framework's OpenID metadata, JWKS and token endpoint, served by the recorder. */
export function serveTeamsIdentity(recorder: Recorder, issuer: TestIssuer, accessToken: string) {
  recorder.serve(
    TEAMS_IDENTITY_PATHS.metadata,
    jsonAnswer({
      issuer: "https://api.botframework.com",
      jwks_uri: `${recorder.url}${TEAMS_IDENTITY_PATHS.keys}`,
      id_token_signing_alg_values_supported: ["RS256"],
    }),
  );
  recorder.serve(TEAMS_IDENTITY_PATHS.keys, jsonAnswer(issuer.jwks));
  recorder.serve(
    TEAMS_IDENTITY_PATHS.token,
    jsonAnswer({ token_type: "Bearer", expires_in: 3599, access_token: accessToken }),
  );
}

/** Paths on the recorder where the Google identity endpoints are served. */
export const GOOGLE_IDENTITY_PATHS = {
  chatKeys: "/google/chat-keys",
  idTokenKeys: "/google/oauth2-keys",
  token: "/google/token",
} as const;

/** Google Chat's JWKS, Google's ID-token JWKS and the OAuth token endpoint, served by the recorder. */
export function serveGoogleIdentity(
  recorder: Recorder,
  chat: TestIssuer,
  idTokens: TestIssuer,
  accessToken: string,
) {
  recorder.serve(GOOGLE_IDENTITY_PATHS.chatKeys, jsonAnswer(chat.jwks));
  recorder.serve(GOOGLE_IDENTITY_PATHS.idTokenKeys, jsonAnswer(idTokens.jwks));
  recorder.serve(
    GOOGLE_IDENTITY_PATHS.token,
    jsonAnswer({ token_type: "Bearer", expires_in: 3599, access_token: accessToken }),
  );
}

let serviceAccountKey: KeyObject | undefined;

/** A service-account key for tests: the JSON Google hands out, with a key made here (once). */
export function testServiceAccount(tokenUri: string) {
  serviceAccountKey ??= rsaKeyPair().privateKey;
  const privateKey = serviceAccountKey;
  return {
    type: "service_account",
    client_email: "catops-test@catops-test.iam.gserviceaccount.com",
    private_key: privateKey.export({ type: "pkcs8", format: "pem" }).toString(),
    token_uri: tokenUri,
  };
}
