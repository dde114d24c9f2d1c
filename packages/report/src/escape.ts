/**
 * Escaping for everything that goes into the report page. Every string that comes from a
 * config or a data file (names, descriptions, symbols, regime labels, warnings, the config
 * text) passes through one of these before it reaches the HTML.
 */

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Escapes text for HTML element content and for quoted attribute values. */
export function escapeHtml(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]);
}

/**
 * JSON that is safe inside an inline `<script>` element: `<`, `>` and `&` become `\u003c`,
 * `\u003e`, `\u0026` (so neither `</script>` nor `<!--` can end or change the script), and
 * U+2028/U+2029 are escaped too (they are line terminators in older JavaScript). The output
 * still parses (JSON.parse) to exactly the input value. NaN and ±Infinity become null, as
 * JSON.stringify does.
 */
export function jsonForScript(value: unknown): string {
  const json = JSON.stringify(value) ?? 'null';
  return json.replace(/[<>&\u2028\u2029]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

/**
 * Guards a trusted script (the inlined chart library, the page's own code) before it goes
 * into a `<script>` element: it must not contain `</script` or `<!--`, which would end or
 * alter the element. Throws instead of silently producing a broken page.
 */
export function assertInlineScriptSafe(source: string, what: string): string {
  if (/<\/script|<!--/i.test(source)) throw new Error(`${what} cannot be inlined in a <script> element: it contains "</script" or "<!--"`);
  return source;
}

/** Same for an inline `<style>` element. */
export function assertInlineStyleSafe(source: string, what: string): string {
  if (/<\/style/i.test(source)) throw new Error(`${what} cannot be inlined in a <style> element: it contains "</style"`);
  return source;
}
