// Monitoring services cannot sign requests like Slack does, so alert webhooks carry a shared
// token: `?token=`, `Authorization: Bearer`, `X-CatOps-Token`, or HTTP basic auth (the password,
// for SNS subscriptions written as https://catops:<token>@host/alerts/cloudwatch).
import { type CatOpsRequest, timingSafeEqual } from "@catops/core";

function basicPassword(header: string): string | undefined {
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  if (!match) return undefined;
  try {
    const decoded = atob(match[1]!);
    const colon = decoded.indexOf(":");
    return colon >= 0 ? decoded.slice(colon + 1) : decoded;
  } catch {
    return undefined;
  }
}

/** Every token the request offers, wherever it puts one. */
export function offeredTokens(request: CatOpsRequest): string[] {
  const found: string[] = [];
  const query = new URL(request.url).searchParams.get("token");
  if (query) found.push(query);
  const header = request.headers.get("x-catops-token");
  if (header) found.push(header.trim());
  const authorization = request.headers.get("authorization");
  if (authorization) {
    const bearer = /^Bearer\s+(.+)$/i.exec(authorization.trim());
    const offered = bearer ? bearer[1]!.trim() : basicPassword(authorization);
    if (offered) found.push(offered);
  }
  return found;
}

/** True when one offered token equals the expected one (compared in constant time). */
export function isAuthorized(request: CatOpsRequest, expected: string): boolean {
  let ok = false;
  // Every candidate is compared, so the time taken does not say which one matched.
  for (const offered of offeredTokens(request)) if (timingSafeEqual(offered, expected)) ok = true;
  return ok;
}
