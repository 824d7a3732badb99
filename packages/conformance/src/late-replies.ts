// What a row reads back about a job's late reply: the same question asked again until the
// answer has caught up with the background, and the `history` line of a reply that was lost.
import { expect } from "vitest";

/** Asks again, every 50 ms for at most 10 s, until the answer matches `pattern`; the last answer. */
export async function askUntil(ask: () => Promise<string>, pattern: RegExp): Promise<string> {
  const until = Date.now() + 10_000;
  for (;;) {
    const answer = await ask();
    if (pattern.test(answer) || Date.now() > until) return answer;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Checks, through the platform's own commands, that job `id` of `line` recorded its lost reply:
 * `jobs <id>` shows the failure beside the result, `history` lists the run as `undelivered`.
 */
export async function expectUndelivered(
  ask: (text: string) => Promise<string>,
  line: string,
  id: string,
  result: string,
): Promise<void> {
  const shown = await askUntil(() => ask(`jobs ${id}`), /not delivered/);
  expect(shown).toContain(`${result} (reply not delivered: `);
  const entry = new RegExp(`undelivered: \`${line}\`.*\\(job \`${id}\`\\)`);
  expect(await askUntil(() => ask(`history --command ${line.split(" ")[0]}`), entry)).toMatch(
    entry,
  );
}
