// Which configuration values are secrets, so logs, replies and audit records mask them. A setting
// is secret by its name (the whole value), and any value may hold a secret part: a URL's
// `user:pass@`, a token in its query, a connection string's key.

/** Names whose whole value is a secret. */
const SECRET_NAME =
  /SECRET|TOKEN|PASSWORD|PASSWD|KEY|CREDENTIAL|CONNECTION_?STRING|WEBHOOK(?:_URL)?$|_PAT$|^PAT$|_DSN$|^AzureWebJobsStorage$/i;

/** Connection string parts that are keys: `AccountKey=…;`, `SharedAccessSignature=…`. */
const SECRET_PART =
  /(?:^|;)\s*(?:AccountKey|SharedAccessKey|SharedAccessSignature|Password|Pwd|AccessKey|ApplicationKey)=([^;]+)/gi;

/** Query parameters that carry a credential: `?sig=…`, `?token=…`. */
const SECRET_QUERY =
  /^(?:sig|signature|token|access_token|key|api_key|apikey|password|secret|code)$/i;

/** The setting that names further secret settings: a list of names, not a secret. */
const LIST_SETTING = "CATOPS_SECRET_NAMES";

// Letters of both cases spelled out: a case-insensitive regex costs more to compile, once.
const URL_IN_TEXT = /\b[a-zA-Z][a-zA-Z0-9+.-]*:\/\/[^\s"'<>]+/g;

export interface SecretSettingsOptions {
  /**
   * Further setting names whose values are secrets: exact names, or with `*` for any run of
   * characters (`MY_*_DSN`). `CATOPS_SECRET_NAMES` (comma-separated) adds more the same way.
   */
  secretNames?: readonly string[];
}

/** Reads settings for secrets, by name and by value. */
export interface SecretSettings {
  /** Whether a setting's whole value is a secret, by its name. */
  isSecretName(name: string): boolean;
  /** The secret values (whole or parts) a set of settings holds. */
  valuesIn(settings: Record<string, unknown>): string[];
}

export function secretSettings(options: SecretSettingsOptions = {}): SecretSettings {
  const given = (options.secretNames ?? []).map(namePattern);
  const isSecretName = (name: string, extra: readonly RegExp[] = []) =>
    SECRET_NAME.test(name) || given.some((p) => p.test(name)) || extra.some((p) => p.test(name));
  return {
    isSecretName: (name) => isSecretName(name),
    valuesIn(settings) {
      const extra = namesFrom(settings[LIST_SETTING]).map(namePattern);
      const found: string[] = [];
      // A cold start reads every setting of the host environment: no pair or list is made for
      // a setting that holds no secret, which is most of them.
      for (const name of Object.keys(settings)) {
        const value = settings[name];
        if (typeof value !== "string" || value === "" || name === LIST_SETTING) continue;
        if (isSecretName(name, extra)) found.push(value);
        addSecretParts(value, found);
      }
      return found;
    },
  };
}

/** The secret parts of one value: URL credentials and keys, connection string keys. */
export function secretPartsOf(value: string): string[] {
  return addSecretParts(value, []);
}

function addSecretParts(value: string, parts: string[]): string[] {
  // Most settings hold neither: the cheap look first, since `matchAll` copies its regex each
  // call and a cold start reads every setting of the environment.
  if (value.includes("="))
    for (const [, key] of value.matchAll(SECRET_PART)) parts.push(key!.trim());
  if (value.includes("://"))
    for (const [url] of value.matchAll(URL_IN_TEXT)) parts.push(...urlSecrets(url));
  return parts;
}

function urlSecrets(text: string): string[] {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return [];
  }
  const parts: string[] = [];
  // The credential as written (still percent-encoded), whole first, then the password alone.
  const userinfo = /^[^:]+:\/\/([^@/?#]+)@/.exec(text)?.[1];
  if (userinfo) {
    parts.push(userinfo);
    const password = userinfo.slice(userinfo.indexOf(":") + 1);
    if (userinfo.includes(":") && password) parts.push(password, safeDecode(password));
  }
  // Reading `searchParams` builds Node's URLSearchParams the first time: only when there is a query.
  if (url.search)
    for (const [name, value] of url.searchParams)
      if (value && SECRET_QUERY.test(name)) parts.push(value, encodeURIComponent(value));
  return parts;
}

function namesFrom(value: unknown): string[] {
  if (typeof value !== "string") return [];
  return value
    .split(",")
    .map((name) => name.trim())
    .filter(Boolean);
}

function namePattern(name: string): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`, "i");
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
