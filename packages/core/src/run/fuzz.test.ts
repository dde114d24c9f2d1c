import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse, stringify } from 'yaml';
import { parseConfigText } from '../config/load.js';
import { InputError } from '../util/errors.js';
import { runBacktest } from './runBacktest.js';
import type { RunResult } from './result.js';
import { ASSETS, SERIES_NAMES, SPECIAL, buildSeries, caseArb, mutate, repair, store } from '../../../../test/fixtures/fuzzCases.js';

/**
 * Fuzzing the whole run (issue 8): random valid and invalid configs — keys, types and values
 * mutated; signals, rules and weights drawn from the expression grammar; random overlays —
 * over random small price tables (gaps, late starts, early ends, tiny and huge moves). Every
 * case either throws an InputError or returns a result whose invariants hold: no NaN or
 * Infinity anywhere in the document, equity finite and never below zero, target weights
 * within the caps when caps are the last overlay, shorts only where the config declares them,
 * regime bars adding up to the bar count, every series as long as the calendar. Any other
 * exception, or a case that takes too long, fails the test.
 */

const FUZZ_RUNS = Number(process.env.REGIME_FUZZ_RUNS ?? 10_000);
// ---------------------------------------------------------------- invariants

/** Every number in the document is finite; no undefined inside arrays. */
function assertFiniteJson(value: unknown, path: string): void {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new Error(`${path} is ${value}`);
    return;
  }
  if (value === undefined) throw new Error(`${path} is undefined`);
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) value.forEach((v, i) => assertFiniteJson(v, `${path}[${i}]`));
  else for (const [k, v] of Object.entries(value)) if (v !== undefined) assertFiniteJson(v, `${path}.${k}`);
}

const EPS = 1e-9;

/** Issue 14: what may never give a result (special names, a shadowing signal, percentages as fractions). */
function checkNothingSilent(text: string, config: any): void {
  expect(/(^|[\s{,])(__proto__|constructor|prototype)\s*:/m.test(text), 'a special name as a key').toBe(false);
  // As a symbol (free text such as name or description may say anything).
  for (const symbol of [...(config.universe ?? []), ...(config.numeraires ?? []), config.benchmark]) expect(SPECIAL, 'a special name as a symbol').not.toContain(symbol);
  const expressions = [...Object.values(config.signals ?? {}), ...Object.values(config.weights ?? {}), ...Object.values(config.allocations ?? {}).flatMap((b: any) => Object.values(b ?? {}))].filter(
    (e) => typeof e === 'string',
  ) as string[];
  for (const name of Object.keys(config.signals ?? {}))
    if (SERIES_NAMES.includes(name)) expect(expressions.some((e) => new RegExp(`\\b${name}\\b`).test(e)), `signal ${name} shadows a series that is read`).toBe(false);
  if (typeof config.cash?.rate === 'number') expect(Math.abs(config.cash.rate)).toBeLessThan(1);
  if (typeof config.rebalance?.band === 'number') expect(config.rebalance.band).toBeLessThanOrEqual(1);
  for (const o of config.overlays ?? []) if (typeof o?.vol_target?.target === 'number') expect(o.vol_target.target).toBeLessThanOrEqual(1);
  expect(config.capital ?? 100_000).toBeGreaterThanOrEqual(1);
}

function checkResult(result: RunResult, config: any): void {
  assertFiniteJson(result, 'result');
  const s = result.series;
  const n = s.dates.length;
  expect(n).toBeGreaterThanOrEqual(2);
  for (let t = 1; t < n; t++) expect(s.dates[t] > s.dates[t - 1], `dates ascending at ${t}`).toBe(true);
  // Equity: finite (checked above), never below zero, zero for good after ruin.
  for (const [name, curve] of Object.entries(s.equity)) {
    expect(curve, `equity ${name}`).toHaveLength(n);
    let ruined = false;
    for (let t = 0; t < n; t++) {
      expect(curve[t], `equity ${name}[${t}]`).toBeGreaterThanOrEqual(0);
      if (ruined) expect(curve[t], `equity ${name}[${t}] after ruin`).toBe(0);
      if (curve[t] === 0) ruined = true;
    }
  }
  for (const a of result.universe) {
    expect(s.weights[a]).toHaveLength(n);
    expect(s.targets[a]).toHaveLength(n);
  }
  // Metrics: every documented key is present, a finite number or an explicit null.
  for (const m of Object.values(result.metrics))
    for (const k of ['totalReturn', 'cagr', 'volatility', 'sharpe', 'sortino', 'maxDrawdown', 'calmar', 'var95', 'cvar95', 'skew', 'kurtosis'])
      expect(k in m && (m[k as keyof typeof m] === null || typeof m[k as keyof typeof m] === 'number'), `metric ${k}`).toBe(true);
  // Regimes: one label per bar, and the per-regime bar counts add up to the bar count.
  if (result.regimes) {
    expect(s.regime).toHaveLength(n);
    for (const label of s.regime!) expect(result.regimes.labels).toContain(label);
    for (const stats of Object.values(result.regimes.stats)) expect(stats.reduce((sum, r) => sum + r.bars, 0)).toBe(n);
  }
  // Attribution: the lines add up to final equity − capital (in USD, when the run shows it), to rounding of the lines' size.
  const lines = Object.values(result.attribution!.pnl);
  const scale = lines.reduce((a, v) => a + Math.abs(v), result.capital);
  if (s.equity.USD) expect(Math.abs(lines.reduce((a, v) => a + v, 0) - (s.equity.USD[n - 1] - result.capital)), 'P&L lines add up').toBeLessThanOrEqual(1e-9 * scale);
  // Caps as the last overlay bound every target weight; a volatility target bounds gross exposure.
  const last = config.overlays?.[config.overlays.length - 1];
  for (let t = 0; t < n; t++) {
    let gross = 0;
    let net = 0;
    for (const a of result.universe) {
      const w = s.targets[a][t];
      gross += Math.abs(w);
      net += w;
      if (last?.caps?.per_asset !== undefined) {
        const cap = typeof last.caps.per_asset === 'number' ? last.caps.per_asset : (last.caps.per_asset[a] ?? Infinity);
        expect(Math.abs(w), `target ${a}[${t}] within caps.per_asset`).toBeLessThanOrEqual(cap + EPS);
      }
    }
    if (last?.caps?.gross !== undefined) expect(gross, `gross[${t}] within caps.gross`).toBeLessThanOrEqual(last.caps.gross + EPS);
    if (last?.caps?.net !== undefined) expect(Math.abs(net), `net[${t}] within caps.net`).toBeLessThanOrEqual(last.caps.net + EPS);
    if (last?.vol_target) expect(gross, `gross[${t}] within max_leverage`).toBeLessThanOrEqual((last.vol_target.max_leverage ?? 1) * (1 + EPS) + EPS);
  }
  // Shorts only where declared: a negative weight written in the config, or an expression.
  const blocks: Record<string, unknown>[] = config.weights ? [config.weights] : Object.values(config.allocations ?? {});
  for (const a of result.universe) {
    const mayShort = blocks.some((b) => b && typeof b === 'object' && (typeof (b as any)[a] === 'string' || (b as any)[a] < 0));
    if (mayShort) continue;
    for (let t = 0; t < n; t++) {
      expect(s.targets[a][t], `target ${a}[${t}] not short`).toBeGreaterThanOrEqual(0);
      expect(s.weights[a][t], `weight ${a}[${t}] not short`).toBeGreaterThanOrEqual(0);
    }
  }
}

// ---------------------------------------------------------------- the property

describe('fuzzing configs and price tables', () => {
  it(`${FUZZ_RUNS} random cases: a clean InputError or a result whose invariants hold`, async () => {
    const outcomes = { ok: 0, inputError: 0 };
    const errorKinds = new Map<string, number>();
    let slowest = 0;
    const started = performance.now();
    await fc.assert(
      fc.asyncProperty(caseArb, async (c) => {
        const series = [
          ...c.data.assets.map((spec, i) => buildSeries(ASSETS[i], spec, 'price', 'daily')),
          buildSeries('G', c.data.gold, 'price', 'daily'),
          buildSeries('R', c.data.rate, 'rate', 'daily'),
          buildSeries('L', c.data.level, 'level', 'monthly'),
        ];
        const config: Record<string, unknown> = structuredClone({ ...c.common, ...c.strategy });
        if (c.repair) repair(config);
        for (const m of c.mutations) mutate(config, m);
        let text = stringify(config);
        if (c.damage) {
          const at = c.damage.at % (text.length + 1);
          text = text.slice(0, at) + c.damage.insert + text.slice(at + 1);
        }
        const t0 = performance.now();
        let result: RunResult;
        try {
          result = (await runBacktest(parseConfigText(text, 'fuzz.yaml'), { store: store(series), version: 'fuzz' })).result;
        } catch (e) {
          if (e instanceof InputError) {
            outcomes.inputError++;
            if (process.env.REGIME_FUZZ_DEBUG) {
              const key = e.message.replace(/^fuzz\.yaml:\d+:\d+: /, '').replace(/"[^"]*"/g, '"…"').replace(/[\d.e+-]{2,}/g, '#').slice(0, 70);
              errorKinds.set(key, (errorKinds.get(key) ?? 0) + 1);
            }
            expect(e.message.length).toBeGreaterThan(0);
            return;
          }
          throw new Error(`not an InputError for config:\n${text}\n${(e as Error)?.stack ?? e}`);
        } finally {
          slowest = Math.max(slowest, performance.now() - t0);
        }
        // The invariants are those of the config that ran: a damaged text (a digit dropped from a
        // number, say) is a different config, which parsed, so it is that text's.
        const ran = c.damage ? (parse(text) as Record<string, unknown>) : config;
        try {
          checkNothingSilent(text, ran);
          checkResult(result, ran);
        } catch (e) {
          throw new Error(`invariant broken for config:\n${text}\n${(e as Error).message}`);
        }
        outcomes.ok++;
      }),
      { numRuns: FUZZ_RUNS, seed: process.env.REGIME_FUZZ_SEED ? Number(process.env.REGIME_FUZZ_SEED) : undefined, endOnFailure: true },
    );
    const seconds = (performance.now() - started) / 1000;
    console.log(`fuzz: ${FUZZ_RUNS} cases in ${seconds.toFixed(1)} s: ${outcomes.ok} results, ${outcomes.inputError} input errors; slowest case ${slowest.toFixed(0)} ms`);
    if (process.env.REGIME_FUZZ_DEBUG) console.log([...errorKinds].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${v}\t${k}`).join('\n'));
    // Both kinds of outcome occur in volume, so the property is not vacuous.
    expect(outcomes.ok).toBeGreaterThan(FUZZ_RUNS * 0.15);
    expect(outcomes.inputError).toBeGreaterThan(FUZZ_RUNS * 0.15);
    // No case hangs: even the slowest is far from the test timeout.
    expect(slowest).toBeLessThan(5_000);
  }, 600_000);
});
