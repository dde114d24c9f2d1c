/**
 * The page's own script (plain ES2017, runs after the inlined uPlot). It only draws: every
 * number arrives precomputed in the JSON data element. Text from the run reaches the DOM only
 * through textContent (uPlot's legend uses textContent too), never innerHTML.
 *
 * Kept free of backticks and "${" so it can live in this template string.
 */
import { CLIENT_COMMON_JS } from './clientCommon.js';

export const CLIENT_JS = String.raw`(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('regime-data').textContent);
  var state = { num: D.numeraires[0], log: !!D.logDefault };
  var charts = {};
  var R = (window.regimeReport = { charts: charts, state: state, ready: false });
  var PRINT_WIDTH = 680;
  var printing = false;
${CLIENT_COMMON_JS}

  function fixed(v, d) { return isNum(v) ? v.toFixed(d) : '–'; }
  function money(v) { return isNum(v) ? Math.round(v).toLocaleString('en-US') : '–'; }
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e9) return +(v / 1e9).toFixed(2) + 'B';
    if (a >= 1e6) return +(v / 1e6).toFixed(2) + 'M';
    if (a >= 1e3) return +(v / 1e3).toFixed(1) + 'k';
    return +v.toFixed(2) + '';
  }
  function numAxis(u, splits, ax, space, incr) {
    var d = incr >= 1 ? 0 : incr >= 0.1 ? 1 : 2;
    return splits.map(function (v) { return v.toFixed(d); });
  }
  function moneyAxis(u, splits) { return splits.map(function (v) { return v == null ? '' : short(v); }); }

  function axes(yValues, yLabel) {
    var grid = { stroke: '#e6e8eb', width: 1 };
    var ticks = { stroke: '#c9cdd2', width: 1, size: 4 };
    var y = { stroke: '#4a4f57', grid: grid, ticks: ticks, values: yValues, size: 58, font: '11px system-ui, sans-serif' };
    if (yLabel) { y.label = yLabel; y.labelSize = 18; y.labelFont = '11px system-ui, sans-serif'; }
    return [{ stroke: '#4a4f57', grid: grid, ticks: ticks, font: '11px system-ui, sans-serif' }, y];
  }

  function base(el, height, yValues, yLabel) {
    return {
      width: widthOf(el),
      height: height,
      tzDate: tzDate,
      pxAlign: false,
      cursor: { sync: { key: 'regime-time' }, drag: { x: true, y: false }, points: { size: 6 } },
      scales: { x: { time: true } },
      axes: axes(yValues, yLabel),
      legend: { live: true },
      series: [{ label: 'Date', value: '{YYYY}-{MM}-{DD}' }],
    };
  }

  function line(label, color, width, fmt, extra) {
    var s = { label: label, stroke: color, width: width, points: { show: false }, value: function (u, v) { return v == null ? '–' : fmt(v); } };
    if (extra) for (var k in extra) s[k] = extra[k];
    return s;
  }

  function drawRegimes(u) {
    if (!D.regimes) return;
    var ctx = u.ctx, b = u.bbox;
    ctx.save();
    ctx.beginPath();
    ctx.rect(b.left, b.top, b.width, b.height);
    ctx.clip();
    for (var i = 0; i < D.regimes.spells.length; i++) {
      var s = D.regimes.spells[i];
      var x0 = u.valToPos(s[0], 'x', true), x1 = u.valToPos(s[1], 'x', true);
      if (x1 < b.left || x0 > b.left + b.width) continue;
      ctx.fillStyle = D.regimes.fills[s[2]] || 'rgba(0,0,0,0.06)';
      ctx.fillRect(x0, b.top, Math.max(1, x1 - x0), b.height);
    }
    ctx.restore();
  }

  function make(name, opts, data, el) {
    if (charts[name]) charts[name].destroy();
    el.textContent = '';
    charts[name] = new uPlot(opts, data, el);
    return charts[name];
  }

  function numLabel(num) { return num === 'USD' ? 'USD' : num + ' terms'; }

  function drawEquity() {
    var el = byId('chart-equity');
    var d = D.byNum[state.num];
    var clean = function (col) { return state.log ? col.map(function (v) { return isNum(v) && v > 0 ? v : null; }) : col; };
    var data = [D.x, clean(d.equity)];
    var opts = base(el, 340, moneyAxis, 'Equity (' + numLabel(state.num) + (state.log ? ', log scale' : '') + ')');
    // Log scale: fit the data (uPlot would widen the range to whole decades).
    opts.scales.y = state.log ? { distr: 3, log: 10, range: function (u, min, max) { return [min * 0.95, max * 1.05]; } } : { distr: 1 };
    if (state.log) opts.axes[1].splits = logSplits;
    opts.series.push(line('Strategy', D.colors.strategy, 1.6, money));
    if (d.bench) { data.push(clean(d.bench)); opts.series.push(line(D.benchmark + ' (benchmark)', D.colors.benchmark, 1.2, money)); }
    opts.hooks = { drawClear: [drawRegimes] };
    make('equity', opts, data, el);
  }

  function drawDrawdown() {
    var el = byId('chart-drawdown');
    var d = D.byNum[state.num];
    var data = [D.x, d.uw];
    var opts = base(el, 200, pctAxis, 'Drawdown (' + numLabel(state.num) + ')');
    opts.series.push(line('Strategy', D.colors.strategy, 1.2, pct, { fill: 'rgba(31,78,156,0.22)', fillTo: 0 }));
    if (d.uwBench) { data.push(d.uwBench); opts.series.push(line(D.benchmark + ' (benchmark)', D.colors.benchmark, 1, pct)); }
    make('drawdown', opts, data, el);
  }

  function drawRolling(key, field, fieldB, fmt, axisFmt, label) {
    var el = byId('chart-rolling-' + key);
    var d = D.byNum[state.num];
    var data = [D.x, d[field]];
    var opts = base(el, 190, axisFmt, label);
    opts.series.push(line('Strategy', D.colors.strategy, 1.3, fmt));
    if (fieldB && d[fieldB]) { data.push(d[fieldB]); opts.series.push(line(D.benchmark, D.colors.benchmark, 1, fmt)); }
    make('rolling-' + key, opts, data, el);
  }

  function drawAllocation() {
    var el = byId('chart-allocation');
    if (!el || !D.alloc.length) return;
    var data = [D.x];
    var opts = base(el, 280, pctAxis, 'Weight (share of equity)');
    opts.cursor.points = { show: false };
    D.alloc.forEach(function (layer, k) {
      data.push(layer.edge);
      var next = D.alloc[k + 1];
      var inner = next && next.side === layer.side ? k + 2 : -1;
      opts.series.push({
        label: layer.label,
        stroke: layer.color,
        fill: layer.color,
        width: 0.5,
        fillTo: 0,
        points: { show: false },
        value: function (u, v, si, i) {
          if (i == null || v == null) return '–';
          var w = inner > 0 ? v - (u.data[inner][i] || 0) : v;
          return (w * 100).toFixed(1) + '%';
        },
      });
    });
    make('allocation', opts, data, el);
  }

  function drawTimeCharts() {
    drawEquity();
    drawDrawdown();
    var yr = 'trailing ' + D.window + ' bars';
    drawRolling('return', 'ret', 'retB', pct, pctAxis, 'Return, ' + yr);
    drawRolling('vol', 'vol', 'volB', pct, pctAxis, 'Volatility (ann.)');
    drawRolling('sharpe', 'sharpe', 'sharpeB', function (v) { return fixed(v, 2); }, numAxis, 'Sharpe (ann.)');
    if (D.byNum[state.num].beta) drawRolling('beta', 'beta', null, function (v) { return fixed(v, 2); }, numAxis, 'Beta to ' + D.benchmark);
    var labels = document.querySelectorAll('[data-numeraire-label]');
    for (var i = 0; i < labels.length; i++) labels[i].textContent = state.num;
  }

  function setNumeraire(num) {
    if (!D.byNum[num]) return;
    state.num = num;
    var buttons = document.querySelectorAll('[data-numeraire]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-numeraire') === num));
    drawTimeCharts();
  }

  function setLog(on) {
    state.log = !!on;
    var box = byId('log-scale');
    if (box) box.checked = state.log;
    drawEquity();
  }

  function resizeAll() {
    for (var name in charts) {
      var c = charts[name];
      var w = widthOf(c.root.parentNode);
      if (Math.abs(c.width - w) > 1) c.setSize({ width: w, height: c.height });
    }
  }

  wireControls(setNumeraire, setLog, resizeAll);

  drawTimeCharts();
  drawAllocation();

  R.setNumeraire = setNumeraire;
  R.setLog = setLog;
  R.ready = true;
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
