/**
 * Browser code of the "why did it win?" charts, spliced into the run report's script (it uses
 * that script's base, line, make, drawRegimes and charts). Plain ES2017; kept free of
 * backticks and "${" so it can live in a template string.
 */
export const WHY_CLIENT_JS = String.raw`
  // The time-axis group: zooming one of these charts zooms the others to the same dates.
  var TIME_GROUP = /^(equity|relative|signal-[0-9]+)$/;
  var syncing = false;
  function syncX(u, key) {
    if (key !== 'x' || syncing) return;
    var min = u.scales.x.min, max = u.scales.x.max;
    if (min == null || max == null) return;
    syncing = true;
    try {
      for (var name in charts) {
        var c = charts[name];
        if (c === u || !TIME_GROUP.test(name)) continue;
        if (c.scales.x.min !== min || c.scales.x.max !== max) c.setScale('x', { min: min, max: max });
      }
    } finally {
      syncing = false;
    }
  }

  function sigFmt(v) { return isNum(v) ? +v.toPrecision(4) + '' : '–'; }
  function sigAxis(u, splits, ax, space, incr) {
    var d = incr > 0 ? Math.max(0, Math.min(6, -Math.floor(Math.log10(incr)))) : 2;
    return splits.map(function (v) { return v == null ? '' : v.toFixed(d); });
  }
  function constant(v) { return D.x.map(function () { return v; }); }

  var LINE_COLORS = ['#e15759', '#f28e2b', '#59a14f', '#b07aa1'];

  function drawRelative() {
    var el = byId('chart-relative');
    if (!el || !D.why.relative) return;
    var opts = base(el, 220, sigAxis, 'Strategy / ' + D.benchmark + ' (rebased)');
    opts.series.push(line('Strategy / ' + D.benchmark, D.colors.strategy, 1.5, sigFmt));
    opts.series.push(line('Parity', '#7d838b', 1, sigFmt, { dash: [4, 4] }));
    opts.hooks = { drawClear: [drawRegimes], setScale: [syncX] };
    make('relative', opts, [D.x, D.why.relative, constant(1)], el);
  }

  function drawSignals() {
    D.why.signals.forEach(function (s, k) {
      var el = byId('chart-signal-' + k);
      if (!el) return;
      var opts = base(el, 150, sigAxis, null);
      // Small charts: ticks closer together, a thin time axis.
      opts.axes[1].space = 18;
      opts.axes[0].size = 26;
      var data = [D.x, s.values];
      opts.series.push(line(s.name, '#1d2228', 1.2, sigFmt));
      s.lines.forEach(function (l, i) {
        var col = l.value != null ? constant(l.value) : D.why.signals[l.signal].values;
        data.push(col);
        opts.series.push(line(l.label, LINE_COLORS[i % LINE_COLORS.length], 1.2, sigFmt, { dash: [5, 4] }));
      });
      opts.hooks = { drawClear: [drawRegimes], setScale: [syncX] };
      make('signal-' + k, opts, data, el);
    });
  }
`;
