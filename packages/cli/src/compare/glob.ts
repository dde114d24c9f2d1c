/**
 * Config arguments with wildcards, for shells that pass them unexpanded (Windows, quoted
 * arguments): `*`, `?`, `[abc]` within a path segment and `**` for any depth. An argument
 * without wildcards is kept as given (a missing file is reported when it is read).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '@regime/core';

const WILD = /[*?[]/;

export function hasWildcards(arg: string): boolean {
  return WILD.test(arg);
}

/** Expands each argument in order; matches of one pattern are sorted; duplicates are dropped. */
export function expandConfigArgs(args: readonly string[], cwd = process.cwd()): string[] {
  const out: string[] = [];
  for (const arg of args) {
    const files = hasWildcards(arg) ? globFiles(arg, cwd) : [arg];
    if (!files.length) throw new InputError(`no file matches ${arg}`);
    for (const f of files) if (!out.includes(f)) out.push(f);
  }
  return out;
}

/** Files matching a pattern, as paths written like the pattern (relative stays relative). */
export function globFiles(pattern: string, cwd = process.cwd()): string[] {
  const normalized = pattern.replace(/\\/g, '/');
  const absolute = normalized.startsWith('/');
  const segments = normalized.split('/').filter((s, i) => s !== '' || i === 0);
  let prefixes: string[] = [absolute ? '/' : ''];
  const at = (p: string) => (p === '' ? cwd : absolute ? p : join(cwd, p));
  const joinSeg = (p: string, s: string) => (p === '' ? s : p.endsWith('/') ? p + s : `${p}/${s}`);
  const start = absolute ? 1 : 0;
  for (let i = start; i < segments.length; i++) {
    const seg = segments[i];
    const last = i === segments.length - 1;
    const next: string[] = [];
    if (seg === '**') {
      for (const p of prefixes) next.push(p, ...subdirectories(at(p), p, joinSeg));
    } else if (!hasWildcards(seg)) {
      for (const p of prefixes) next.push(joinSeg(p, seg));
    } else {
      const re = segmentRegExp(seg);
      for (const p of prefixes) {
        for (const name of listDir(at(p))) if (re.test(name) && (seg.startsWith('.') || !name.startsWith('.'))) next.push(joinSeg(p, name));
      }
    }
    prefixes = [...new Set(next)];
    if (last) prefixes = prefixes.filter((p) => isFile(at(p)));
  }
  return prefixes.sort();
}

function segmentRegExp(seg: string): RegExp {
  let re = '';
  for (let i = 0; i < seg.length; i++) {
    const c = seg[i];
    if (c === '*') re += '[^/]*';
    else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const close = seg.indexOf(']', i + 1);
      if (close < 0) re += '\\[';
      else {
        const body = seg.slice(i + 1, close).replace(/\\/g, '\\\\');
        re += `[${body.startsWith('!') ? '^' + body.slice(1) : body}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\\]]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function listDir(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

function subdirectories(dir: string, prefix: string, joinSeg: (p: string, s: string) => string): string[] {
  const out: string[] = [];
  for (const entry of safeEntries(dir)) {
    if (!entry.isDirectory() || entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const p = joinSeg(prefix, entry.name);
    out.push(p, ...subdirectories(join(dir, entry.name), p, joinSeg));
  }
  return out;
}

function safeEntries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
