// Which names and addresses stay on this machine. The playground has no login, so it answers
// only requests addressed to a loopback name: a page on another site that rebinds its own name
// to 127.0.0.1 still sends its own name in Host, and is refused.
import { isIPv4 } from "node:net";

/** Whether a hostname (no port; IPv6 with or without brackets) is this machine only. */
export function isLoopbackName(hostname: string): boolean {
  const name = hostname
    .toLowerCase()
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "");
  if (name === "localhost" || name.endsWith(".localhost")) return true;
  if (isIPv4(name)) return name.startsWith("127.");
  return name === "::1" || name === "0:0:0:0:0:0:0:1" || /^::ffff:127\./.test(name);
}

/** The hostname of a Host header (`name:port`, `[::1]:port`), lower case; undefined if malformed. */
export function hostnameOf(host: string): string | undefined {
  try {
    const { hostname, username, password, pathname } = new URL(`http://${host}`);
    if (username || password || pathname !== "/") return undefined;
    return hostname;
  } catch {
    return undefined;
  }
}
