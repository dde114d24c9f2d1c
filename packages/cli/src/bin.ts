#!/usr/bin/env node
import { escapeTerminalOutput } from '@regime/core';
import { main } from './program.js';

// Control characters from configs and data never reach the terminal raw.
escapeTerminalOutput(process.stdout);
escapeTerminalOutput(process.stderr);
process.exitCode = await main(process.argv.slice(2));
