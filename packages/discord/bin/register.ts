#!/usr/bin/env node
// catops-discord-register: registers the /catops command with Discord, from the environment.
import { runRegisterCommand } from "../src/register.js";

runRegisterCommand(process.env, (line) => console.log(line)).then((code) => {
  process.exitCode = code;
});
