// Preloaded with `node --require`: stands in for @azure/functions-core, the module the Azure
// Functions Node worker provides to @azure/functions inside the host. It records what the app
// registers (the v4 programming model's function metadata, as the host receives it) and prints
// it as JSON when the process exits.
const Module = require("node:module");

const registered = [];
const core = {
  registerFunction(metadata) {
    registered.push(metadata);
    return { dispose() {} };
  },
  setProgrammingModel(model) {
    core.programmingModel = { name: model.name, version: model.version };
  },
  getProgrammingModel: () => core.programmingModel,
  registerHook: () => ({ dispose() {} }),
  setAppContext() {},
};

const load = Module._load;
Module._load = function loadWithCore(request, ...rest) {
  if (request === "@azure/functions-core") return core;
  return load.call(this, request, ...rest);
};

process.on("exit", () => {
  process.stdout.write(
    `${JSON.stringify({ programmingModel: core.programmingModel, functions: registered })}\n`,
  );
});
