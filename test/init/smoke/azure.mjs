// Runs inside a generated Azure project: loads the published bundle (deploy/dist/index.js) with
// @azure/functions' `app` recording what it registers, then sends the request in the JSON file
// named by argv[2] through the HTTP function, with @azure/functions' own request, context and
// response classes, as the host would. Prints the registrations and the answer as JSON.
import { readFileSync } from "node:fs";
import azure from "@azure/functions";

const registered = { http: {}, storageQueue: {} };
azure.app.http = (name, options) => {
  registered.http[name] = options;
};
azure.app.storageQueue = (name, options) => {
  registered.storageQueue[name] = options;
};
await import(`${process.cwd()}/deploy/dist/index.js`);

const sent = JSON.parse(readFileSync(process.argv[2], "utf8"));
const [name, options] = Object.entries(registered.http)[0];
const request = new azure.HttpRequest({
  method: sent.method,
  url: sent.url,
  headers: sent.headers,
  ...(sent.body ? { body: { string: sent.body } } : {}),
});
const context = new azure.InvocationContext({ invocationId: "init-check", functionName: name });
const response = new azure.HttpResponse(await options.handler(request, context));
console.log(
  JSON.stringify({
    http: Object.keys(registered.http),
    queues: Object.values(registered.storageQueue).map((queue) => queue.queueName),
    status: response.status,
    body: await response.text(),
  }),
);
