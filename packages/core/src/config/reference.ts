/**
 * What each config key means, in words: description, unit and an example, by key path
 * (`overlays[].vol_target.target`, `signals.<name>`). The JSON Schema and docs/config.md are
 * generated from the zod schema, and these words are laid over it: a key the schema has and
 * this table does not still appears (with its type and default), and a description given in
 * the zod schema itself (`.meta({ description })` or `.describe()`) wins over this table.
 */
export interface KeyNote {
  description: string;
  unit?: string;
  example?: unknown;
}

export const KEY_NOTES: Record<string, KeyNote> = {
  name: { description: 'The strategy\'s name, shown in the terminal, the result and the report.', example: 'Hard assets vs duration' },
  description: { description: 'One or two sentences: the thesis. Shown under the name in the report.', example: 'Long gold and commodities, short long Treasuries.' },
  period: { description: 'The dates to run. Indicators warm up on the history before `start`; the run is clipped to the data, with a warning.', example: { start: '2006-05-01', end: '2026-06-30' } },
  'period.start': { description: 'First day of the run (the first trading day on or after it).', unit: 'date YYYY-MM-DD', example: '2006-05-01' },
  'period.end': { description: 'Last day of the run; default: the end of the data. A date after the data is clipped, with a warning.', unit: 'date YYYY-MM-DD', example: '2026-06-30' },
  frequency: { description: '`daily`: every trading day of the universe; `monthly`: each month\'s last trading day (month-end bars).', example: 'monthly' },
  universe: {
    description:
      'The assets that may be held: prices (ETFs, stocks, crypto) or price indices (`GSPC`, `SPX`: held as a proxy, with a warning that they are not investable and exclude dividends). A monthly series (`SPX`, `GOLD`: one value per month, dated the 1st) only in a `frequency: monthly` run: a daily run refuses it (use `GSPC`, `SPY`, `XAUUSD`). Rates and levels (yields, M2, VIX) are refused here: use them in signals. Aliases from the catalog work (`BTC` for `BTC-USD`, `gold` for `XAUUSD`). Optional only when `strategy:` gives it.',
    unit: 'symbols',
    example: ['GLD', 'DBC', 'TLT', 'SPY'],
  },
  benchmark: { description: 'A price series to compare with (beta, correlation, alpha; drawn beside the equity curve). Default: none.', unit: 'symbol', example: 'SPY' },
  numeraires: {
    description: 'The yardsticks results are measured in: `USD`, `gold` (XAUUSD), `M2` (M2SL), `CPI` (CPIAUCSL, real dollars), `BTC` (BTC-USD) or any price or level symbol. Gold is always worth reading: it is the essays\' yardstick.',
    unit: 'symbols',
    example: ['USD', 'gold', 'M2'],
  },
  capital: { description: 'The starting equity.', unit: 'USD', example: 100000 },
  cash: { description: 'What cash earns (and what shorts\' collateral and borrowed cash are charged from). Default: none — cash earns 0 %, and the run says so.', example: { series: 'IRX' } },
  'cash.series': { description: 'A rate series in percent (TB3MS, DTB3, IRX), read with its publication lag, act/365.', unit: 'symbol of a rate in percent', example: 'IRX' },
  'cash.rate': { description: 'A fixed yearly rate instead of a series. 0.02 is 2 %; 2 would be 200 % and is refused as a likely unit mistake.', unit: 'fraction per year', example: 0.02 },
  data: { description: 'How data is read for this run.' },
  'data.max_gap_days': { description: 'Warn when a price is carried forward across more than this many calendar days. Default 10 on daily runs, 45 on monthly ones.', unit: 'calendar days', example: 10 },
  'data.lags': { description: 'Publication lags that override the catalog, per symbol: `0`, `Nd` (days), `Nw` (weeks), `NM` (months, counted from the end of the observed month).', unit: 'lag text', example: { M2SL: '1M', DGS10: '1d' } },
  'data.lags.<symbol>': { description: 'The lag of one symbol.', unit: 'lag text', example: '1M' },
  weights: { description: 'A static allocation, instead of `regimes:` with `allocations:`. Positive long, negative short; what is left is cash.', unit: 'fraction of equity', example: { SPY: 0.6, IEF: 0.4 } },
  'weights.<symbol>': {
    description: 'The weight of one asset: a number between −10 and 10 (`60` is refused as a percentage), or an expression evaluated every bar (undefined bars hold cash, with a warning).',
    unit: 'fraction of equity',
    example: 0.6,
  },
  signals: { description: 'Named series computed from the data by expressions (see the expression language: packages/core/src/signals/LANGUAGE.md). Rules, weights and other signals read them by name.', example: { yields_rising: 'change(DGS10, months(6)) > 0' } },
  'signals.<name>': { description: 'One signal: an expression (mathjs syntax, sandboxed), a number or true/false. Windows in bars (`sma(SPY, 200)`) or calendar time (`sma(SPY, months(10))`, `yoy(M2SL)`).', example: 'yoy(M2SL) > DGS10 / 100' },
  regimes: {
    description: 'Ordered rules, first that holds wins; the last must be `true` (or give `default`). Either a plain mapping of regime name to rule, or the extended form with `rules:` and hysteresis.',
    example: { scarcity: 'yields_rising and debasement', abundance: true },
  },
  'regimes.<name>': { description: 'A regime and its rule: an expression over signals and series, or true.', example: 'yields_rising' },
  'regimes.rules': { description: 'The rules, in order (extended form).', example: { risk_on: 'SPY > sma(SPY, 200)', risk_off: true } },
  'regimes.rules.<name>': { description: 'A regime and its rule.', example: 'SPY > sma(SPY, 200)' },
  'regimes.confirm': { description: 'A new regime must hold this many consecutive bars before the switch is taken.', unit: 'bars', example: 3 },
  'regimes.min_duration': { description: 'Once entered, a regime is kept at least this many bars.', unit: 'bars', example: 10 },
  'regimes.default': { description: 'The regime when no rule holds, and at the start while the rules are undefined.', example: 'risk_off' },
  allocations: { description: 'Target weights per regime (every regime needs one). Positive long, negative short; the rest is cash.', unit: 'fraction of equity', example: { scarcity: { GLD: 0.6, DBC: 0.4, TLT: -0.5 }, abundance: { GLD: 0.4, SPY: 0.6 } } },
  'allocations.<name>': { description: 'The weights held in one regime.', unit: 'fraction of equity', example: { GLD: 0.6, TLT: -0.5 } },
  'allocations.<name>.<symbol>': { description: 'One asset\'s weight in that regime: a number or an expression.', unit: 'fraction of equity', example: 0.6 },
  periods: { description: 'Date ranges for attribution only (they never change a trade): the report shows the return, volatility and drawdown inside each.', example: { gold_bull: { start: '2002-07-01', end: '2011-08-31' } } },
  'periods.<name>': { description: 'One date range.', example: { start: '2022-01-01' } },
  'periods.<name>.start': { description: 'First day of the range.', unit: 'date YYYY-MM-DD', example: '2002-07-01' },
  'periods.<name>.end': { description: 'Last day of the range; default: the end of the run.', unit: 'date YYYY-MM-DD', example: '2011-08-31' },
  overlays: { description: 'Rules applied in order after the allocation: a volatility target, a trend filter, caps.', example: [{ vol_target: { target: 0.12, lookback: 63, max_leverage: 1.5 } }] },
  'overlays[].vol_target': { description: 'Scales each bar\'s weights so their ex-ante volatility (today\'s weights over the last `lookback` returns) is `target`, never above `max_leverage` gross.' },
  'overlays[].vol_target.target': { description: 'The yearly volatility to aim for.', unit: 'fraction per year (0.12 = 12 %)', example: 0.12 },
  'overlays[].vol_target.lookback': { description: 'How many one-bar returns the volatility is measured over.', unit: 'bars', example: 63 },
  'overlays[].vol_target.max_leverage': { description: 'The largest gross exposure the scaling may reach.', unit: 'multiple of equity', example: 1.5 },
  'overlays[].trend_filter': { description: 'Holds a long position only while its price is above its `lookback`-bar average; otherwise its weight goes to cash or to `to`.' },
  'overlays[].trend_filter.lookback': { description: 'The moving average\'s length.', unit: 'bars', example: 200 },
  'overlays[].trend_filter.assets': { description: 'Which assets it applies to; default: every long position.', unit: 'symbols', example: ['SPY'] },
  'overlays[].trend_filter.to': { description: 'Where a filtered weight goes: `cash`, or an asset of the universe (to cash when that asset is below its own trend).', example: 'IEF' },
  'overlays[].caps': { description: 'Clips each |weight| to `per_asset`, then scales the whole row down to the `gross` and `net` limits.' },
  'overlays[].caps.per_asset': { description: 'The largest |weight| of any asset, or a mapping per asset.', unit: 'fraction of equity', example: 0.6 },
  'overlays[].caps.per_asset.<symbol>': { description: 'The cap of one asset.', unit: 'fraction of equity', example: 0.3 },
  'overlays[].caps.gross': { description: 'The largest Σ|weights|.', unit: 'multiple of equity', example: 1.5 },
  'overlays[].caps.net': { description: 'The largest |Σ weights|.', unit: 'multiple of equity', example: 1 },
  missing: { description: 'Assets that start after the period (BTC before 2014): `cash` keeps their weight in cash until they have a price; `redistribute` re-spreads it over the other assets of the same side.', example: 'redistribute' },
  rebalance: { description: 'When the book is traded back to its targets.', example: { every: 'monthly', band: 0.05, on_regime_change: true } },
  'rebalance.every': {
    description:
      'The schedule, decided on the last bar of each week/month/quarter/year. `never`: trade only at the start (and on regime changes or band breaches if those are on) — buy and hold, weights drift with prices.',
    example: 'never',
  },
  'rebalance.band': { description: 'Also rebalance when any weight is further than this from its target (absolute).', unit: 'fraction of equity', example: 0.05 },
  'rebalance.band_relative': { description: 'Also rebalance when any weight is further than this fraction of its target.', unit: 'fraction of the target', example: 0.25 },
  'rebalance.on_regime_change': { description: 'Trade to the new regime\'s weights on the bar it changes.', example: true },
  costs: { description: 'Trading and carrying costs. Default: none — all zero, and the run says so.', example: { commission_bps: 2, slippage_bps: 3, borrow_bps: 50 } },
  'costs.commission_bps': { description: 'Commission on traded notional.', unit: 'basis points of traded notional', example: 2 },
  'costs.slippage_bps': { description: 'Slippage on traded notional.', unit: 'basis points of traded notional', example: 3 },
  'costs.borrow_bps': { description: 'Yearly fee on the notional of short positions, accrued daily (act/365).', unit: 'basis points per year', example: 50 },
  'costs.financing_spread_bps': { description: 'Spread over the cash rate paid on borrowed cash (longs above equity plus short proceeds).', unit: 'basis points per year', example: 100 },
  execution: { description: 'When decisions trade.' },
  'execution.delay': { description: 'Targets decided at the close of bar t trade at the close of bar t + delay. `0` trades at the same close. An asset with no print of its own on that bar (an ETF on a crypto weekend, a holiday of its exchange) trades at its next print.', unit: 'bars', example: 1 },
  annualization: { description: 'Bars per year for yearly figures. Default: from the instruments: 252 on a trading-day calendar, 365 when an asset trades every day (crypto), 12 on monthly runs.', unit: 'bars per year', example: 252 },
  sensitivities: {
    description:
      'Ex-post diagnostics, never a trading input: how an asset\'s return over the next `horizon` bars depends on a signal\'s value (OLS slope, correlation, mean forward return per signal level when the signal is a score). Samples every `horizon` bars, so forward returns do not overlap.',
    example: [{ asset: 'BTC-USD', signal: 'liquidity_score', horizon: 21 }],
  },
  'sensitivities[].asset': { description: 'The asset whose forward return is measured.', unit: 'symbol', example: 'BTC-USD' },
  'sensitivities[].signal': { description: 'A signal of `signals:`.', example: 'liquidity_score' },
  'sensitivities[].horizon': { description: 'How far forward the return is measured, and the spacing of the samples.', unit: 'bars', example: 21 },
  params: { description: 'Named constants that expressions read as numbers (`sma(SPY, n)` is then a constant window); true is 1, false 0. A sweep varies them as `params.<name>`.', example: { n: 200, k: 0.5 } },
  'params.<name>': { description: 'One constant: a number or true/false.', example: 200 },
  sweep: { description: 'The grid `regime sweep` runs (`regime run` ignores it): each trial is this config with the grid\'s values set at their paths, checked by the same schema.', example: { grid: { 'params.n': { from: 20, to: 300, step: 20 }, 'costs.commission_bps': [0, 5, 10] }, objective: 'sharpe:USD' } },
  'sweep.grid': { description: 'Config path → values: a list, or a numeric range `{ from, to, step }` (both ends included when on the step). Paths such as `params.n`, `costs.commission_bps`, `overlays.0.vol_target.target`, `rebalance.every`.', example: { 'params.n': [50, 100, 200] } },
  'sweep.grid.<key>': { description: 'The values of one config path.', example: [50, 100, 200] },
  'sweep.grid.<key>.from': { description: 'First value of the range.', example: 20 },
  'sweep.grid.<key>.to': { description: 'Last value of the range (included when on the step).', example: 300 },
  'sweep.grid.<key>.step': { description: 'Step between values.', example: 20 },
  'sweep.objective': { description: 'What "best" means: a metric and a numeraire; default `sharpe:USD`.', unit: 'metric:numeraire', example: 'calmar:gold' },
  strategy: { description: 'A named strategy of @regime/strategies (`regime strategies` lists them) that fills in the blocks; blocks written in the YAML replace the strategy\'s own.', example: { use: 'crypto-liquidity-beta', params: { mode: 'scaled' } } },
  'strategy.use': { description: 'The strategy\'s name.', example: 'gold-ratio-rotation' },
  'strategy.params.<key>': { description: 'One parameter: a number, text, list or mapping, as the strategy defines it.', example: 200 },
  'strategy.params': { description: 'The strategy\'s parameters (`regime strategies` shows each with its default).', example: { window: 200 } },
};
