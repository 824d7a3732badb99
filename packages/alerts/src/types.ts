// The one alert shape every source is parsed into.

export type AlertState = "firing" | "resolved";

export type AlertSeverity = "critical" | "error" | "warning" | "info";

export interface Alert {
  /** The parser that read it: 'cloudwatch', 'uptimerobot', 'azure-monitor', 'gcp-monitoring', 'generic', 'sns'. */
  source: string;
  /** The alarm, rule, policy or monitor name. */
  name: string;
  state: AlertState;
  severity: AlertSeverity;
  /** One or two sentences: why it fired or resolved. */
  summary?: string;
  /** Extra facts worth showing (metric, threshold, account), already as text. */
  details: Record<string, string>;
  /** Where: the instance, monitor URL, resource or dimensions it is about. */
  resource?: string;
  /** A page with more (console, dashboard, incident). Always http(s). */
  link?: string;
  /** When it entered this state, ISO 8601. */
  time?: string;
  /**
   * How long the incident lasted, in ms, when the source says so (a resolved alert): shown in
   * place of the time CatOps saw between the firing and the resolution, so a card never shows
   * two durations that disagree.
   */
  lastedMs?: number;
  /** Stable across firing and resolved of the same alert: what dedupe and threads key on. */
  key: string;
  /** The payload it came from. */
  raw: unknown;
}

/** Turns one source's payload into alerts; throws AlertParseError with a reason when it cannot. */
export type AlertParser = (payload: unknown) => Alert[];

/** A payload that is not an alert this source understands. The message is safe to show. */
export class AlertParseError extends Error {
  override name = "AlertParseError";
}
