#!/usr/bin/env node
// The `catops` bin. A committed file, so package managers link it at install time even in a
// checkout where dist/ is built afterwards.
import "../dist/cli.js";
