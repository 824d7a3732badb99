// The core's HTTP face: the routes every adapter serves (/healthz, each connector's paths,
// /alerts/<source>), and the one place an error becomes a response.
import type { AlertHandler, Connector, ConnectorKit } from "../connector.js";
import { HttpError } from "../errors.js";
import { type CatOpsRequest, type CatOpsResponse, pathnameOf } from "./exchange.js";
import { errorResponse } from "./http.js";
import { randomId } from "../ids.js";
import { isThenable } from "../thenable.js";
import { toWebResponse } from "./plain.js";
import type { Logger, Runtime, Store } from "../types.js";

export interface FetchHandlerParts {
  name: string;
  commandCount: () => number;
  store: Store;
  /** Each connector by the paths it answers. */
  routes: ReadonlyMap<string, Connector>;
  alerts?: AlertHandler;
  /** The connector alert notifications go through. */
  alertConnector: () => Connector;
  kitFor: (connector: Connector, runtime: Runtime, requestId: string) => ConnectorKit;
  /** The runtime's logger, masking secrets. */
  runtimeLogger: (given: Logger | undefined) => Logger;
  /** Requests being answered, by id, when something must know their runtime (the audit channel). */
  answering?: Map<string, Runtime>;
}

const POST_ONLY = { allow: "POST" };

/** What a refusal is logged and answered as: a connector, or alert handling. */
type Refuser = { name: string; refusalHeaders?: Record<string, string> };
const ALERTS: Refuser = { name: "alerts" };

export function createFetchHandler(parts: FetchHandlerParts) {
  const { name, commandCount, store, routes, alerts, alertConnector, kitFor, runtimeLogger } =
    parts;
  const { answering } = parts;

  /** A Web Request in, a Web Response out: for runtimes that speak fetch (Workers, GCP, Azure). */
  function fetch(request: Request, runtime: Runtime = {}): Promise<Response> {
    const answer = handle(request, runtime);
    return isThenable(answer)
      ? Promise.resolve(answer).then(toWebResponse)
      : Promise.resolve(toWebResponse(answer));
  }

  /**
   * Any request that has what the core reads in, a response of the same kind out: for adapters
   * that build plain objects (Node, Lambda), where the Web classes would cost more than CatOps.
   * The response itself when the request was answered at once (a slash command most often), a
   * promise of it otherwise; never a rejection.
   */
  function handle(
    request: CatOpsRequest,
    runtime: Runtime = {},
  ): CatOpsResponse | Promise<CatOpsResponse> {
    const requestId = runtime.requestId ?? randomId(12);
    return answering
      ? answerRemembered(answering, request, runtime, requestId)
      : answer(request, runtime, requestId);
  }

  /** Answers with the request's runtime known by its id meanwhile (the audit channel's). */
  async function answerRemembered(
    answering: Map<string, Runtime>,
    request: CatOpsRequest,
    runtime: Runtime,
    requestId: string,
  ): Promise<CatOpsResponse> {
    answering.set(requestId, runtime);
    try {
      return await answer(request, runtime, requestId);
    } finally {
      answering.delete(requestId);
    }
  }

  /**
   * The answer to a request: at once when its connector answered at once, else a promise. A
   * refusal or a failure, thrown or rejected, is answered here, never thrown on.
   */
  function answer(
    request: CatOpsRequest,
    runtime: Runtime,
    requestId: string,
  ): CatOpsResponse | Promise<CatOpsResponse> {
    const pathname = pathnameOf(request);
    try {
      const answered = route(request, pathname, runtime, requestId);
      return isThenable(answered)
        ? Promise.resolve(answered).catch((error) => failure(error, runtime, requestId, pathname))
        : answered;
    } catch (error) {
      return failure(error, runtime, requestId, pathname);
    }
  }

  function route(
    request: CatOpsRequest,
    pathname: string,
    runtime: Runtime,
    requestId: string,
  ): CatOpsResponse | Promise<CatOpsResponse> {
    if (pathname === "/healthz") {
      if (request.method !== "GET" && request.method !== "HEAD")
        throw new HttpError(405, "method not allowed", { allow: "GET, HEAD" });
      // Loaded with the first probe: a slash command's cold start never needs it.
      const about = { name, commands: commandCount() };
      return import("./health.js").then(({ healthAnswer }) => healthAnswer(store, about));
    }
    const connector = routes.get(pathname);
    if (connector) {
      if (request.method !== "POST") throw new HttpError(405, "method not allowed", POST_ONLY);
      return connector.handle(request, kitFor(connector, runtime, requestId));
    }
    if (isAlertPath(pathname)) {
      if (request.method !== "POST") throw new HttpError(405, "method not allowed", POST_ONLY);
      let source: string;
      try {
        source = decodeURIComponent(pathname.slice("/alerts/".length));
      } catch {
        throw new HttpError(400, "malformed alert source in the path");
      }
      const alertKit = kitFor(alertConnector(), runtime, requestId);
      return alerts!.handle(source, request, alertKit);
    }
    throw new HttpError(404, "not found");
  }

  const isAlertPath = (pathname: string) => alerts !== undefined && pathname.startsWith("/alerts/");

  /** Who refuses a request to `pathname`: its connector or alert handling, else nobody named. */
  function refuserOf(pathname: string): Refuser | undefined {
    if (pathname === "/healthz") return undefined;
    return routes.get(pathname) ?? (isAlertPath(pathname) ? ALERTS : undefined);
  }

  /** The one place an error becomes a response: refusals say why in the log, never a stack. */
  function failure(
    error: unknown,
    runtime: Runtime,
    requestId: string,
    pathname: string,
  ): CatOpsResponse {
    if (error instanceof HttpError) {
      const refusedBy = refuserOf(pathname);
      if (refusedBy)
        runtimeLogger(runtime.logger).warn("request refused", {
          connector: refusedBy.name,
          status: error.status,
          reason: error.message,
          requestId,
        });
      const headers = { ...refusedBy?.refusalHeaders, ...error.headers };
      return errorResponse(error.status, error.message, headers);
    }
    runtimeLogger(runtime.logger).error("request failed", { error, requestId, path: pathname });
    return errorResponse(500, "internal error");
  }

  return { fetch, handle };
}
