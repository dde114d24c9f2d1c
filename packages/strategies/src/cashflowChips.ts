import { defineStrategy } from './strategy.js';

/**
 * Thesis 3: AI capex drains spare capital; when capital is scarce and discount rates rise,
 * companies with earnings now (memory makers, chip baskets) beat long-duration speculation.
 */
export const cashflowChipsVsLongDuration = defineStrategy({
  name: 'cashflow-chips-vs-long-duration',
  summary: 'In scarce capital (rising real yields) long near-cash-flow chips (MU, WDC, SMH) against short ARKK',
  thesis:
    'When capital is scarce and the discount rate rises, assets with earnings now (memory makers, semiconductor baskets) beat long-duration speculative growth.',
  defaults: {
    chips: ['MU', 'WDC', 'SMH'] as string[],
    speculative: 'ARKK',
    long_weight: 1,
    short_weight: 0.5,
    window: 126,
    /** long_both: in abundant capital hold chips and the speculative basket; flat: hold cash */
    abundant: 'long_both',
  },
  choices: { abundant: ['long_both', 'flat'] },
  build: (p) => {
    const each = p.long_weight / p.chips.length;
    const longChips = Object.fromEntries(p.chips.map((c) => [c, each]));
    return {
      universe: [...p.chips, p.speculative],
      signals: {
        real_yields_rising: `change(DFII10, ${p.window}) > 0`,
        yields_rising: `change(DGS10, ${p.window}) > 0`,
      },
      regimes: { scarce: 'real_yields_rising or yields_rising', abundant: true },
      allocations: {
        scarce: { ...longChips, [p.speculative]: -p.short_weight },
        abundant: p.abundant === 'long_both' ? { ...Object.fromEntries(p.chips.map((c) => [c, each / 2])), [p.speculative]: 0.5 } : {},
      },
    };
  },
});
