// Child process: loads a built function source (which registers its functions with the
// Functions Framework) and serves each named function with the framework's own server
// (getTestServer → getServer: the Express app, body parsers and CloudEvent handling that
// the `functions-framework` command runs), on a free loopback port. Reports the ports over IPC.
import { pathToFileURL } from "node:url";

const [source, ...targets] = process.argv.slice(2);
await import(pathToFileURL(source).href);
const { getTestServer } = await import("@google-cloud/functions-framework/testing");

const ports = {};
for (const target of targets) {
  const server = getTestServer(target);
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  ports[target] = server.address().port;
}
process.send?.({ ready: ports });
process.on("disconnect", () => process.exit(0));
