/**
 * The sweep page's script (plain ES2017, after the inlined uPlot): the heatmap of the
 * objective over two dimensions the reader picks (the other dimensions held at chosen values,
 * the best trial's at first), drawn on a canvas with a readout under the cursor, and the
 * best trial's equity against the base config's, per numeraire. Text reaches the DOM only
 * through textContent. Kept free of backticks and "${" so it can live in this template string.
 */
import { CLIENT_COMMON_JS } from '../clientCommon.js';

export const SWEEP_CLIENT_JS = String.raw`(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('regime-data').textContent);
  var PRINT_WIDTH = 680;
  var printing = false;
  var charts = {};
  var R = (window.regimeReport = { charts: charts, ready: false, heat: null });
${CLIENT_COMMON_JS}

  var dims = D.dims;
  var strides = [];
  var s = 1;
  for (var d = dims.length - 1; d >= 0; d--) { strides[d] = s; s *= dims[d].values.length; }
  function coords(index) {
    var out = [];
    for (var d = 0; d < dims.length; d++) out.push(Math.floor(index / strides[d]) % dims[d].values.length);
    return out;
  }
  var fixed = D.best >= 0 ? coords(D.best) : dims.map(function () { return 0; });
  var xDim = dims.length > 1 ? 1 : 0;
  var yDim = 0;

  function fmt(v) { return isNum(v) ? (D.percent ? pct(v, 2) : v.toFixed(3)) : '–'; }
  function label(v) { return typeof v === 'number' ? String(v) : String(v); }

  function option(select, value, text, selected) {
    var o = document.createElement('option');
    o.value = String(value);
    o.textContent = text;
    if (selected) o.selected = true;
    select.appendChild(o);
  }

  function buildControls() {
    var xs = byId('heat-x');
    var ys = byId('heat-y');
    dims.forEach(function (dim, d) {
      option(xs, d, dim.path, d === xDim);
      option(ys, d, dim.path, d === yDim);
    });
    xs.addEventListener('change', function () { xDim = +xs.value; drawHeat(); });
    ys.addEventListener('change', function () { yDim = +ys.value; drawHeat(); });
    var holder = byId('heat-fixed');
    dims.forEach(function (dim, d) {
      var wrap = document.createElement('label');
      wrap.className = 'fixed-dim';
      wrap.setAttribute('data-dim', String(d));
      var name = document.createElement('span');
      name.textContent = dim.path + ' ';
      var sel = document.createElement('select');
      sel.setAttribute('data-fixed', String(d));
      dim.values.forEach(function (v, k) { option(sel, k, label(v), k === fixed[d]); });
      sel.addEventListener('change', function () { fixed[d] = +sel.value; drawHeat(); });
      wrap.appendChild(name);
      wrap.appendChild(sel);
      holder.appendChild(wrap);
    });
  }

  // Diverging scale around the median of the drawn values: better than the median in blue, worse in orange.
  function color(v, lo, mid, hi) {
    if (!isNum(v)) return '#eeeeee';
    var good = D.objective.higherIsBetter ? v >= mid : v <= mid;
    var span = good ? Math.abs((D.objective.higherIsBetter ? hi : lo) - mid) : Math.abs(mid - (D.objective.higherIsBetter ? lo : hi));
    var k = span > 0 ? Math.min(1, Math.abs(v - mid) / span) : 0;
    var c = good ? [31, 78, 156] : [214, 96, 39];
    function mix(i) { return Math.round(247 + (c[i] - 247) * (0.15 + 0.85 * k)); }
    return 'rgb(' + mix(0) + ',' + mix(1) + ',' + mix(2) + ')';
  }

  function drawHeat() {
    var canvas = byId('heat-canvas');
    var wrap = byId('heat');
    document.querySelectorAll('.fixed-dim').forEach(function (el) {
      var d = +el.getAttribute('data-dim');
      el.style.display = d === xDim || d === yDim ? 'none' : '';
    });
    var nx = dims[xDim].values.length;
    var ny = xDim === yDim ? 1 : dims[yDim].values.length;
    var cells = [];
    var drawn = [];
    for (var j = 0; j < ny; j++) {
      for (var i = 0; i < nx; i++) {
        var c = fixed.slice();
        c[xDim] = i;
        if (xDim !== yDim) c[yDim] = j;
        var index = 0;
        for (var d = 0; d < dims.length; d++) index += c[d] * strides[d];
        var v = D.values[index];
        cells.push({ i: i, j: j, index: index, v: v });
        if (isNum(v)) drawn.push(v);
      }
    }
    drawn.sort(function (a, b) { return a - b; });
    var lo = drawn[0], hi = drawn[drawn.length - 1], mid = drawn.length ? drawn[Math.floor((drawn.length - 1) / 2)] : 0;
    var left = 70, top = 8, bottom = 36;
    var width = widthOf(wrap);
    var plotW = width - left - 10;
    var cellH = Math.max(4, Math.min(28, Math.floor(360 / ny)));
    var height = top + cellH * ny + bottom;
    var ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    var g = canvas.getContext('2d');
    g.setTransform(ratio, 0, 0, ratio, 0, 0);
    g.clearRect(0, 0, width, height);
    var cellW = plotW / nx;
    cells.forEach(function (cell) {
      g.fillStyle = color(cell.v, lo, mid, hi);
      g.fillRect(left + cell.i * cellW, top + (ny - 1 - cell.j) * cellH, Math.ceil(cellW), cellH);
      if (cell.index === D.best) {
        g.strokeStyle = '#111';
        g.lineWidth = 2;
        g.strokeRect(left + cell.i * cellW + 1, top + (ny - 1 - cell.j) * cellH + 1, Math.max(2, cellW - 2), cellH - 2);
      }
    });
    g.fillStyle = '#4a4f57';
    g.font = '11px system-ui, sans-serif';
    g.textAlign = 'center';
    var every = Math.max(1, Math.ceil(nx / Math.max(1, Math.floor(plotW / 48))));
    for (var i2 = 0; i2 < nx; i2 += every) g.fillText(label(dims[xDim].values[i2]), left + (i2 + 0.5) * cellW, top + ny * cellH + 14);
    g.fillText(dims[xDim].path, left + plotW / 2, top + ny * cellH + 30);
    g.textAlign = 'right';
    var everyY = Math.max(1, Math.ceil(ny / Math.max(1, Math.floor((ny * cellH) / 14))));
    if (xDim !== yDim) for (var j2 = 0; j2 < ny; j2 += everyY) g.fillText(label(dims[yDim].values[j2]), left - 6, top + (ny - 1 - j2 + 0.5) * cellH + 4);
    R.heat = { nx: nx, ny: ny, cells: cells.length, left: left, top: top, cellW: cellW, cellH: cellH, x: dims[xDim].path, y: xDim === yDim ? null : dims[yDim].path };
    byId('heat-scale').textContent = drawn.length ? 'worst ' + fmt(D.objective.higherIsBetter ? lo : hi) + ' · median ' + fmt(mid) + ' · best ' + fmt(D.objective.higherIsBetter ? hi : lo) + ' (of the cells shown)' : 'no defined values';
    canvas.onmousemove = function (e) {
      var rect = canvas.getBoundingClientRect();
      var i = Math.floor((e.clientX - rect.left - left) / cellW);
      var j = ny - 1 - Math.floor((e.clientY - rect.top - top) / cellH);
      var out = byId('heat-readout');
      if (i < 0 || i >= nx || j < 0 || j >= ny) { out.textContent = ''; return; }
      var cell = cells[j * nx + i];
      var parts = coords(cell.index).map(function (k, d) { return dims[d].path + ' = ' + label(dims[d].values[k]); });
      out.textContent = 'trial ' + cell.index + ': ' + parts.join(', ') + ' → ' + fmt(cell.v);
    };
  }

  function drawEquity() {
    if (!D.curves) return;
    D.numeraires.forEach(function (n) {
      var el = byId('equity-' + n);
      if (!el) return;
      var opts = {
        width: widthOf(el), height: 260, tzDate: tzDate, pxAlign: false,
        scales: { x: { time: true }, y: { distr: 3 } },
        axes: [{ stroke: '#4a4f57' }, { stroke: '#4a4f57', size: 64, values: function (u, splits) { return splits.map(function (v) { return v == null ? '' : (v >= 1e6 ? (v / 1e6).toFixed(1) + 'M' : v >= 1e3 ? (v / 1e3).toFixed(0) + 'k' : v.toFixed(0)); }); } }],
        legend: { live: true },
        series: [{ label: 'Date', value: '{YYYY}-{MM}-{DD}' },
          { label: 'best trial', stroke: '#1f4e9c', width: 1.6, points: { show: false } },
          { label: 'base config', stroke: '#d6602a', width: 1.2, points: { show: false } }],
      };
      charts[n] = new uPlot(opts, [D.curves.t, D.curves.best[n], D.curves.base[n]], el);
    });
  }

  buildControls();
  drawHeat();
  drawEquity();
  wireControls(function () {}, function () {}, function () {
    drawHeat();
    Object.keys(charts).forEach(function (n) { charts[n].setSize({ width: widthOf(byId('equity-' + n)), height: 260 }); });
  });
  R.ready = true;
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
`;
