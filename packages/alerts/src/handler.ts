// The alert webhooks and native alert events behind `/alerts/<source>` and
// `bot.alert(source, payload)`: parse, notify, mention whoever is on call. createAlerts
// (alerts.ts) loads this module on the first alert, so a slash command never does.
import {
  type AlertHandler,
  type CatOpsRequest,
  type CatOpsResponse,
  type CommandCatalog,
  type ConnectorKit,
  errorResponse,
  HttpError,
  json,
} from "@catops/core";
import type { AlertsOptions } from "./create.js";
import { isAuthorized } from "./auth.js";
import { readPayload } from "./body.js";
import { type Deliver, notify, type Outcome } from "./notify.js";
import { lifecycleOf } from "./lifecycle-spec.js";
import { onCallMentions, type RotaScope, rotaKey } from "./rota/store.js";
import { suggestionsFor } from "./suggestions.js";
import { snsControl } from "./sources/cloudwatch-sns.js";
import { HTTP_SOURCES, NATIVE_SOURCES, parserFor } from "./sources/index.js";
import { type Alert, AlertParseError, type AlertParser } from "./types.js";

const SNS_HOST = /^sns\.[a-z0-9-]+\.amazonaws\.com(\.cn)?$/;

function envText(kit: ConnectorKit, name: string): string | undefined {
  const value = kit.env[name];
  return typeof value === "string" && value.trim() !== "" ? value.trim() : undefined;
}

/** Handles alerts with options createAlerts has checked. */
export function alertHandler(
  options: AlertsOptions,
  catalog: () => CommandCatalog | undefined = () => undefined,
): Pick<AlertHandler, "handle" | "receive"> {
  const rules = options.runbooks ?? [];
  const windowSeconds = options.dedupeWindowSeconds ?? 900;
  const httpSources = { ...HTTP_SOURCES, ...options.sources };
  const nativeSources = { ...NATIVE_SOURCES, ...options.sources };
  const rota =
    options.rota === false ? undefined : options.rota === true ? {} : (options.rota ?? {});
  const scope: RotaScope = rota?.scope ?? "channel";
  const clock = options.now;
  const now = (kit: ConnectorKit) => (clock ? clock() : kit.now());
  const lifecycle = options.lifecycle === false ? undefined : lifecycleOf(options);

  function deliverFor(kit: ConnectorKit): Deliver {
    if (options.connector) {
      const connector = options.connector;
      return (event, reply) => connector.deliver(event, reply, kit);
    }
    if (kit.deliver) return kit.deliver;
    throw new Error("no connector to post alerts through: add one to createCatOps({ connectors })");
  }

  /** Posts each alert; resolves to what happened to each. Delivery failures throw. */
  async function notifyAll(alerts: readonly Alert[], kit: ConnectorKit): Promise<Outcome[]> {
    const channel = options.channel ?? envText(kit, "CATOPS_ALERT_CHANNEL");
    if (!channel)
      throw new Error("no alert channel: set CATOPS_ALERT_CHANNEL or createAlerts({ channel })");
    const deliver = deliverFor(kit);
    const outcomes: Outcome[] = [];
    for (const alert of alerts) {
      const at = now(kit);
      const rotaId = scope === "team" ? rota?.team : channel;
      outcomes.push(
        await notify(alert, {
          store: kit.store,
          log: kit.log,
          deliver,
          channel,
          now: at,
          windowSeconds,
          suggestions: suggestionsFor(alert, rules, { check: catalog()?.check, log: kit.log }),
          lifecycle,
          oncall: async () =>
            rota && rotaId ? onCallMentions(kit.store, rotaKey(scope, rotaId), at) : [],
        }),
      );
    }
    return outcomes;
  }

  async function confirmSubscription(url: string, kit: ConnectorKit): Promise<boolean> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      return false;
    }
    // Only AWS's own endpoint: the URL comes from the request body.
    if (parsed.protocol !== "https:" || !SNS_HOST.test(parsed.hostname)) {
      kit.log.warn("SNS SubscribeURL is not an SNS endpoint; not fetched", {
        host: parsed.hostname,
      });
      return false;
    }
    const response = await (options.fetch ?? fetch)(parsed.href, {
      signal: AbortSignal.timeout(5000),
    });
    await response.body?.cancel();
    return response.ok;
  }

  async function handle(
    source: string,
    request: CatOpsRequest,
    kit: ConnectorKit,
  ): Promise<CatOpsResponse> {
    const expected = options.token ?? envText(kit, "CATOPS_ALERT_TOKEN");
    if (!expected) {
      kit.log.error("alert webhook refused: CATOPS_ALERT_TOKEN is not set", { source });
      return errorResponse(401, "unauthorized");
    }
    if (!isAuthorized(request, expected)) {
      kit.log.warn("alert webhook refused: missing or wrong token", { source });
      return errorResponse(401, "unauthorized");
    }
    const parse = parserFor(httpSources, source);
    if (!parse) return errorResponse(404, `unknown alert source "${source.slice(0, 64)}"`);

    let payload: Record<string, unknown>;
    try {
      payload = await readPayload(request, kit.bodyLimit);
    } catch (error) {
      // The core answers the refusal; the log says which source sent it.
      if (error instanceof HttpError)
        kit.log.warn("malformed alert", { source, reason: error.message });
      throw error;
    }

    const control = source === "cloudwatch" ? snsControl(payload) : undefined;
    if (control) {
      if (control.type === "UnsubscribeConfirmation") {
        kit.log.warn("SNS topic unsubscribed this endpoint", { topicArn: control.topicArn });
        return json({ ok: true });
      }
      const confirmed =
        options.confirmSubscriptions && control.subscribeUrl
          ? await confirmSubscription(control.subscribeUrl, kit).catch((error) => {
              kit.log.error("SNS subscription confirmation failed", { error });
              return false;
            })
          : false;
      if (!confirmed)
        kit.log.warn("SNS subscription awaits confirmation: open SubscribeURL to confirm", {
          topicArn: control.topicArn,
          subscribeUrl: control.subscribeUrl,
        });
      else kit.log.info("SNS subscription confirmed", { topicArn: control.topicArn });
      return json({ ok: true, subscription: confirmed ? "confirmed" : "pending" });
    }

    const alerts = parseOrReason(parse, payload, source, kit);
    if (typeof alerts === "string")
      return errorResponse(400, `malformed ${source} alert: ${alerts}`);
    let outcomes: Outcome[];
    try {
      outcomes = await notifyAll(alerts, kit);
    } catch (error) {
      kit.log.error("alert could not be posted", { error, source });
      return errorResponse(502, "alert received but could not be posted");
    }
    return json({
      ok: true,
      alerts: alerts.length,
      posted: outcomes.filter((o) => o !== "duplicate").length,
      duplicates: outcomes.filter((o) => o === "duplicate").length,
    });
  }

  async function receive(source: string, payload: unknown, kit: ConnectorKit): Promise<void> {
    const parse = parserFor(nativeSources, source);
    if (!parse) {
      kit.log.error("unknown alert source", { source });
      return;
    }
    const alerts = parseOrReason(parse, payload, source, kit);
    if (typeof alerts === "string") return;
    // A failure to post throws, so the platform retries the event (SNS → Lambda does, twice).
    await notifyAll(alerts, kit);
  }

  return { handle, receive };
}

/** The alerts, or the reason the payload is not one (logged). */
function parseOrReason(
  parse: AlertParser,
  payload: unknown,
  source: string,
  kit: ConnectorKit,
): Alert[] | string {
  try {
    return parse(payload);
  } catch (error) {
    if (error instanceof AlertParseError) {
      kit.log.warn("malformed alert", { source, reason: error.message });
      return error.message;
    }
    kit.log.error("alert parser failed", { source, error });
    return "could not read it";
  }
}
