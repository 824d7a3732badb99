// The Mattermost and Discord requests of the chat table: Mattermost's documented slash command
// and button press carrying its command token, Discord interactions signed now with RFC 8032
// TEST 1's key (TEST 2's is someone else), and the helpers scenarios read answers with.
import { createPrivateKey, randomUUID, sign } from "node:crypto";
import { expect } from "vitest";
import { discordFixture, vendorJson, vendorText } from "./fixtures.ts";
import type { RowContext } from "./row.ts";
export const ORIGIN = "http://localhost";
/** The public URL Mattermost would send button presses to. */
export const PUBLIC_URL = "https://catops.example.com";

export const unique = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}`;

// Mattermost: the documented request (567 bytes), its headers and its command token.
export const MATTERMOST_BODY = vendorText("chat/mattermost-slash-command-body.docs-joined.txt");
export const MATTERMOST_TOKEN = new URLSearchParams(MATTERMOST_BODY).get("token")!;
export const MATTERMOST_HEADERS = Object.fromEntries(
  vendorText("chat/mattermost-slash-command-request.docs.http")
    .split("\n\n")[0]!
    .split("\n")
    .slice(1)
    .map((line) => [line.slice(0, line.indexOf(":")), line.slice(line.indexOf(":") + 1).trim()])
    .filter(([name]) => !/^(host|content-length)$/i.test(name!)),
) as Record<string, string>;
export const MATTERMOST_USER = new URLSearchParams(MATTERMOST_BODY).get("user_id")!;

// Discord: RFC 8032 TEST 1 signs as the application; TEST 2's key is someone else.
export const SIGNED_PING = vendorJson("chat/discord-ping-signed.DERIVED.json");
export const DISCORD_PUBLIC_KEY: string = SIGNED_PING.public_key_hex;
export const PING = vendorText(`chat/${SIGNED_PING.body_file}`);
export const RFC_VECTORS = vendorJson("crypto/ed25519-rfc8032-section7.1-vectors.json").vectors;
export const APPLICATION_ID = "290926444748734465";
export const PKCS8_ED25519 = Buffer.from("302e020100300506032b657004220420", "hex");
export const privateKey = (seedHex: string) =>
  createPrivateKey({
    key: Buffer.concat([PKCS8_ED25519, Buffer.from(seedHex, "hex")]),
    format: "der",
    type: "pkcs8",
  });
export const APPLICATION_KEY = privateKey(SIGNED_PING.private_key_seed_hex_RFC8032_TEST1);
export const OTHER_KEY = privateKey(RFC_VECTORS[1].secret_key);

export type Context = RowContext;

/** The documented slash command with `text`; `channel` replaces its channel's id and name. */
export function mattermostCommand(
  ctx: Context,
  text: string,
  responsePath: string,
  { token, channel }: { token?: string; channel?: { id: string; name: string } } = {},
) {
  const params = new URLSearchParams(MATTERMOST_BODY);
  params.set("text", text);
  params.set("response_url", `${ctx.recorder.url}${responsePath}`);
  if (channel) {
    params.set("channel_id", channel.id);
    params.set("channel_name", channel.name);
  }
  const headers = { ...MATTERMOST_HEADERS };
  if (token !== undefined) {
    params.set("token", token);
    headers.Authorization = `Token ${token}`;
  }
  return new Request(`${ORIGIN}/mattermost/commands`, {
    method: "POST",
    headers,
    body: params.toString(),
  });
}

/** Mattermost's POST to a button's integration URL, by the user who ran the command. */
export function mattermostPress(context: unknown) {
  return new Request(`${ORIGIN}/mattermost/actions`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      user_id: MATTERMOST_USER,
      user_name: "alan",
      channel_id: "fukxanjgjbnp7ng383at53k1sy",
      channel_name: "town-square",
      team_id: "wx4zz8t4ttgmtxqiwfohijayzc",
      team_domain: "team-awesome",
      post_id: "b7mh8y3pqfgqzq4wzxn1h1ctmo",
      trigger_id: "",
      type: "",
      data_source: "",
      context,
    }),
  });
}

export function discordRequest(
  body: string,
  options: { key?: typeof APPLICATION_KEY; ageSeconds?: number; tamper?: boolean } = {},
) {
  const timestamp = String(Math.floor(Date.now() / 1000) - (options.ageSeconds ?? 0));
  const signature = sign(null, Buffer.from(timestamp + body), options.key ?? APPLICATION_KEY);
  return new Request(`${ORIGIN}/discord/interactions`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "x-signature-ed25519": signature.toString("hex"),
      "x-signature-timestamp": timestamp,
    },
    body: options.tamper ? body.replace("catops", "catopz") : body,
  });
}

/**
 * The docs' slash command interaction as `/catops command:<text>`, with a fresh token; `channel`
 * is the partial channel Discord sends with it (its id also the interaction's channel_id).
 */
export function discordCommand(text: string, channel?: Record<string, unknown> & { id: string }) {
  const token = unique("conformance-interaction-token-0123456789");
  const interaction = discordFixture("slash-command-interaction.discord-api-docs.json");
  interaction.application_id = APPLICATION_ID;
  interaction.token = token;
  if (channel) {
    interaction.channel = channel;
    interaction.channel_id = channel.id;
  }
  interaction.data = {
    ...interaction.data,
    name: "catops",
    options: [{ type: 3, name: "command", value: text }],
  };
  return { body: JSON.stringify(interaction), token };
}

/** The docs' button interaction, pressing the button with `customId`, by the same member. */
export function discordPress(customId: string) {
  const token = unique("conformance-interaction-token-0123456789");
  const interaction = discordFixture("button-interaction.gdl-test.json");
  interaction.token = token;
  interaction.data = { ...interaction.data, custom_id: customId };
  return { body: JSON.stringify(interaction), token };
}

/**
 * The docs' slash command interaction as a modal submit (type 5), carrying the documented modal
 * submit data: the modal's custom_id and each input's value in its action row.
 */
export function discordModalSubmit(customId: string, values: Record<string, string>) {
  const interaction = discordFixture("slash-command-interaction.discord-api-docs.json");
  interaction.application_id = APPLICATION_ID;
  interaction.token = unique("conformance-interaction-token-0123456789");
  interaction.type = 5;
  interaction.data = {
    custom_id: customId,
    components: Object.entries(values).map(([id, value]) => ({
      type: 1,
      components: [{ type: 4, custom_id: id, value }],
    })),
  };
  return JSON.stringify(interaction);
}

/** Mattermost's POST of a submitted interactive dialog, by the user who ran the command. */
export function mattermostDialogSubmission(state: string, submission: Record<string, unknown>) {
  return new Request(`${ORIGIN}/mattermost/dialogs`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      type: "dialog_submission",
      callback_id: "catops.form",
      state,
      user_id: MATTERMOST_USER,
      channel_id: "fukxanjgjbnp7ng383at53k1sy",
      team_id: "wx4zz8t4ttgmtxqiwfohijayzc",
      submission,
      cancelled: false,
    }),
  });
}

export const editPath = (token: string) =>
  `/discord/api/v10/webhooks/${APPLICATION_ID}/${token}/messages/@original`;

export async function jsonOf(response: Response, status = 200): Promise<any> {
  expect(response.status).toBe(status);
  expect(response.headers.get("content-type")).toContain("application/json");
  return response.json();
}
