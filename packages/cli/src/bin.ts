#!/usr/bin/env node
// Kept tiny: the bundle when fresh (bundleEntry.ts), and launch.ts decides what to load
// (commandTable.ts).
import { bundleEntry } from './bundleEntry.js';

const { launch } = (await import(bundleEntry(new URL('./bundle/', import.meta.url), './launch.js'))) as typeof import('./launch.js');
process.exitCode = await launch(process.argv.slice(2));
