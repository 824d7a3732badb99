// Two writers on one record of a shared store, tried again and again on SQLite and on DynamoDB
// (dynalite on loopback): an admin's `access revoke` typed as another admin's `access grant`
// lands, and `cancel` typed as the job ends. Each race runs with the store's compare-and-set and
// with it taken away (a plain read then write, as every store wrote before it), and counts the
// trials that lost a write and the conflicts compare-and-set retried.
// `pnpm --filter @catops/bench bench:races [--trials 20]`.
import { createCatOps, type Store, silentLogger } from "@catops/core";
import { jobsOf } from "@catops/core/testing";
import { benchDynamo, benchSqlite } from "./lib/stores.ts";

const arg = (name: string, fallback: string) => {
  const at = process.argv.indexOf(`--${name}`);
  return at > 0 ? process.argv[at + 1]! : fallback;
};
const TRIALS = Number(arg("trials", "20"));
const GROUPS_KEY = "access:groups";

/** The store as the bot sees it, counting the compare-and-set writes another writer beat. */
function asWritten(store: Store, compareAndSet: boolean) {
  const counted = { conflicts: 0 };
  if (!compareAndSet) {
    const { getVersioned: _read, setIfVersion: _write, ...plain } = store;
    return { store: plain as Store, counted };
  }
  const setIfVersion: NonNullable<Store["setIfVersion"]> = async (...args) => {
    const written = await store.setIfVersion!(...args);
    if (!written) counted.conflicts++;
    return written;
  };
  return { store: { ...store, setIfVersion } as Store, counted };
}

/**
 * `access revoke deployers UGONE` by one admin while another grants UNEW. Lost: the revoke was
 * answered as done but UGONE is still a member, or UNEW is not.
 */
async function revokeAgainstGrant(store: Store, trial: number): Promise<boolean> {
  const bot = createCatOps({ store, groups: { admins: ["UA", "UB"] }, logger: silentLogger });
  await store.set(GROUPS_KEY, { deployers: ["UGONE", "USTAYS"] });
  const say = (user: string, text: string) =>
    bot.dispatch({ command: text.split(" "), user: { id: user }, channel: { id: `C${trial}` } });
  const [revoked, granted] = await Promise.all([
    say("UA", "access revoke deployers UGONE"),
    say("UB", "access grant deployers UNEW"),
  ]);
  if (!revoked?.text?.includes("no longer in") || !granted?.text?.includes("now in"))
    throw new Error(`unexpected answers: ${revoked?.text} / ${granted?.text}`);
  const members = (await store.get<Record<string, string[]>>(GROUPS_KEY))?.deployers ?? [];
  return members.includes("UGONE") || !members.includes("UNEW");
}

/**
 * `cancel` typed by the job's owner while the job's own end is written. Lost: the record is not
 * `succeeded`, or the cancel was answered as taken and its request is not on the record.
 */
async function cancelAgainstEnd(store: Store, trial: number): Promise<boolean> {
  const bot = createCatOps({ store, logger: silentLogger });
  const jobs = jobsOf(bot);
  const id = `race${trial}x${Math.random().toString(36).slice(2, 8)}`;
  await jobs.create({ id, command: "deploy api", user: { id: "U1" }, connector: "slack" });
  await jobs.update(id, { state: "running", startedAt: Date.now() });
  const [answer] = await Promise.all([
    bot.dispatch({ command: ["cancel", id], user: { id: "U1" }, channel: { id: "C1" } }),
    jobs.update(id, { state: "succeeded", endedAt: Date.now(), result: "Deployed." }),
  ]);
  const job = await jobs.get(id);
  const cancelTaken = answer?.text?.startsWith("Cancelling") ?? false;
  return job?.state !== "succeeded" || (cancelTaken && !job.cancelRequested);
}

const races = {
  "revoke against grant": revokeAgainstGrant,
  "cancel against end": cancelAgainstEnd,
};

export interface RaceRow {
  store: string;
  race: string;
  writes: "compare-and-set" | "read then write";
  trials: number;
  lost: number;
  conflictsRetried: number;
}

export async function measureStoreRaces(): Promise<RaceRow[]> {
  const rows: RaceRow[] = [];
  for (const make of [benchSqlite, benchDynamo]) {
    const target = await make();
    try {
      for (const [race, run] of Object.entries(races)) {
        for (const compareAndSet of [false, true]) {
          const { store, counted } = asWritten(target.store, compareAndSet);
          let lost = 0;
          for (let trial = 0; trial < TRIALS; trial++) if (await run(store, trial)) lost++;
          const row: RaceRow = {
            store: target.name,
            race,
            writes: compareAndSet ? "compare-and-set" : "read then write",
            trials: TRIALS,
            lost,
            conflictsRetried: counted.conflicts,
          };
          console.log(JSON.stringify(row));
          rows.push(row);
        }
      }
    } finally {
      await target.stop();
    }
  }
  return rows;
}

if (import.meta.url === `file://${process.argv[1]}`) await measureStoreRaces();
