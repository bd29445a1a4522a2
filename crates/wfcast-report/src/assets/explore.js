// The explore view of report.html and compare.html: pick a place and a role, and the
// headline table, the fan chart and the gap bars redraw from the JSON the page embeds
// (#wfcast-data). No libraries and no network: everything is drawn here as DOM and SVG.
(function () {
  "use strict";
  const root = document.getElementById("explore");
  const dataNode = document.getElementById("wfcast-data");
  if (!root || !dataNode) return;
  let D;
  try {
    D = JSON.parse(dataNode.textContent);
  } catch (e) {
    return; // the static page below still holds every chart and table
  }
  const SVGNS = "http://www.w3.org/2000/svg";
  const MINUS = "\u2212", DASH = "\u2013";
  const COMPARE = D.page === "compare";
  const YEARS = D.years || [];
  const BASE = 0, LAST = YEARS.length - 1;
  const METRICS = [
    ["headcount", "Staff in post (headcount)", "count"],
    ["wte", "Staff in post (WTE)", "count"],
    ["demand_wte", "Establishment (WTE)", "count"],
    ["gap_wte", "Gap (WTE)", "count"],
    ["vacancy_rate", "Vacancy rate", "rate"],
    ["pay_cost", "Pay cost a year", "gbp"],
  ];
  // Okabe-Ito: blue and vermillion stay apart for the common colour-vision deficiencies
  const BLUE = "#0072B2", RED = "#D55E00", SKY = "#56B4E9", GREY = "#5f6368";

  // ---- numbers, formatted exactly as the Rust side (format.rs) does ----

  // |x| to d decimals. toFixed rounds an exact tie up; Rust rounds it to even, so an exact
  // tie (the d+1-digit decimal is the double itself) is sent to the even neighbour.
  function fixed(x, d) {
    const s = x.toFixed(d), t = x.toFixed(d + 1);
    if (t[t.length - 1] !== "5" || Number(t) !== x) return s;
    let r = 0; const m = Math.pow(5, d + 1); // t is a double exactly iff 5^(d+1) divides it
    for (const c of t) if (c !== ".") r = (r * 10 + Number(c)) % m;
    if (r !== 0) return s;
    const lower = t.slice(0, -1).replace(/\.$/, "");
    return Number(lower[lower.length - 1]) % 2 === 0 ? lower : s;
  }
  function missing(x) { return x === null || x === undefined || !isFinite(x); }
  // commas every three digits, a true minus sign, never "−0"
  function thousands(x, d) {
    if (missing(x)) return DASH;
    const parts = fixed(Math.abs(x), d).split(".");
    const text = parts[0].replace(/\B(?=(\d{3})+(?!\d))/g, ",") + (parts[1] ? "." + parts[1] : "");
    return x < 0 && /[1-9]/.test(text) ? MINUS + text : text;
  }
  function signed(t) { return t === DASH || t[0] === MINUS || !/[1-9]/.test(t) ? t : "+" + t; }
  function pounds(t) { return t[0] === MINUS ? MINUS + "£" + t.slice(1) : "£" + t; }
  // kind: count, rate, gbp or prob; diff: a difference B − A, its sign always shown
  function fmt(x, kind, diff) {
    if (missing(x)) return DASH;
    if (kind === "rate") return diff ? signed(thousands(x * 100, 1)) + " pp" : thousands(x * 100, 1) + "%";
    if (kind === "prob") return thousands(x * 100, 0) + "%";
    if (kind === "gbp") {
      const t = thousands(x / 1e6, 1);
      if (!diff) return pounds(t) + "m";
      const s = signed(t);
      return (s[0] === "+" ? "+£" + s.slice(1) : pounds(s)) + "m";
    }
    return diff ? signed(thousands(x, 0)) : thousands(x, 0);
  }

  // ---- data access ----

  const name = (list, id) => { const e = list.find((p) => p[0] === id); return e ? e[1] : id; };
  // one year's entry of a metric: [mean, p10, p25, p50, p75, p90] (diff: [mean, p10, p90, p])
  function entry(table, key, metric, yi) {
    const byMetric = table && table[key], years = byMetric && byMetric[metric];
    return (years && years[yi]) || null;
  }
  const at = (e, i) => (e && !missing(e[i]) ? e[i] : null);
  const series = (s, key, metric, yi) => entry(D.series[s], key, metric, yi);
  const diff = (key, metric, yi) => entry(D.diff, key, metric, yi);
  // "Data engineer" reads "data engineer" inside a sentence; acronyms stay as they are
  const lower = (s) => (/^[A-Z][a-z]/.test(s) ? s[0].toLowerCase() + s.slice(1) : s);

  // ---- DOM helpers ----

  function el(tag, attrs, parent, text) {
    const n = tag.indexOf("svg:") === 0 ? document.createElementNS(SVGNS, tag.slice(4)) : document.createElement(tag);
    for (const k in attrs || {}) n.setAttribute(k, attrs[k]);
    if (text !== undefined) n.textContent = text;
    if (parent) parent.appendChild(n);
    return n;
  }
  const svg = (tag, attrs, parent, text) => el("svg:" + tag, attrs, parent, text);
  function clear(n) { while (n.firstChild) n.removeChild(n.firstChild); }
  // round tick steps (1, 2, 5 × 10^k) spanning lo..hi, about n of them (at most n + 1)
  function ticks(lo, hi, n, minStep) {
    const raw = (hi - lo) / Math.max(1, n), p = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    const step = Math.max(minStep, [1, 2, 5, 10].map((m) => m * p).find((s) => (hi - lo) / s <= n + 1));
    const out = [];
    for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Math.round(v / step) * step);
    return out;
  }

  // ---- the controls, built once ----

  const controls = el("div", { class: "explore-controls" }, root);
  function picker(id, label, options) {
    const wrap = el("div", { class: "explore-field" }, controls);
    el("label", { for: id }, wrap, label);
    const s = el("select", { id: id }, wrap);
    for (const o of options) el("option", { value: o[0] }, s, o[1]);
    s.addEventListener("change", () => { writeHash(); render(); });
    return s;
  }
  const placeSel = picker("explore-place", "Region", D.places || []);
  const roleSel = picker("explore-role", "Role", D.roles || []);
  const live = el("div", { "aria-live": "polite", class: "explore-status" }, root);
  const caption = el("p", { id: "explore-caption" }, live);
  const table = el("table", { id: "explore-headline", class: "explore-table" }, el("div", { class: "table-wrap" }, root));
  // each chart's visible heading repeats its SVG title, which only screen readers announce
  const fanFig = el("figure", { class: "explore-figure" }, root);
  const fanHead = el("p", { class: "explore-chart-title", "aria-hidden": "true" }, fanFig);
  const fan = svg("svg", { id: "explore-fan", role: "img", "aria-labelledby": "explore-fan-title", width: "100%" }, fanFig);
  const gapFig = el("figure", { class: "explore-figure" }, root);
  const gapHead = el("p", { class: "explore-chart-title", "aria-hidden": "true" }, gapFig);
  const gap = svg("svg", { id: "explore-gap", role: "img", "aria-labelledby": "explore-gap-title", width: "100%" }, gapFig);
  const gapNote = el("figcaption", {}, gapFig);

  // ---- the URL hash (#place=london&role=data_engineer) shares a view ----

  function readHash() {
    const h = new URLSearchParams(location.hash.replace(/^#/, ""));
    const valid = (sel, v) => v !== null && Array.prototype.some.call(sel.options, (o) => o.value === v);
    if (valid(placeSel, h.get("place"))) placeSel.value = h.get("place");
    if (valid(roleSel, h.get("role"))) roleSel.value = h.get("role");
  }
  function writeHash() {
    const h = "#" + new URLSearchParams({ place: placeSel.value, role: roleSel.value }).toString();
    if (h === location.hash) return;
    try {
      history.replaceState(null, "", h);
    } catch (e) {
      location.replace(h); // some file:// setups refuse replaceState; this adds no history either
    }
  }

  // ---- the headline table ----

  function headline(key) {
    clear(table);
    const yB = YEARS[BASE], yL = YEARS[LAST], [A, B] = D.scenarios;
    const head = COMPARE
      ? ["", A + " " + yL, B + " " + yL, "Difference B \u2212 A (mean)", "P10", "P90", "P(B > A)"]
      : ["", yB + " mean", yL + " mean", "P10", "P90"];
    const hr = el("tr", {}, el("thead", {}, table));
    head.forEach((h, i) => el("th", i ? { scope: "col", class: "num" } : { scope: "col" }, hr, h));
    const body = el("tbody", {}, table);
    for (const [metric, label, kind] of METRICS) {
      const cells = COMPARE
        ? [["a", at(series(0, key, metric, LAST), 0), false], ["b", at(series(1, key, metric, LAST), 0), false],
           ["diff", at(diff(key, metric, LAST), 0), true], ["diff_p10", at(diff(key, metric, LAST), 1), true],
           ["diff_p90", at(diff(key, metric, LAST), 2), true], ["p_greater", at(diff(key, metric, LAST), 3), "prob"]]
        : [["base", at(series(0, key, metric, BASE), 0), false], ["mean", at(series(0, key, metric, LAST), 0), false],
           ["p10", at(series(0, key, metric, LAST), 1), false], ["p90", at(series(0, key, metric, LAST), 5), false]];
      if (cells.every((c) => c[1] === null)) continue; // not in this run for this selection
      const tr = el("tr", { "data-metric": metric }, body);
      el("th", { scope: "row" }, tr, label);
      for (const [col, x, how] of cells) {
        el("td", { class: "num", "data-col": col }, tr, how === "prob" ? fmt(x, "prob") : fmt(x, kind, how));
      }
    }
    if (!body.firstChild) el("td", { colspan: head.length }, el("tr", {}, body), "No figures for this selection.");
  }

  // ---- the fan chart: staff in post and establishment by year ----

  function fanChart(key, label) {
    clear(fan);
    const W = Math.max(300, fanFig.clientWidth || 600), narrow = W < 520;
    const plotH = narrow ? 210 : 280, ml = narrow ? 52 : 64, mr = 20, mb = 26;
    // what is drawn: [scenario, metric, colour, with bands?, dashed?, legend label]
    const [A, B] = D.scenarios;
    const layers = COMPARE
      ? [[0, "wte", BLUE, true, false, A + ": staff in post"], [1, "wte", RED, true, false, B + ": staff in post"],
         [0, "demand_wte", BLUE, false, true, A + ": establishment"], [1, "demand_wte", RED, false, true, B + ": establishment"]]
      : [[0, "wte", BLUE, true, false, "Staff in post"], [0, "demand_wte", RED, true, false, "Establishment"]];
    const pts = layers.map((l) => YEARS.map((y, i) => series(l[0], key, l[1], i)));
    const all = [];
    pts.forEach((p, li) => p.forEach((e) => (layers[li][3] ? [0, 1, 5] : [0]).forEach((j) => at(e, j) !== null && all.push(e[j]))));
    const title = (COMPARE ? "Staff in post and establishment (WTE), " + A + " and " + B + ", "
      : "Staff in post and establishment (WTE), ") + label + ", " + YEARS[BASE] + " to " + YEARS[LAST];
    fan.setAttribute("aria-label", title);
    fanHead.textContent = title;
    svg("title", { id: "explore-fan-title" }, fan, title);
    // legend first, wrapped to the width, so the plot starts below it
    const legend = svg("g", { class: "legend" }, fan);
    let lx = ml, ly = 14;
    const items = layers.map((l) => [l[2], l[4], l[5]]).concat([[GREY, "band", "P25\u2013P75"], [GREY, "wide", "P10\u2013P90"]]);
    for (const [colour, dashed, text] of items) {
      const w = 30 + text.length * 6.6 + 14;
      if (lx + w > W - mr && lx > ml) { lx = ml; ly += 18; }
      if (dashed === "band" || dashed === "wide") {
        svg("rect", { x: lx, y: ly - 6, width: 22, height: 10, fill: colour, "fill-opacity": dashed === "band" ? 0.4 : 0.15 }, legend);
      } else {
        svg("line", { x1: lx, x2: lx + 22, y1: ly - 1, y2: ly - 1, stroke: colour, "stroke-width": dashed ? 1.5 : 2.5, "stroke-dasharray": dashed ? "5 3" : "none" }, legend);
      }
      svg("text", { x: lx + 28, y: ly + 3 }, legend, text);
      lx += w;
    }
    const mt = ly + 18, H = mt + plotH + mb; // a legend wrapped on a phone takes no room from the plot
    fan.setAttribute("viewBox", "0 0 " + W + " " + H);
    if (!all.length) { svg("text", { x: ml, y: mt + 20 }, fan, "No staff in post figures for this selection."); return; }
    let lo = Math.min.apply(null, all), hi = Math.max.apply(null, all);
    const pad = (hi - lo) * 0.06 || Math.max(1, Math.abs(hi) * 0.05);
    lo -= pad; hi += pad;
    const x = (i) => ml + (YEARS.length > 1 ? (i * (W - ml - mr - 10)) / (YEARS.length - 1) : 0) + 5;
    const y = (v) => mt + ((hi - v) * (H - mt - mb)) / (hi - lo);
    const axis = svg("g", { class: "axis" }, fan);
    for (const t of ticks(lo, hi, narrow ? 5 : 6, 1)) {
      svg("line", { x1: ml, x2: W - mr, y1: y(t), y2: y(t), class: "grid" }, axis);
      svg("text", { x: ml - 6, y: y(t) + 4, "text-anchor": "end" }, axis, fmt(t, "count"));
    }
    const every = (W - ml) / YEARS.length < 40 ? 2 : 1;
    YEARS.forEach((yr, i) => { if (i % every === 0 || i === LAST) svg("text", { x: x(i), y: H - 8, "text-anchor": "middle" }, axis, String(yr)); });
    // a band as a polygon: upper quantile left to right, lower back
    const band = (p, lo_, hi_, colour, op) => {
      const ok = p.map((e, i) => [i, at(e, lo_), at(e, hi_)]).filter((q) => q[1] !== null && q[2] !== null);
      if (ok.length < 2) return;
      const up = ok.map((q) => x(q[0]) + "," + y(q[2])), down = ok.slice().reverse().map((q) => x(q[0]) + "," + y(q[1]));
      svg("polygon", { points: up.concat(down).join(" "), fill: colour, "fill-opacity": op }, fan);
    };
    layers.forEach((l, li) => { if (l[3]) { band(pts[li], 1, 5, l[2], 0.15); band(pts[li], 2, 4, l[2], 0.3); } });
    layers.forEach((l, li) => {
      const ok = pts[li].map((e, i) => [i, at(e, 0)]).filter((q) => q[1] !== null);
      svg("polyline", { points: ok.map((q) => x(q[0]) + "," + y(q[1])).join(" "), fill: "none", stroke: l[2],
        "stroke-width": l[4] ? 1.5 : 2.5, "stroke-dasharray": l[4] ? "5 3" : "none" }, fan);
    });
  }

  // ---- the gap bars: every role of the place in the last year, largest first ----

  function gapChart(place, role, placeLabel) {
    clear(gap);
    const W = Math.max(300, gapFig.clientWidth || 600), narrow = W < 560, yL = YEARS[LAST];
    const rows = D.roles.filter((r) => r[0] !== "ALL").map((r) => {
      const e = COMPARE ? diff(place + "|" + r[0], "gap_wte", LAST) : series(0, place + "|" + r[0], "gap_wte", LAST);
      return { id: r[0], name: r[1], mean: at(e, 0), p10: at(e, 1), p90: at(e, COMPARE ? 2 : 5) };
    }).filter((r) => r.mean !== null).sort((a, b) => b.mean - a.mean);
    const title = (COMPARE ? "Difference in gap (WTE), " + D.scenarios[1] + " \u2212 " + D.scenarios[0] + ", by role, "
      : "Gap (WTE) by role, ") + placeLabel + ", " + yL;
    gap.setAttribute("aria-label", title);
    gapHead.textContent = title;
    svg("title", { id: "explore-gap-title" }, gap, title);
    gapNote.textContent = (COMPARE ? "Bars: mean of the paired difference B \u2212 A in the gap, " : "Bars: mean gap (establishment minus staff in post), ")
      + yL + "; whiskers: P10 to P90. Pick a bar to select its role.";
    const longest = rows.reduce((m, r) => Math.max(m, r.name.length), 0);
    const labelW = narrow ? 0 : Math.min(W * 0.42, longest * 6.8 + 12), valueW = 60;
    const rowH = narrow ? 38 : 24, top = 8, H = top + rows.length * rowH + 30;
    gap.setAttribute("viewBox", "0 0 " + W + " " + H);
    if (!rows.length) { svg("text", { x: 8, y: 24 }, gap, "No gap figures for this place."); return; }
    let lo = 0, hi = 0;
    for (const r of rows) for (const v of [r.mean, r.p10, r.p90]) if (v !== null) { lo = Math.min(lo, v); hi = Math.max(hi, v); }
    if (hi === lo) hi = lo + 1;
    const x0 = labelW + 8, x1 = W - valueW - 8, x = (v) => x0 + ((v - lo) * (x1 - x0)) / (hi - lo);
    const axis = svg("g", { class: "axis" }, gap), bottom = top + rows.length * rowH;
    for (const t of ticks(lo, hi, narrow ? 3 : 5, 1)) {
      svg("line", { x1: x(t), x2: x(t), y1: top, y2: bottom, class: "grid" }, axis);
      svg("text", { x: x(t), y: bottom + 16, "text-anchor": "middle" }, axis, fmt(t, "count", COMPARE));
    }
    svg("line", { x1: x(0), x2: x(0), y1: top - 4, y2: bottom, class: "zero" }, gap); // under the labels
    rows.forEach((r, i) => {
      const g = svg("g", { class: r.id === role ? "bar selected" : "bar", "data-role": r.id }, gap);
      const yb = top + i * rowH + (narrow ? 17 : 5), bh = 14;
      svg("text", narrow ? { x: x0, y: yb - 4, class: "label" } : { x: labelW, y: yb + 11, "text-anchor": "end", class: "label" }, g, r.name);
      svg("rect", { x: Math.min(x(0), x(r.mean)), y: yb, width: Math.max(1, Math.abs(x(r.mean) - x(0))), height: bh,
        fill: r.id === role ? BLUE : SKY }, g);
      if (r.p10 !== null && r.p90 !== null) {
        const wy = yb + bh / 2;
        svg("path", { d: "M" + x(r.p10) + "," + wy + "H" + x(r.p90) + "M" + x(r.p10) + "," + (wy - 4) + "v8M" + x(r.p90) + "," + (wy - 4) + "v8",
          stroke: "#212121", "stroke-width": 1.2, fill: "none" }, g);
      }
      svg("text", { x: W - 4, y: yb + 11, "text-anchor": "end", class: "value" }, g, fmt(r.mean, "count", COMPARE));
      g.addEventListener("click", () => { roleSel.value = r.id; writeHash(); render(); });
    });
  }

  // ---- everything for the current selection ----

  function render() {
    const place = placeSel.value, role = roleSel.value, key = place + "|" + role;
    const placeLabel = name(D.places, place);
    const label = placeLabel + ", " + lower(name(D.roles, role));
    caption.textContent = COMPARE
      ? label + ": " + D.scenarios[0] + " and " + D.scenarios[1] + " in " + YEARS[LAST]
      : label + ": " + YEARS[BASE] + " and " + YEARS[LAST];
    headline(key);
    fanChart(key, label);
    gapChart(place, role, placeLabel);
  }

  readHash();
  render();
  window.addEventListener("hashchange", () => { readHash(); render(); });
  // the charts are drawn to the width they have (text stays readable on a phone)
  let width = root.clientWidth, pending = 0;
  window.addEventListener("resize", () => {
    clearTimeout(pending);
    pending = setTimeout(() => { if (root.clientWidth !== width) { width = root.clientWidth; render(); } }, 150);
  });
})();
