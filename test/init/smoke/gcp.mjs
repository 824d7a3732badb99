// Runs inside a generated Google Cloud project: loads dist/index.js as the Functions Framework
// would, serves the `catops` function on a free loopback port and sends it the request in the
// JSON file named by argv[2]. Prints the registered functions and the answer as JSON.
import { readFileSync } from "node:fs";
import { getFunction, getTestServer } from "@google-cloud/functions-framework/testing";

await import(`${process.cwd()}/dist/index.js`);
const sent = JSON.parse(readFileSync(process.argv[2], "utf8"));
const server = getTestServer("catops");
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
try {
  const { pathname } = new URL(sent.url);
  const response = await fetch(`http://127.0.0.1:${server.address().port}${pathname}`, {
    method: sent.method,
    headers: sent.headers,
    body: sent.body,
  });
  console.log(
    JSON.stringify({
      functions: ["catops", "catops-jobs"].filter((name) => getFunction(name) !== undefined),
      status: response.status,
      body: await response.text(),
    }),
  );
} finally {
  server.close();
}
