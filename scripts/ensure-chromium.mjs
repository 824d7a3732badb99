// The playground's browser test drives headless Chromium from Debian's package. Install it
// when it is missing and we may (root, apt available); otherwise say what to install.
import { execSync } from "node:child_process";
import { existsSync } from "node:fs";

const CHROMIUM = process.env.CATOPS_CHROMIUM ?? "/usr/bin/chromium";
if (!existsSync(CHROMIUM)) {
  const root = process.getuid?.() === 0;
  if (root && existsSync("/usr/bin/apt-get")) {
    console.log("Installing Chromium for the browser tests (apt-get install chromium)…");
    execSync(
      "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null",
      { stdio: "inherit" },
    );
  } else {
    console.error(
      `Chromium not found at ${CHROMIUM}. Install Debian's 'chromium' package (or set CATOPS_CHROMIUM).`,
    );
    process.exit(1);
  }
}
