// The original CatOps's plugin signature, `name(argv, params)`: argv with the command name
// first, params the parsed form with list values and a Python-style `get(key, default)`. How a
// bot asks for it; running such a function is compat-run.ts, loaded with the first that runs.

/** The value of `export const compat` (or the bot's `compat` option) that asks for it. */
export const COMPAT_V0 = "catops-v0";
export type CompatMode = typeof COMPAT_V0;

/** The form as the original read it (`parse_qs`): every value a list. */
export interface CompatParams {
  [field: string]: string[] | CompatParams["get"];
  /** Python's dict.get: the value when the key is there (even an empty list), else `fallback`. */
  get<T = null>(key: string, fallback?: T): string[] | T;
}

/** Whether a module or a bot asked for the original's signature; anything else is a mistake. */
export function isCompatMode(value: unknown, where: string): value is CompatMode {
  if (value === undefined) return false;
  if (value === COMPAT_V0) return true;
  throw new TypeError(`${where}: compat must be "${COMPAT_V0}" (got ${JSON.stringify(value)})`);
}
