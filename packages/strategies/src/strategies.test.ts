import { describe, expect, it } from 'vitest';
import { parseConfigText } from '@regime/core';
import { validateConfig } from '@regime/core/internal';
import { STRATEGIES, expandStrategy, findStrategy } from './registry.js';
import { starterYaml } from './starter.js';

const expand = (yaml: string) => {
  const source = parseConfigText(yaml, 's.yaml');
  return expandStrategy(source.config, source);
};
const head = 'name: t\nperiod: { start: 2010-01-01 }\n';

describe('named strategies', () => {
  it('expand into the blocks a hand-written config would have', () => {
    const c = expand(head + 'strategy: { use: hard-assets-vs-duration, params: { gate: debasement, silver_weight: 0 } }\n');
    expect(c.universe).toEqual(['GLD', 'DBC', 'TLT']);
    expect(c.signals).toEqual({ debasement: 'yoy(M2SL) > DGS10 / 100' });
    expect(c.regimes).toEqual({ debasement: 'debasement', sound_money: true });
    expect(c.allocations).toEqual({ debasement: { GLD: 0.5, DBC: 0.3, TLT: -0.5 }, sound_money: {} });
  });

  it('blocks written in the YAML win over the strategy\'s', () => {
    const c = expand(head + 'universe: [SPY, TLT]\nstrategy: { use: sixty-forty, params: { bonds: TLT } }\n');
    expect(c.universe).toEqual(['SPY', 'TLT']);
    expect(c.weights).toEqual({ SPY: 0.6, TLT: 0.4 });
  });

  it('the scaled crypto variant sizes by the liquidity score in every regime', () => {
    const c = expand(head + 'strategy: { use: crypto-liquidity-beta, params: { mode: scaled, eth_share: 0.3 } }\n');
    expect(c.allocations!.liquid).toEqual({ 'BTC-USD': '0.7 * liquidity_score / 4', 'ETH-USD': '0.3 * liquidity_score / 4' });
    expect(c.allocations!.tight).toEqual(c.allocations!.liquid);
  });

  it('refuses unknown strategies and parameters, wrong types and unknown choices, at their line', () => {
    const err = (yaml: string) => {
      try {
        expand(head + yaml);
      } catch (e) {
        return (e as Error).message;
      }
      return '';
    };
    expect(err('strategy: { use: hard-assets }\n')).toMatch(/s\.yaml:3:\d+: unknown strategy "hard-assets"/);
    expect(err('strategy:\n  use: gold-only\n  params: { asset: GLD, aset: IAU }\n')).toMatch(/s\.yaml:5:\d+: strategy gold-only has no parameter "aset" \(did you mean "asset"\?\)/);
    expect(err('strategy: { use: sixty-forty, params: { stock_weight: "0.6" } }\n')).toContain('strategy parameter stock_weight: expected number, found string');
    expect(err('strategy: { use: hard-assets-vs-duration, params: { gate: debasment } }\n')).toContain(
      'strategy parameter gate: expected one of always, debasement, ratio_trend, found "debasment" (did you mean "debasement"?)',
    );
  });

  it('every strategy\'s starter YAML parses and validates as it stands', () => {
    for (const s of STRATEGIES) {
      const text = starterYaml(s, { end: '2026-06-30', schema: '../schema/regime.schema.json' });
      expect(text.startsWith(`# yaml-language-server: $schema=../schema/regime.schema.json\n# ${s.name}: `)).toBe(true);
      expect(text).toContain('end: 2026-06-30');
      expect(starterYaml(s)).not.toMatch(/end:/);
      const source = parseConfigText(text, `${s.name}.yaml`);
      expect(() => validateConfig(source, expandStrategy(source.config, source))).not.toThrow();
    }
    expect(findStrategy('gold-only')?.defaults).toEqual({ asset: 'GLD' });
  });
});
