import { createHash } from 'node:crypto';
import { chartLibrary } from './assets.js';
import { assertInlineScriptSafe, escapeHtml as h, jsonForScript } from './escape.js';

/**
 * The shell every report shares: one self-contained HTML page with uPlot, the styles, the
 * chart data and the page's own script inlined. Its Content-Security-Policy is built from the
 * very scripts it embeds: no network request of any kind (default-src 'none'), and only
 * those inline scripts may run, pinned by SHA-256 — so even text that escaped escaping could
 * not run, and the policy can never disagree with the page.
 */
export interface ReportPage {
  title: string;
  toolVersion: string;
  css: string;
  body: string;
  /** The JSON the page's script reads from #regime-data. */
  payload: unknown;
  /** The page's own script, and a name for it in errors. */
  script: { js: string; name: string };
}

export function reportPage(page: ReportPage): string {
  const lib = chartLibrary();
  const clientJs = assertInlineScriptSafe(page.script.js, page.script.name);
  const csp = contentSecurityPolicy([lib.js, clientJs]);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${h(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="regime ${h(page.toolVersion)}">
<title>${h(page.title)}</title>
<link rel="icon" href="data:,">
<style>${lib.css}</style>
<style>${page.css}</style>
</head>
<body>
<div class="page">
${page.body}
</div>
<script type="application/json" id="regime-data">${jsonForScript(page.payload)}</script>
<script>${lib.js}</script>
<script>${clientJs}</script>
</body>
</html>
`;
}

function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map((js) => `'sha256-${createHash('sha256').update(js, 'utf8').digest('base64')}'`);
  return ["default-src 'none'", `script-src ${hashes.join(' ')}`, "style-src 'unsafe-inline'", 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');
}
