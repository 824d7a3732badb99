// Preloaded with `node --import`: records every outbound TCP connection the process opens
// (node:http, node:https, fetch, SDK clients all connect through net.Socket), with the time it
// was opened, so a test can tell what happened before an answer was sent.
import net from "node:net";

const connections = [];
globalThis.__catopsConnections = connections;
const connect = net.Socket.prototype.connect;
net.Socket.prototype.connect = function recordedConnect(...args) {
  // net.connect passes its normalized [options, callback] pair as the first argument.
  const first = Array.isArray(args[0]) ? args[0][0] : args[0];
  const options =
    typeof first === "object" && first !== null ? first : { port: first, host: args[1] };
  const target = options.path ?? `${options.host ?? "localhost"}:${options.port}`;
  connections.push({ at: performance.now(), target: String(target) });
  return connect.apply(this, args);
};
