/** The chart library, read from the installed uplot package once and inlined into every report. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { assertInlineScriptSafe, assertInlineStyleSafe } from './escape.js';

export interface ChartLibrary {
  js: string;
  css: string;
  version: string;
}

let cached: ChartLibrary | undefined;

/** uPlot's minified IIFE build (defines the global `uPlot`) and its stylesheet. */
export function chartLibrary(): ChartLibrary {
  if (cached) return cached;
  const require = createRequire(import.meta.url);
  // uplot has no "exports" map, so its dist files resolve by path.
  const js = readFileSync(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
  const css = readFileSync(require.resolve('uplot/dist/uPlot.min.css'), 'utf8');
  const pkg = JSON.parse(readFileSync(require.resolve('uplot/package.json'), 'utf8')) as { version: string };
  cached = {
    js: assertInlineScriptSafe(js.trim(), 'uPlot'),
    css: assertInlineStyleSafe(css.trim(), 'uPlot CSS'),
    version: pkg.version,
  };
  return cached;
}
