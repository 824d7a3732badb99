// Load from a process of its own, so the server under test keeps its core: autocannon against
// one URL with one signed slash command. Usage: node autocannon-child.mjs <json options>
import autocannon from "autocannon";

const options = JSON.parse(process.argv[2]);
const result = await autocannon({ ...options, setupClient: undefined });
process.stdout.write(
  `\n@@bench-result ${JSON.stringify({
    requests: result.requests,
    latency: result.latency,
    errors: result.errors,
    timeouts: result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
    duration: result.duration,
  })}\n`,
  () => process.exit(0),
);
