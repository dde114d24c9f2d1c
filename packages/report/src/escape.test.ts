import { describe, expect, it } from 'vitest';
import { assertInlineScriptSafe, escapeHtml, jsonForScript } from './escape.js';

describe('escapeHtml', () => {
  it('escapes the five HTML-special characters', () => {
    expect(escapeHtml('<script>alert(1)</script>')).toBe('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(escapeHtml(`a & b "c" 'd'`)).toBe('a &amp; b &quot;c&quot; &#39;d&#39;');
  });

  it('escapes an ampersand once, so entities in the input stay visible as text', () => {
    expect(escapeHtml('&lt;')).toBe('&amp;lt;');
  });

  it('renders null and undefined as empty and numbers as text', () => {
    expect(escapeHtml(null)).toBe('');
    expect(escapeHtml(undefined)).toBe('');
    expect(escapeHtml(1.5)).toBe('1.5');
  });
});

describe('jsonForScript', () => {
  const hostile = {
    name: '</script><script>alert(1)</script>',
    comment: '<!-- x -->',
    amp: 'a & b > c',
    seps: 'line\u2028para\u2029end',
    nested: ['</SCRIPT>', { k: '<b>' }],
  };

  it('leaves no <, >, & or U+2028/2029 in the text', () => {
    const text = jsonForScript(hostile);
    expect(text).not.toMatch(/[<>&\u2028\u2029]/);
    expect(text).toContain('\\u003c/script\\u003e');
    expect(text).toContain('\\u2028');
    expect(text).toContain('\\u2029');
    expect(text).toContain('\\u0026');
  });

  it('parses back to exactly the input', () => {
    expect(JSON.parse(jsonForScript(hostile))).toEqual(hostile);
  });

  it('writes non-finite numbers as null', () => {
    expect(jsonForScript([1, NaN, Infinity, -Infinity])).toBe('[1,null,null,null]');
  });
});

describe('assertInlineScriptSafe', () => {
  it('refuses code that would end or alter a script element', () => {
    expect(() => assertInlineScriptSafe('var a = "</script>";', 'x')).toThrow(/cannot be inlined/);
    expect(() => assertInlineScriptSafe('var a = "<!--";', 'x')).toThrow(/cannot be inlined/);
    expect(assertInlineScriptSafe('var a = 1 < 2;', 'x')).toBe('var a = 1 < 2;');
  });
});
