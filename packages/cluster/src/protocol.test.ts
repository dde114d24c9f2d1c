import { describe, expect, it } from 'vitest';
import type { TrialSummary } from '@regime/core';
import { decodeSummaries, encodeSummaries, studyQueueName } from './protocol.js';
import { batchSize } from './study.js';
import { parseQueueUrl } from './url.js';
import { fingerprintMismatch } from './batch.js';

describe('summaries through Redis', () => {
  /** What the submitting side gets: BullMQ stores the result as JSON and parses it. */
  const trip = (trials: TrialSummary[]) => decodeSummaries(JSON.parse(JSON.stringify(encodeSummaries(trials))));

  it('come back exactly, NaN, ±Infinity and -0 included (JSON alone would turn them into null and 0)', () => {
    const t: TrialSummary = {
      index: 7,
      params: { 'params.n': 20, 'signals.up': 'SPY > 1' },
      period: { start: '2006-01-03', end: '2025-12-31' },
      metrics: { USD: { totalReturn: 0.1 + 0.2, cagr: null, volatility: 1e-300, sharpe: -0.5, sortino: null, maxDrawdown: -0, calmar: null, turnover: 5e-324 } },
      monthly: { start: '2006-01', returns: { USD: [NaN, Infinity, -Infinity, -0, 0.30000000000000004] }, riskFree: [0.004] },
      warnings: ['a "quoted" warning'],
    };
    const back = trip([t])[0];
    expect(back).toEqual(t);
    const r = back.monthly.returns.USD;
    expect(Number.isNaN(r[0])).toBe(true);
    expect(r[1]).toBe(Infinity);
    expect(r[2]).toBe(-Infinity);
    expect(Object.is(r[3], -0)).toBe(true);
    expect(Object.is(back.metrics.USD.maxDrawdown, -0)).toBe(true);
    expect(r[4]).toBe(0.1 + 0.2);
    expect(back.metrics.USD.turnover).toBe(5e-324);
  });

  it('pack the monthly returns as doubles and leave the rest as it is; other numbers JSON cannot carry are tagged', () => {
    const plain: TrialSummary = {
      index: 0,
      params: { 'params.n': 5 },
      period: { start: '2006-01-03', end: '2006-12-29' },
      metrics: { USD: { totalReturn: 0.25, cagr: 0.25, volatility: 0.1, sharpe: 2.5, sortino: null, maxDrawdown: -0.05, calmar: 5, turnover: 1 } },
      monthly: { start: '2006-01', returns: { USD: [1, -2] }, riskFree: [0.5] },
      warnings: [],
    };
    const result = encodeSummaries([plain]);
    // 1 = 0x3FF0000000000000 and -2 = 0xC000000000000000, little-endian: 8 bytes each, base64.
    const one = Buffer.from([0, 0, 0, 0, 0, 0, 0xf0, 0x3f]);
    const minusTwo = Buffer.from([0, 0, 0, 0, 0, 0, 0, 0xc0]);
    expect(result.tagged).toBe(false);
    expect(result.trials[0]).toMatchObject({ metrics: plain.metrics, monthly: { returns: { USD: Buffer.concat([one, minusTwo]).toString('base64') } } });
    expect(trip([plain])).toEqual([plain]);
    const odd = encodeSummaries([{ ...plain, metrics: { USD: { ...plain.metrics.USD, maxDrawdown: -0 } } }]);
    expect(odd.tagged).toBe(true);
    expect(JSON.stringify(odd)).toContain('"maxDrawdown":{"~n":"-0"}');
    expect(Object.is(decodeSummaries(JSON.parse(JSON.stringify(odd)))[0].metrics.USD.maxDrawdown, -0)).toBe(true);
    // Two trials with the same cash returns carry them once; each gets its own array back.
    const two = JSON.stringify(encodeSummaries([plain, { ...plain, index: 1 }]));
    expect(two.split(Buffer.from(new Float64Array([0.5]).buffer).toString('base64')).length).toBe(2);
    expect(two).toContain('"riskFree":0}');
    const back = trip([plain, { ...plain, index: 1 }]);
    expect(back).toEqual([plain, { ...plain, index: 1 }]);
    expect(back[1].monthly.riskFree).not.toBe(back[0].monthly.riskFree);
    expect(() => decodeSummaries({ x: 1 } as never)).toThrow(/unknown form .* same version of regime/);
  });

  it('a study gets its own queue name every time, with no ":" (BullMQ keys use it)', () => {
    const spec = { file: 'a.yaml', text: 'x', grid: [] };
    const a = studyQueueName(spec);
    const b = studyQueueName(spec);
    expect(a).toMatch(/^regime-study-[0-9a-f]{10}-[0-9a-f]{8}$/);
    expect(a).not.toBe(b);
    // The same spec shares the hash part, so a queue can be told to belong to a config.
    expect(a.slice(0, 23)).toBe(b.slice(0, 23));
  });
});

describe('batch size', () => {
  it('is 250 trials for large studies and 1/16 of a small one (rounded up), at least 1', () => {
    expect(batchSize(20_000)).toBe(250);
    expect(batchSize(4000)).toBe(250);
    expect(batchSize(162)).toBe(11); // ⌈162 / 16⌉
    expect(batchSize(3)).toBe(1);
    expect(batchSize(20_000, 60)).toBe(60);
  });
});

describe('--queue', () => {
  it('reads redis://HOST:PORT, a database number and a password', () => {
    expect(parseQueueUrl('redis://10.0.0.5:6380')).toMatchObject({ host: '10.0.0.5', port: 6380, db: 0, tls: false, shown: 'redis://10.0.0.5:6380' });
    expect(parseQueueUrl('redis://box')).toMatchObject({ host: 'box', port: 6379 });
    const withPass = parseQueueUrl('rediss://:s3cret@box:7000/2');
    expect(withPass).toMatchObject({ host: 'box', port: 7000, db: 2, password: 's3cret', tls: true });
    // The password never reaches a message.
    expect(withPass.shown).toBe('rediss://box:7000/2');
  });

  it('refuses what is not a Redis address, saying what it expected', () => {
    expect(() => parseQueueUrl('127.0.0.1:6379')).toThrow(/--queue: expected a Redis address like redis:\/\/HOST:PORT; found "127.0.0.1:6379"/);
    expect(() => parseQueueUrl('http://box:6379')).toThrow(/scheme "http"/);
    expect(() => parseQueueUrl('redis://box:6379/x')).toThrow(/database number .* found "x"/);
  });
});

describe('data fingerprints', () => {
  const ours = { 'daily/GLD.csv': 'a'.repeat(64), 'daily/SPY.csv': 'b'.repeat(64) };
  it('agree when every file has the same SHA-256', () => {
    expect(fingerprintMismatch(ours, { ...ours }, '/data')).toBeUndefined();
  });
  it('name the file and both fingerprints when one differs', () => {
    const m = fingerprintMismatch(ours, { ...ours, 'daily/SPY.csv': 'c'.repeat(64) }, '/data')!;
    expect(m).toMatch(/^data file daily\/SPY\.csv differs on worker .* \(data directory \/data\): the study's sha256 is b{64}, this worker's is c{64}\./);
  });
  it('name the file when it is missing, or read only by the worker', () => {
    expect(fingerprintMismatch(ours, { 'daily/SPY.csv': 'b'.repeat(64) }, '/data')).toMatch(/^data file daily\/GLD\.csv is missing on worker .* the study's sha256 is a{64}/);
    expect(fingerprintMismatch(ours, { ...ours, 'daily/BTC.csv': 'd'.repeat(64) }, '/data')).toMatch(/^data file daily\/BTC\.csv is read on worker/);
  });
});
