import { createHash } from 'node:crypto';

/**
 * The Content-Security-Policy of every report: no network request of any kind
 * (default-src 'none'), and only the given inline scripts may run, pinned by their SHA-256 —
 * so even text that escaped escaping could not run as a script.
 */
export function contentSecurityPolicy(inlineScripts: readonly string[]): string {
  const hashes = inlineScripts.map((js) => `'sha256-${createHash('sha256').update(js, 'utf8').digest('base64')}'`);
  return ["default-src 'none'", `script-src ${hashes.join(' ')}`, "style-src 'unsafe-inline'", 'img-src data:', "base-uri 'none'", "form-action 'none'"].join('; ');
}
