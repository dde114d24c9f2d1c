/**
 * The comparison page's own script (plain ES2017, runs after the inlined uPlot). It draws the
 * overlaid curves from the precomputed JSON, switches numeraire (charts and the per-numeraire
 * tables), toggles the log scale, and sorts the ranking table by a clicked column. Text from
 * the runs reaches the DOM only through textContent (uPlot's legend too), never innerHTML.
 *
 * Kept free of backticks and "${" so it can live in this template string.
 */
import { CLIENT_COMMON_JS } from '../clientCommon.js';

export const COMPARE_CLIENT_JS = String.raw`(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('regime-data').textContent);
  var state = { num: D.numeraires[0], log: !!D.logDefault };
  var charts = {};
  var R = (window.regimeReport = { charts: charts, state: state, ready: false });
  var PRINT_WIDTH = 680;
  var printing = false;
${CLIENT_COMMON_JS}

  function growth(v) { return isNum(v) ? v.toFixed(v >= 1000 ? 0 : 1) : '–'; }
  function short(v) {
    var a = Math.abs(v);
    if (a >= 1e6) return +(v / 1e6).toFixed(2) + 'M';
    if (a >= 1e4) return +(v / 1e3).toFixed(1) + 'k';
    return +v.toFixed(a >= 10 ? 0 : 2) + '';
  }
  function growthAxis(u, splits) { return splits.map(function (v) { return v == null ? '' : short(v); }); }

  function base(el, height, yValues, yLabel) {
    var grid = { stroke: '#e6e8eb', width: 1 };
    var ticks = { stroke: '#c9cdd2', width: 1, size: 4 };
    var font = '11px system-ui, sans-serif';
    return {
      width: widthOf(el),
      height: height,
      tzDate: tzDate,
      pxAlign: false,
      focus: { alpha: 0.25 },
      cursor: { sync: { key: 'regime-compare' }, drag: { x: true, y: false }, points: { size: 5 }, focus: { prox: 12 } },
      scales: { x: { time: true } },
      axes: [
        { stroke: '#4a4f57', grid: grid, ticks: ticks, font: font },
        { stroke: '#4a4f57', grid: grid, ticks: ticks, values: yValues, size: 58, font: font, label: yLabel, labelSize: 18, labelFont: font },
      ],
      legend: { live: true },
      series: [{ label: 'Date', value: '{YYYY}-{MM}-{DD}' }],
    };
  }

  // Series in ranking order (the legend reads like the ranking table).
  function addRuns(opts, data, columns, fmt, width) {
    D.order.forEach(function (k) {
      var run = D.runs[k];
      data.push(columns[k]);
      var s = { label: run.name, stroke: run.color, width: width, spanGaps: true, points: { show: false },
        value: function (u, v) { return v == null ? '–' : fmt(v); } };
      if (run.dash) s.dash = run.dash;
      opts.series.push(s);
    });
  }

  function make(name, opts, data, el) {
    // Keep which strategies the reader has hidden (legend clicks) across redraws.
    var shown = charts[name] ? charts[name].series.map(function (s) { return s.show; }) : null;
    if (charts[name]) charts[name].destroy();
    if (shown) for (var i = 1; i < opts.series.length && i < shown.length; i++) opts.series[i].show = shown[i];
    el.textContent = '';
    charts[name] = new uPlot(opts, data, el);
    return charts[name];
  }

  function numLabel(num) { return num === 'USD' ? 'USD' : num + ' terms'; }

  function drawEquity() {
    var el = byId('chart-equity');
    var cols = D.byNum[state.num].growth;
    if (state.log) cols = cols.map(function (c) { return c.map(function (v) { return isNum(v) && v > 0 ? v : null; }); });
    var data = [D.x];
    var opts = base(el, 380, growthAxis, 'Growth of 100 (' + numLabel(state.num) + (state.log ? ', log scale' : '') + ')');
    opts.scales.y = state.log ? { distr: 3, log: 10, range: function (u, min, max) { return [min * 0.95, max * 1.05]; } } : { distr: 1 };
    if (state.log) opts.axes[1].splits = logSplits;
    addRuns(opts, data, cols, growth, 1.5);
    make('equity', opts, data, el);
  }

  function drawDrawdown() {
    var el = byId('chart-drawdown');
    var data = [D.x];
    var opts = base(el, 260, pctAxis, 'Drawdown (' + numLabel(state.num) + ')');
    addRuns(opts, data, D.byNum[state.num].uw, pct, 1.2);
    make('drawdown', opts, data, el);
  }

  function drawCharts() {
    drawEquity();
    drawDrawdown();
    var labels = document.querySelectorAll('[data-numeraire-label]');
    for (var i = 0; i < labels.length; i++) labels[i].textContent = state.num;
  }

  function showPanels() {
    var panels = document.querySelectorAll('[data-num-panel]');
    for (var i = 0; i < panels.length; i++) {
      if (panels[i].getAttribute('data-num-panel') === state.num) panels[i].removeAttribute('hidden');
      else panels[i].setAttribute('hidden', '');
    }
  }

  function setNumeraire(num) {
    if (!D.byNum[num]) return;
    state.num = num;
    var buttons = document.querySelectorAll('[data-numeraire]');
    for (var i = 0; i < buttons.length; i++) buttons[i].setAttribute('aria-pressed', String(buttons[i].getAttribute('data-numeraire') === num));
    showPanels();
    drawCharts();
  }

  function setLog(on) {
    state.log = !!on;
    var box = byId('log-scale');
    if (box) box.checked = state.log;
    drawEquity();
  }

  // Ranking table: a click on a metric header sorts best first (again: reverses).
  function sortRanking(th) {
    var table = byId('ranking-table');
    var col = +th.getAttribute('data-col');
    var lowerBetter = th.getAttribute('data-lower-better') === 'true';
    var desc = th.getAttribute('aria-sort') === (lowerBetter ? 'ascending' : 'descending') ? lowerBetter : !lowerBetter;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var va = parseFloat(a.cells[col].getAttribute('data-v'));
      var vb = parseFloat(b.cells[col].getAttribute('data-v'));
      var na = isNaN(va), nb = isNaN(vb);
      if (na || nb) return na === nb ? 0 : na ? 1 : -1;
      return desc ? vb - va : va - vb;
    });
    rows.forEach(function (r, i) { r.cells[0].textContent = String(i + 1); body.appendChild(r); });
    var heads = table.querySelectorAll('th[data-col]');
    for (var i = 0; i < heads.length; i++) { heads[i].removeAttribute('aria-sort'); heads[i].classList.remove('sorted'); }
    th.setAttribute('aria-sort', desc ? 'descending' : 'ascending');
    th.classList.add('sorted');
    var cells = table.querySelectorAll('td.sorted');
    for (var j = 0; j < cells.length; j++) cells[j].classList.remove('sorted');
    rows.forEach(function (r) { r.cells[col].classList.add('sorted'); });
  }

  function resizeAll() {
    for (var name in charts) {
      var c = charts[name];
      var w = widthOf(c.root.parentNode);
      if (Math.abs(c.width - w) > 1) c.setSize({ width: w, height: c.height });
    }
  }

  var box = byId('log-scale');
  if (box) box.checked = state.log;
  wireControls(setNumeraire, setLog, resizeAll);
  var heads = document.querySelectorAll('#ranking-table th[data-col]');
  for (var h = 0; h < heads.length; h++) {
    heads[h].addEventListener('click', function (e) { sortRanking(e.currentTarget); });
    heads[h].addEventListener('keydown', function (e) { if (e.key === 'Enter' || e.key === ' ') { e.preventDefault(); sortRanking(e.currentTarget); } });
  }

  showPanels();
  drawCharts();

  R.setNumeraire = setNumeraire;
  R.setLog = setLog;
  R.sortRanking = sortRanking;
  R.ready = true;
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
