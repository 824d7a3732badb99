// The static plugins module, as the generated one for bundled runtimes looks.
import * as conformance from "./conformance.ts";

export const plugins = [{ file: "conformance.ts", exports: conformance }];
