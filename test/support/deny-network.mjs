// Preloaded with `node --import` into an ecosystem tool a test runs: every TCP connection to
// anything but loopback fails at once, as with no network at all, and is appended (one host:port
// a line) to the file named by CATOPS_DENIED_LOG, so the test can say what the tool tried.
import { appendFileSync } from "node:fs";
import net from "node:net";

const LOOPBACK = /^(127\.\d+\.\d+\.\d+|::1|localhost|::ffff:127\.\d+\.\d+\.\d+)$/;
const log = process.env.CATOPS_DENIED_LOG;
const connect = net.Socket.prototype.connect;

net.Socket.prototype.connect = function loopbackOnlyConnect(...args) {
  // net.connect passes its normalized [options, callback] pair as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options =
    typeof first === "object" && first !== null ? first : { port: first, host: args[1] };
  // A Unix socket has a path and no port (an HTTP client's options carry its request path too).
  const unixSocket = options.path !== undefined && options.port === undefined;
  if (unixSocket || LOOPBACK.test(options.host ?? "localhost")) {
    return connect.apply(this, args);
  }
  const target = `${options.host}:${options.port}`;
  if (log) appendFileSync(log, `${target}\n`);
  const error = Object.assign(new Error(`connect ENETUNREACH ${target} (no network in tests)`), {
    code: "ENETUNREACH",
  });
  process.nextTick(() => this.destroy(error));
  return this;
};
