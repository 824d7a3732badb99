import { type CatOpsResponse, errorResponse } from "@catops/core";
import { hostnameOf, isLoopbackName } from "./loopback.js";

export interface PlaygroundGuardOptions {
  /**
   * A public name the playground may also be reached by (behind a proxy with its own login): a
   * host or a URL.
   */
  publicHost?: string;
}

/** Whether a path is one of the playground's: the page, its assets and its API. */
export function isPlaygroundPath(pathname: string): boolean {
  return pathname === "/" || pathname.startsWith("/playground/");
}

/**
 * Answers 403 unless the request's Host is a loopback name or the configured public host.
 * Checked on top of the connector's Origin check, which a DNS rebinding passes.
 */
export function playgroundHostGuard(options: PlaygroundGuardOptions = {}) {
  const publicHost = options.publicHost ? publicHostname(options.publicHost) : undefined;
  return function refuseForeignHost(host: string | null): CatOpsResponse | undefined {
    const hostname = host === null ? undefined : hostnameOf(host);
    if (hostname && (isLoopbackName(hostname) || hostname === publicHost)) return undefined;
    return errorResponse(
      403,
      "the playground answers only on localhost (or CATOPS_PUBLIC_URL's host); this request's Host is another name",
    );
  };
}

function publicHostname(hostOrUrl: string): string | undefined {
  if (!hostOrUrl.includes("://")) return hostnameOf(hostOrUrl);
  try {
    return new URL(hostOrUrl).hostname;
  } catch {
    return undefined;
  }
}

/** Why serve() will not start: the playground would be open to the network. */
export function exposedPlaygroundMessage(hostname: string): string {
  return `the playground has no login and ${hostname} is reachable from the network: listen on 127.0.0.1, turn the playground off, or set CATOPS_PLAYGROUND=1 to serve it there anyway`;
}
