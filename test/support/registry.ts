// The suites that install from the npm registry (test/init, test/packaging): when an install
// fails, they say whether the registry was the cause rather than leave a long npm log to read.
const REGISTRY = "https://registry.npmjs.org/";

/** Why the registry cannot serve an install, or undefined when it answers. */
export async function registryProblem(): Promise<string | undefined> {
  try {
    const response = await fetch(`${REGISTRY}-/ping`, { signal: AbortSignal.timeout(10_000) });
    if (response.ok) return undefined;
    return `the npm registry answered ${response.status}`;
  } catch (error) {
    return `the npm registry (${REGISTRY}) is unreachable: ${(error as Error).message}; this suite installs third-party packages from it`;
  }
}
