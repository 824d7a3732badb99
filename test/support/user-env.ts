// The environment of a user's shell for commands the suites run in projects outside the
// workspace: none of the test runner's variables, nor pnpm's (NODE_PATH and PATH entries into
// this repository's node_modules would let a project resolve packages it never installed).
export function userShellEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (/^(VITEST|npm_|pnpm_|NODE_PATH$|NODE_OPTIONS$|NODE_ENV$|TEST$|CI$|FORCE_COLOR$)/i.test(key))
      continue;
    env[key] = value;
  }
  const path = Object.keys(env).find((key) => key.toUpperCase() === "PATH");
  if (path)
    env[path] = env[path]!.split(process.platform === "win32" ? ";" : ":")
      .filter((dir) => !/node_modules[\\/]\.bin$/.test(dir))
      .join(process.platform === "win32" ? ";" : ":");
  return { ...env, NO_COLOR: "1", FORCE_COLOR: "0", ...extra };
}
