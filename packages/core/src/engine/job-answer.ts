// A command answered through a job: where the runtime cannot run work after the answer (no
// waitUntil: Lambda behind API Gateway), a command that is not deferred still must not make the
// chat wait past its deadline, and must run once. So it runs as a job in another invocation,
// and the request that started it waits for the job's answer until the deadline. Whoever
// claims the answer key first decides where the reply goes: the job (then the request answers
// with it) or the request at its deadline (then the job delivers the reply late).
import { after } from "./engine-base.js";
import type { Reply, Store } from "../types.js";

const answerKey = (jobId: string) => `job-answer:${jobId}`;
/** Long enough for any request deadline; the key only needs to outlive the race. */
const ANSWER_TTL_SECONDS = 15 * 60;

type Claim = { by: "job"; reply: Reply | null } | { by: "request" };

/**
 * The job's side: offers its reply to the waiting request. True when the request takes it (so
 * the job delivers nothing); false when the request gave up waiting and the job must deliver.
 */
export function offerAnswer(store: Store, jobId: string, reply: Reply | undefined) {
  const claim: Claim = { by: "job", reply: reply ?? null };
  return store.setIfAbsent(answerKey(jobId), claim, { ttlSeconds: ANSWER_TTL_SECONDS });
}

/** How often the request looks for the answer: soon at first, then every quarter second. */
const POLL_MS = [30, 50, 100, 150, 250];

/**
 * The request's side: waits for the job's answer until `deadline` (ms since the epoch). The
 * reply when the job answered in time (`null` for a command that answers nothing); undefined
 * when the deadline came first, in which case the job delivers its reply late.
 */
export async function awaitAnswer(
  store: Store,
  jobId: string,
  deadline: number,
  now: () => number,
): Promise<Reply | null | undefined> {
  const key = answerKey(jobId);
  for (let poll = 0; ; poll++) {
    const waitMs = Math.min(POLL_MS[Math.min(poll, POLL_MS.length - 1)]!, deadline - now());
    if (waitMs <= 0) break;
    await after(waitMs, undefined).promise;
    const claim = await store.get<Claim>(key);
    if (claim?.by === "job") return claim.reply;
  }
  const gaveUp: Claim = { by: "request" };
  if (await store.setIfAbsent(key, gaveUp, { ttlSeconds: ANSWER_TTL_SECONDS })) return undefined;
  // The job claimed it between the last look and now.
  const claim = await store.get<Claim>(key);
  return claim?.by === "job" ? claim.reply : undefined;
}
