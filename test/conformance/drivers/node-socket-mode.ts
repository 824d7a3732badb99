// The Node row over Slack Socket Mode: the node row's server, started with SLACK_APP_TOKEN and no
// CATOPS_PUBLIC_URL, connects out to a local WebSocket server playing Slack (the recorder, as
// Slack's Web API, answers apps.connections.open with its URL). Each Slack request of the table is
// delivered as the envelope Slack sends instead of it, and the acknowledgement is the answer.
import { randomUUID } from "node:crypto";
import type { CatOps } from "@catops/core";
import { serve } from "@catops/node";
import {
  type ConformanceSetup,
  type RunningAdapter,
  type SlackSocket,
  startSlackSocket,
} from "@catops/conformance";
import { vendorJson } from "../../fixtures/vendor.mjs";
import { NODE_INAPPLICABLE } from "./node.ts";

const APP_TOKEN = "xapp-1-conformance-0000-token";
/** Slack gives an app 3 s to acknowledge; past this the envelope is taken as lost. */
const ACK_WAIT_MS = 10_000;

export interface NodeSocketModeDriverOptions {
  bot(setup: ConformanceSetup): CatOps;
  /** How long drain() waits for in-process jobs. Default 15 s. */
  settleMs?: number;
}

export function nodeSocketModeDriver(options: NodeSocketModeDriverOptions) {
  return {
    name: "node (slack socket mode)",
    transport: "slack-socket-mode" as const,
    inapplicable: NODE_INAPPLICABLE,
    async start(setup: ConformanceSetup): Promise<RunningAdapter & { drain(): Promise<void> }> {
      const slack = await startSlackSocket();
      const opened = vendorJson("slack/socket-mode-apps-connections-open.response.json");
      setup.recorder.serve("/api/apps.connections.open", {
        status: 200,
        body: JSON.stringify({ ...opened, url: slack.url }),
      });
      // The server's environment, as a deployment behind a firewall has it: an app-level token,
      // no public URL, and no signing secret (the socket is authenticated by the token).
      const { SLACK_SIGNING_SECRET: _secret, CATOPS_PUBLIC_URL: _url, ...rest } = setup.env;
      const env = { ...rest, SLACK_APP_TOKEN: APP_TOKEN };
      const bot = options.bot({ ...setup, env: env as ConformanceSetup["env"] });
      const server = await serve(bot, { port: 0, hostname: "127.0.0.1", env });
      if (!server.socketMode) throw new Error("the server did not start Socket Mode");
      await server.socketMode.ready();
      // The suite fires the schedules itself (`fire`, as the minute timer calls it): the timer
      // stops, or a minute turning during a test would fire them again, a post the test counts.
      await server.scheduler!.stop();
      return {
        send: (request) => deliver(slack, request),
        drain: async () => void (await server.runtime.settle(options.settleMs ?? 15_000)),
        fire: async (_schedule, at) => void (await server.scheduler!.tick(at.getTime())),
        stop: async () => {
          await server.close({ graceMs: 2000 });
          await slack.close();
        },
      };
    },
  };
}

/** Sends `request` as the envelope Slack would, on the app's open connection; its ack as a Response. */
async function deliver(slack: SlackSocket, request: Request): Promise<Response> {
  const envelope = envelopeFor(request, await request.text());
  const connection = slack.connections.at(-1);
  if (!connection) throw new Error("the app has no Socket Mode connection");
  connection.send(JSON.stringify(envelope));
  const ack = await slack.ackFor(envelope.envelope_id, ACK_WAIT_MS);
  if (ack.payload === undefined) return new Response(null, { status: 200 });
  if (!envelope.accepts_response_payload)
    throw new Error(`the ack of a ${envelope.type} envelope carries a payload Slack would drop`);
  return Response.json(ack.payload);
}

/**
 * The Socket Mode envelope for a signed Slack request to /slack/events: a JSON event as
 * `events_api` (a retry's headers as retry_attempt and retry_reason), a `payload=` form as
 * `interactive`, any other form as `slash_commands`. A request Slack does not send over Socket
 * Mode is an error, so no scenario passes without being delivered.
 */
function envelopeFor(request: Request, body: string) {
  const { pathname } = new URL(request.url);
  if (request.method !== "POST" || pathname !== "/slack/events")
    throw new Error(
      `${request.method} ${pathname} is not a Slack request: Socket Mode cannot carry it`,
    );
  const envelope_id = randomUUID();
  if (request.headers.get("content-type")?.startsWith("application/json")) {
    const event = JSON.parse(body);
    if (event.type !== "event_callback")
      throw new Error(`Slack does not send ${event.type} over Socket Mode`);
    return {
      ...vendorJson("slack/socket-mode-events-api-app-home-opened.envelope.json"),
      envelope_id,
      payload: event,
      retry_attempt: Number(request.headers.get("x-slack-retry-num") ?? 0),
      retry_reason: request.headers.get("x-slack-retry-reason") ?? "",
    };
  }
  const form = new URLSearchParams(body);
  const interaction = form.get("payload");
  if (interaction !== null)
    return {
      ...vendorJson("slack/socket-mode-interactive-block-actions.envelope.json"),
      envelope_id,
      payload: JSON.parse(interaction),
    };
  return {
    ...vendorJson("slack/socket-mode-slash-commands.envelope.json"),
    envelope_id,
    payload: Object.fromEntries(form),
  };
}
