// Prints the plain closing line `N passed, M failed` from vitest's own JSON report.
import { existsSync, readFileSync } from "node:fs";

const file = process.argv[2] ?? ".vitest-report.json";
if (!existsSync(file)) {
  console.log("0 passed, 1 failed");
  console.error(`no test report at ${file}: the test run did not finish`);
  process.exit(1);
}
const report = JSON.parse(readFileSync(file, "utf8"));
const failed =
  report.numFailedTests + (report.numFailedTestSuites ?? 0) - countSuitesWithFailedTests(report);
const skipped = report.numPendingTests + (report.numTodoTests ?? 0);
console.log(
  `${report.numPassedTests} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`,
);
process.exit(failed > 0 || !report.success ? 1 : 0);

// A suite that failed only because a test in it failed is counted once, as that test.
function countSuitesWithFailedTests(r) {
  return (r.testResults ?? []).filter(
    (s) => s.status === "failed" && s.assertionResults?.some((a) => a.status === "failed"),
  ).length;
}
