/**
 * Browser helpers shared by the run report's and the comparison report's scripts: element
 * ids, UTC dates, percentages, log-axis ticks, chart widths and the controls' wiring. Plain ES2017 function
 * declarations spliced into each report's script (they read that script's PRINT_WIDTH and
 * printing). Kept free of backticks and "${" so it can live in this template string.
 */
export const CLIENT_COMMON_JS = String.raw`  function byId(id) { return document.getElementById(id); }
  function tzDate(ts) { return uPlot.tzDate(new Date(ts * 1e3), 'Etc/UTC'); }
  function isNum(v) { return typeof v === 'number' && isFinite(v); }
  function pct(v, d) { return isNum(v) ? (v * 100).toFixed(d == null ? 1 : d) + '%' : '–'; }
  function pctAxis(u, splits, ax, space, incr) {
    var d = incr >= 0.01 ? 0 : incr >= 0.001 ? 1 : 2;
    return splits.map(function (v) { return (v * 100).toFixed(d) + '%'; });
  }

  // Round values (1, 1.5, 2, 3, 5, 7 × 10^k) for a log axis fitted to the data, thinned to
  // 1-2-5 or whole decades when the data spans many decades.
  function logSplits(u, axisIdx, min, max) {
    var sets = [[1, 1.5, 2, 3, 5, 7], [1, 2, 5], [1]];
    var out = [];
    for (var k = 0; k < sets.length; k++) {
      out = [];
      for (var e = Math.floor(Math.log10(min)); e <= Math.ceil(Math.log10(max)); e++) {
        for (var i = 0; i < sets[k].length; i++) {
          var v = +(sets[k][i] * Math.pow(10, e)).toPrecision(6);
          if (v >= min && v <= max) out.push(v);
        }
      }
      if (out.length <= 9) break;
    }
    return out;
  }

  function widthOf(el) {
    if (printing) return PRINT_WIDTH;
    var w = el.clientWidth || (el.parentNode && el.parentNode.clientWidth) || 800;
    return Math.max(280, Math.floor(w));
  }
  // Numeraire buttons, the log-scale box, and redrawing on resize and for print.
  function wireControls(setNumeraire, setLog, resizeAll) {
    var buttons = document.querySelectorAll('[data-numeraire]');
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].addEventListener('click', function (e) { setNumeraire(e.currentTarget.getAttribute('data-numeraire')); });
    }
    var box = byId('log-scale');
    if (box) box.addEventListener('change', function (e) { setLog(e.currentTarget.checked); });
    var pending = 0;
    window.addEventListener('resize', function () {
      if (pending) cancelAnimationFrame(pending);
      pending = requestAnimationFrame(function () { pending = 0; resizeAll(); });
    });
    window.addEventListener('beforeprint', function () { printing = true; resizeAll(); });
    window.addEventListener('afterprint', function () { printing = false; resizeAll(); });
  }
`;
