#!/usr/bin/env node
// Kept tiny: launch.ts decides what to load (see commandTable.ts).
import { launch } from './launch.js';

process.exitCode = await launch(process.argv.slice(2));
