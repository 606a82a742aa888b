/* casummit explorer: the year's story, who met whom, the map, the timeline and the query page.
 * Reads only its own origin: /api/explorer/… (prepared by the server in the page's language),
 * /api/queries/… and /sparql. The page's state lives in its address (lang, year, level, q, p.*,
 * and the section as #hash), so a link restores what its sender saw; back and forward work. */
"use strict";

const CONFIG = JSON.parse(document.getElementById("explorer-config").textContent);
const S = CONFIG.strings;
const LANG = CONFIG.lang;
const SVG = "http://www.w3.org/2000/svg";
const ID = "https://w3id.org/casummit/id/";
const CA5 = new Set(["398", "417", "762", "795", "860"]); // ISO numeric: KAZ KGZ TJK TKM UZB
const SECTIONS = ["story", "matrix", "map", "timeline", "query"];
const app = { queries: {}, editor: null, loadedSparql: "", overviewKey: null, timelineLevel: null, world: null };

function tr(key, values) {
  let text = S[key] || key;
  for (const [name, value] of Object.entries(values || {})) text = text.split("{" + name + "}").join(String(value));
  return text;
}

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) if (value !== undefined && value !== null) node.setAttribute(key, value);
  for (const child of children.flat()) if (child !== undefined && child !== null) node.append(child);
  return node;
}

/** A labelled node from the server ({label, href, fallback}) as a link or text; a fallback label is marked. */
function named(entry, extraClass) {
  if (!entry) return document.createTextNode("");
  const text = entry.label !== undefined ? entry.label : entry.text;
  const node = entry.href ? el("a", { href: withLang(entry.href), class: extraClass }, text) : el("span", { class: extraClass }, text);
  if (entry.fallback !== undefined) {
    node.classList.add("fallback");
    node.setAttribute("lang", entry.fallback || "und");
    node.setAttribute("title", tr("entity.fallback", { wanted: LANG, other: entry.fallback || "?" }));
  }
  return node;
}

function withLang(href) {
  if (!href || !href.startsWith("/")) return href;
  const url = new URL(href, location.origin);
  url.searchParams.set("lang", LANG);
  return url.pathname + url.search + url.hash;
}

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  if (!response.ok) {
    let message = text.trim();
    try { message = JSON.parse(text).error || message; } catch (e) { /* a plain-text error */ }
    throw new Error(`${response.status}: ${message}`);
  }
  return JSON.parse(text);
}

/* ---- the address ------------------------------------------------------------------------- */

function readState() {
  const params = new URLSearchParams(location.search);
  const queryParams = {};
  for (const [key, value] of params) if (key.startsWith("p.")) queryParams[key.slice(2)] = value;
  return {
    year: params.get("year"),
    level: params.get("level") || "leaders",
    q: params.get("q") || params.get("example") || "",
    params: queryParams,
    section: SECTIONS.includes(location.hash.slice(1)) ? location.hash.slice(1) : null,
  };
}

function stateUrl(state) {
  const params = new URLSearchParams();
  params.set("lang", LANG);
  if (state.year) params.set("year", state.year);
  if (state.level && state.level !== "leaders") params.set("level", state.level);
  if (state.q) params.set("q", state.q);
  for (const [key, value] of Object.entries(state.params || {})) if (value !== "") params.set("p." + key, value);
  return location.pathname + "?" + params.toString() + (state.section ? "#" + state.section : "");
}

function currentState() {
  const params = {};
  const query = app.queries[document.getElementById("query-select").value];
  if (query) for (const p of query.parameters) {
    const input = document.getElementById("param-" + p.name);
    if (input && input.value !== "") params[p.name] = input.value;
  }
  return {
    year: document.getElementById("year-select").value || null,
    level: document.getElementById("level-select").value,
    q: document.getElementById("query-select").value,
    params,
    section: readState().section,
  };
}

/** Record a change the reader made: a new history entry, and language links that keep it. */
function pushState(section) {
  const state = currentState();
  if (section) state.section = section;
  const url = stateUrl(state);
  if (url !== location.pathname + location.search + location.hash) history.pushState(null, "", url);
  updateLanguageLinks();
}

function updateLanguageLinks() {
  for (const link of document.querySelectorAll("a.lang-link")) {
    const url = new URL(location.href);
    url.searchParams.set("lang", link.dataset.lang);
    link.setAttribute("href", url.pathname + url.search + url.hash);
  }
}

function scrollToSection(section) {
  const target = section && document.getElementById(section);
  if (target) target.scrollIntoView({ block: "start" });
}

/* ---- the year's story -------------------------------------------------------------------- */

function renderParts(parts) {
  return parts.map((part) => (typeof part === "string" ? document.createTextNode(part)
    : part.href ? el("a", { href: withLang(part.href) }, part.text) : document.createTextNode(part.text)));
}

async function loadOverview(year, level) {
  const params = new URLSearchParams({ lang: LANG, level });
  if (year) params.set("year", year);
  const key = params.toString();
  if (key === app.overviewKey) return;
  const doc = await fetchJson("/api/explorer/overview?" + params);
  app.overviewKey = key;
  const select = document.getElementById("year-select");
  select.replaceChildren(...(doc.years.length ? doc.years : [doc.year]).filter((y) => y).map((y) => el("option", { value: String(y) }, String(y))));
  if (doc.year) select.value = String(doc.year);
  document.getElementById("level-select").value = doc.level;
  document.getElementById("headline").replaceChildren(...renderParts(doc.headline));
  document.getElementById("counts").replaceChildren(...doc.counts.map((c) =>
    el("li", { "data-count": c.key }, el("strong", {}, String(c.value)), " ", c.label)));
  drawMatrix(doc);
  drawRegional(doc);
  drawMap(doc);
}

/* ---- who met whom ------------------------------------------------------------------------ */

function drawMatrix(doc) {
  const target = document.getElementById("matrix-table");
  if (!doc.matrix.length) {
    target.replaceChildren(el("p", {}, tr("matrix.empty", { year: doc.year })));
    return;
  }
  const head = el("tr", {}, el("th", { scope: "col" }, S["matrix.corner"]), ...doc.states.map((s) => el("th", { scope: "col" }, named(s))));
  const body = el("tbody");
  for (const row of doc.matrix) {
    const meeting = row.meeting;
    const tr_ = el("tr", { "data-partner": row.partner.iri, "data-meeting": meeting.iri },
      el("th", { scope: "row", class: "power" }, named(row.partner),
        el("a", { class: "when", href: withLang(meeting.href) }, `${meeting.when} · ${meeting.city ? meeting.city.label : ""}${meeting.virtual ? " · " + S["details.virtual"] : ""}`)));
    doc.states.forEach((state, index) => {
      const cell = row.cells[index];
      const td = el("td", { "data-label": state.label });
      const classes = new Set();
      if (!cell.participants.length) {
        td.append(el("span", { class: "badge none" }, S["matrix.norecord"]));
        classes.add("none");
      }
      for (const p of cell.participants) {
        const mode = p.mode || "none";
        const css = { InPerson: "inperson", Virtual: "virtual", Absent: "absent" }[mode] || "none";
        if (css === "absent") classes.add("absent");
        const entry = el("div", { class: "participant" }, named(p.person), " ", el("span", { class: "badge " + css }, S["mode." + mode] || S["mode.none"]));
        if (p.standsInFor) {
          classes.add("standin");
          entry.append(el("div", { class: "standin" }, tr("matrix.standin", { name: p.standsInFor.label })));
        }
        if (p.office) entry.append(el("div", { class: "office" }, p.office.label));
        td.append(entry);
      }
      if (classes.size) td.className = [...classes].join(" ");
      tr_.append(td);
    });
    body.append(tr_);
  }
  target.replaceChildren(el("div", { class: "scroll" },
    el("table", { class: "grid matrix", "data-year": String(doc.year), "data-level": doc.level }, el("thead", {}, head), body)));
}

function drawRegional(doc) {
  const target = document.getElementById("regional-meetings");
  if (!doc.regional.length) { target.replaceChildren(); return; }
  target.replaceChildren(el("h3", {}, tr("matrix.regional", { year: doc.year })),
    el("ul", { class: "regional" }, ...doc.regional.map((r) => el("li", {},
      named(r.meeting.label), ` — ${r.meeting.when}`,
      r.guests.length ? [` · ${S["matrix.guests"]} `, ...r.guests.flatMap((g, i) => (i ? [", ", named(g)] : [named(g)]))] : []))));
}

/* ---- the map ------------------------------------------------------------------------------- */

const VIEWS = {
  world: { lon: [-84, 146], lat: [14, 62], width: 1000 },
  region: { lon: [48, 86], lat: [35, 56], width: 1000 },
};

function projector(view) {
  const midLat = ((view.lat[0] + view.lat[1]) / 2) * Math.PI / 180;
  const kx = Math.cos(midLat);
  const spanX = (view.lon[1] - view.lon[0]) * kx;
  const scale = view.width / spanX;
  const height = (view.lat[1] - view.lat[0]) * scale;
  return { height, at: (lon, lat) => [(lon - view.lon[0]) * kx * scale, (view.lat[1] - lat) * scale] };
}

function ringPath(ring, project) {
  let d = "";
  let previous = null;
  for (const [lon, lat] of ring) {
    const [x, y] = project(lon, lat);
    // A jump across the antimeridian starts a new piece instead of a streak across the map.
    d += (previous === null || Math.abs(lon - previous) > 180 ? "M" : "L") + x.toFixed(1) + "," + y.toFixed(1);
    previous = lon;
  }
  return d + "Z";
}

function countryPath(geometry, project) {
  if (!geometry) return "";
  const polygons = geometry.type === "Polygon" ? [geometry.coordinates] : geometry.type === "MultiPolygon" ? geometry.coordinates : [];
  return polygons.map((polygon) => polygon.map((ring) => ringPath(ring, project)).join("")).join("");
}

async function worldFeatures() {
  if (!app.world) {
    const topology = await fetchJson("/static/vendor/world-atlas/countries-110m.json");
    app.world = topojson.feature(topology, topology.objects.countries).features; // eslint-disable-line no-undef
  }
  return app.world;
}

function markFor(point, x, y, r) {
  const status = point.status || "Held";
  const cls = `mark status-${status}${point.virtual ? " virtual" : ""}${point.regional ? " regional" : ""}`;
  const title = `${point.label.label} — ${point.when}${point.near ? " (" + tr("map.near", { name: point.near }) + ")" : ""}`;
  return svg("a", { href: withLang(point.href), class: "map-dot", "data-meeting": point.iri, "aria-label": title },
    svg("circle", { class: cls, cx: x.toFixed(1), cy: y.toFixed(1), r }, svg("title", {}, title)));
}

async function drawMap(doc) {
  const figure = document.getElementById("map-figure");
  document.getElementById("map-caption").textContent = tr("map.caption", { year: doc.year });
  let features;
  try { features = await worldFeatures(); } catch (error) {
    figure.replaceChildren(el("p", { class: "error" }, tr("error.load", { message: error.message })));
    return;
  }
  const panels = [];
  for (const [name, view] of Object.entries(VIEWS)) {
    const { height, at } = projector(view);
    const chart = svg("svg", { class: "map " + name, viewBox: `0 0 ${view.width} ${height.toFixed(0)}`, role: "img",
      "aria-label": tr("map.label", { year: doc.year }) });
    chart.append(svg("title", {}, tr("map.label", { year: doc.year })));
    chart.append(svg("rect", { class: "sea", x: 0, y: 0, width: view.width, height: height.toFixed(0) }));
    const land = svg("g", { class: "land" });
    for (const feature of features) {
      land.append(svg("path", { d: countryPath(feature.geometry, at), class: CA5.has(String(feature.id)) ? "ca5" : "country" }));
    }
    chart.append(land);
    const byCity = new Map();
    for (const point of doc.map.points) {
      const key = point.city ? point.city.iri : point.iri;
      if (!byCity.has(key)) byCity.set(key, []);
      byCity.get(key).push(point);
    }
    const r = name === "world" ? 7 : 11;
    for (const points of byCity.values()) {
      points.forEach((point, i) => {
        const [x0, y0] = at(point.lon, point.lat);
        const angle = (i / points.length) * 2 * Math.PI;
        const offset = points.length > 1 ? r * 1.3 : 0;
        chart.append(markFor(point, x0 + offset * Math.cos(angle), y0 + offset * Math.sin(angle), r));
      });
      if (name === "region") {
        const [x, y] = at(points[0].lon, points[0].lat);
        chart.append(svg("text", { class: "city", x: (x + r * 2.4).toFixed(1), y: (y + 5).toFixed(1) }, points[0].city.label));
      }
    }
    panels.push(el("figure", { class: "map-panel " + name }, chart));
  }
  const list = document.getElementById("map-list");
  figure.replaceChildren(...panels, list); // the list sits beside the regional panel
  list.replaceChildren(...doc.map.points.map((p) => el("li", {},
    statusSymbolHtml(p.status, p.virtual), " ",
    el("a", { href: withLang(p.href) }, p.city.label), ` — ${p.when} · `, named(p.format || p.label))));
  const unplaced = doc.map.unplaced;
  document.getElementById("map-unplaced").textContent = unplaced.length
    ? `${S["map.unplaced"]} ${unplaced.map((p) => (p.city ? p.city.label : p.label.label)).join(", ")}` : "";
}

/* ---- the timeline -------------------------------------------------------------------------- */

const STATUSES = ["Held", "Planned", "Postponed", "Cancelled", "OutcomeNotSourced"];

/** The symbol of a status, drawn at (x, y): each status has its own shape, not only a colour. */
function statusSymbol(status, x, y, r, virtual) {
  const cls = `symbol status-${status}${virtual ? " virtual" : ""}`;
  switch (status) {
    case "Planned": return svg("circle", { class: cls, cx: x, cy: y, r: r - 1 });
    case "Postponed": return svg("path", { class: cls, d: `M${x},${y - r}L${x + r},${y}L${x},${y + r}L${x - r},${y}Z` });
    case "Cancelled": return svg("path", { class: cls, d: `M${x - r + 1},${y - r + 1}L${x + r - 1},${y + r - 1}M${x + r - 1},${y - r + 1}L${x - r + 1},${y + r - 1}` });
    case "OutcomeNotSourced": return svg("g", { class: cls }, svg("circle", { cx: x, cy: y, r: r - 1 }),
      svg("text", { x, y: y + r / 2, "text-anchor": "middle" }, "?"));
    default: return svg("circle", { class: cls, cx: x, cy: y, r });
  }
}

function statusSymbolHtml(status, virtual) {
  return svg("svg", { class: "symbol-icon", viewBox: "0 0 20 20", width: 16, height: 16, "aria-hidden": "true" },
    statusSymbol(status || "Held", 10, 10, 7, virtual));
}

function drawLegend() {
  document.getElementById("timeline-legend").replaceChildren(...STATUSES.map((status) =>
    el("li", {}, statusSymbolHtml(status), " ", S["status." + status])),
  el("li", {}, statusSymbolHtml("Held", true), " ", S["details.virtual"]));
}

function laneName(m) { return m.format ? m.format.label : "—"; }

/** Words of a lane name in lines of at most `width` characters. */
function wrap(text, width) {
  const lines = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line && (line + " " + word).length > width) { lines.push(line); line = word; } else line = line ? line + " " + word : word;
  }
  if (line) lines.push(line);
  return lines;
}

function showDetails(m, opener) {
  const box = document.getElementById("timeline-details");
  const row = (key, value) => (value ? el("div", {}, el("dt", {}, S[key]), el("dd", {}, value)) : null);
  box.replaceChildren(
    el("h3", { id: "details-title" }, named(m.label)),
    el("dl", {},
      row("details.date", m.when),
      row("details.status", m.statusLabel ? m.statusLabel.label : null),
      row("details.format", m.format ? named(m.format) : null),
      row("details.level", m.level ? m.level.label : null),
      row("details.city", m.city ? [named(m.city), m.virtual ? ` (${S["details.virtual"]})` : ""] : null),
      row("details.host", m.host ? named(m.host) : null),
      row("details.edition", m.edition ? String(m.edition) : null)),
    el("p", {}, el("a", { href: withLang(m.href), class: "open-meeting" }, S["details.open"]), " ",
      el("button", { type: "button", class: "secondary close-details" }, S["details.close"])));
  box.hidden = false;
  box.querySelector(".close-details").addEventListener("click", () => { box.hidden = true; if (opener) opener.focus(); });
  box.querySelector("a.open-meeting").focus();
}

function markLink(m, child) {
  const link = svg("a", { href: withLang(m.href), class: "meeting-mark", "data-meeting": m.iri, role: "button",
    "aria-label": `${m.label.label} — ${m.when} — ${m.statusLabel ? m.statusLabel.label : ""}` }, child);
  link.addEventListener("click", (event) => { event.preventDefault(); showDetails(m, link); });
  return link;
}

function drawTimelineWide(meetings) {
  const lanes = [...new Set(meetings.map(laneName))].sort((a, b) => a.localeCompare(b, LANG));
  const years = meetings.map((m) => m.year);
  const first = Math.min(...years), last = Math.max(...years) + 1;
  const lines = new Map(lanes.map((lane) => [lane, wrap(lane, 30)]));
  const laneHeight = (lane) => Math.max(34, lines.get(lane).length * 15 + 10);
  const left = 250, right = 16, top = 30, width = 1000;
  let y = top;
  const laneY = new Map();
  for (const lane of lanes) { laneY.set(lane, y + laneHeight(lane) / 2); y += laneHeight(lane); }
  const height = y + 8;
  const x = (iso) => left + ((Date.parse(iso) - Date.UTC(first, 0, 1)) / (Date.UTC(last, 0, 1) - Date.UTC(first, 0, 1))) * (width - left - right);
  const chart = svg("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`, role: "group", "aria-label": S["timeline.label"] });
  for (let year = first; year <= last; year += 1) {
    const px = x(`${year}-01-01`);
    chart.append(svg("line", { class: "axis", x1: px, x2: px, y1: top - 8, y2: height - 4 }));
    if (year < last) chart.append(svg("text", { class: "year", x: px + 3, y: top - 12 }, String(year)));
  }
  for (const lane of lanes) {
    const cy = laneY.get(lane);
    chart.append(svg("line", { class: "axis lane", x1: left, x2: width - right, y1: cy, y2: cy }));
    const label = lines.get(lane);
    const text = svg("text", { class: "lane-label", "data-lane": lane, x: 6, y: cy - ((label.length - 1) * 15) / 2 + 4 });
    label.forEach((line, i) => text.append(svg("tspan", { x: 6, dy: i ? 15 : 0 }, line)));
    chart.append(text);
  }
  for (const m of meetings) chart.append(markLink(m, statusSymbol(m.status || "Held", Math.round(x(m.start) * 10) / 10, laneY.get(laneName(m)), 8, m.virtual)));
  return chart;
}

function drawTimelineNarrow(meetings) {
  const byYear = new Map();
  for (const m of meetings.slice().sort((a, b) => b.start.localeCompare(a.start))) {
    if (!byYear.has(m.year)) byYear.set(m.year, []);
    byYear.get(m.year).push(m);
  }
  return el("ol", { class: "timeline-list" }, ...[...byYear].map(([year, items]) => el("li", {},
    el("h3", {}, String(year)),
    el("ul", {}, ...items.map((m) => {
      const button = el("button", { type: "button", class: "meeting-mark list-mark", "data-meeting": m.iri },
        statusSymbolHtml(m.status || "Held", m.virtual),
        el("span", { class: "when" }, m.when),
        el("span", { class: "lane" }, laneName(m)),
        el("span", { class: "where" }, [m.city ? m.city.label : "", m.statusLabel && m.status !== "Held" ? " · " + m.statusLabel.label : ""].join("")));
      button.addEventListener("click", () => showDetails(m, button));
      return el("li", {}, button);
    })))));
}

async function loadTimeline(level) {
  if (level === app.timelineLevel) return;
  const target = document.getElementById("timeline-chart");
  const doc = await fetchJson(`/api/explorer/timeline?lang=${LANG}&level=${encodeURIComponent(level)}`);
  app.timelineLevel = level;
  document.getElementById("timeline-details").hidden = true;
  if (!doc.meetings.length) { target.replaceChildren(el("p", {}, S["timeline.empty"])); return; }
  target.replaceChildren(el("div", { class: "timeline-wide scroll" }, drawTimelineWide(doc.meetings)),
    el("div", { class: "timeline-narrow" }, drawTimelineNarrow(doc.meetings)));
}

/* ---- the query page ------------------------------------------------------------------------ */

/** The query text without its #+ header (grlc's metadata; the API reads it, the reader need not). */
function withoutHeader(text) {
  const lines = text.split("\n");
  let i = 0;
  while (i < lines.length && (lines[i].startsWith("#+") || (lines[i].trim() === "" && i < lines.length - 1 && (i === 0 || lines[i - 1].startsWith("#+") || lines[i - 1].trim() === "")))) i += 1;
  return lines.slice(i).join("\n");
}

function makeEditor(text) {
  const host = document.getElementById("query-editor");
  if (window.casummitEditor) {
    app.editor = window.casummitEditor.create(host, text, {
      prefixes: CONFIG.prefixes, onRun: runQuery, label: S["query.editor"], onChange: noteEdited,
    });
  } else { // the bundle did not load: a plain text area still works
    const area = el("textarea", { id: "query-text", rows: 14, spellcheck: "false", "aria-label": S["query.editor"] });
    area.value = text;
    host.replaceChildren(area);
    area.addEventListener("input", noteEdited);
    app.editor = { get: () => area.value, set: (value) => { area.value = value; }, insertAtStart: (value) => { area.value = value + area.value; } };
  }
}

function noteEdited() {
  const query = app.queries[document.getElementById("query-select").value];
  const summary = document.getElementById("query-summary");
  summary.classList.toggle("edited", Boolean(query) && app.editor.get() !== app.loadedSparql);
}

function showParams(query, values) {
  const box = document.getElementById("query-params");
  box.replaceChildren();
  for (const p of query ? query.parameters : []) {
    const id = "param-" + p.name;
    const input = el("input", {
      id, name: p.name, value: values[p.name] !== undefined ? values[p.name] : (p.default || ""), placeholder: p.type,
      type: p.type === "integer" ? "number" : p.type === "date" ? "date" : "text",
    });
    input.addEventListener("change", () => pushState("query"));
    box.append(el("span", {}, el("label", { for: id, title: p.description }, `${p.name}`), input,
      p.description ? el("span", { class: "hint" }, p.description) : null));
  }
}

function selectQuery(name, values) {
  const query = app.queries[name] || null;
  const select = document.getElementById("query-select");
  select.value = query ? name : "";
  const summary = document.getElementById("query-summary");
  summary.replaceChildren();
  if (query) {
    summary.append(el("strong", {}, query.summary || query.name), query.description ? " " + query.description : "",
      " ", el("span", { class: "edited-note" }, S["query.edited"]));
    app.loadedSparql = withoutHeader(query.sparql);
    app.editor.set(app.loadedSparql);
  }
  showParams(query, values || {});
  document.getElementById("query-downloads").replaceChildren();
}

function apiParams(query) {
  const params = new URLSearchParams();
  for (const p of query.parameters) {
    const value = document.getElementById("param-" + p.name).value;
    if (value !== "") params.set(p.name, value);
  }
  return params;
}

function renderResults(doc) {
  const target = document.getElementById("results");
  if (doc.boolean !== undefined) { target.replaceChildren(el("p", { class: "boolean" }, String(doc.boolean))); return 1; }
  const vars = doc.head.vars;
  const rows = doc.results.bindings;
  const cell = (term) => {
    if (!term) return "";
    if (term.type === "uri") {
      if (term.value.startsWith(ID)) return el("a", { href: withLang("/id/" + term.value.slice(ID.length)) }, term.value.slice(ID.length));
      return el("a", { href: term.value, rel: "external noopener" }, term.value);
    }
    return term.value;
  };
  target.replaceChildren(el("table", { class: "results" },
    el("thead", {}, el("tr", {}, ...vars.map((v) => el("th", { scope: "col" }, v)))),
    el("tbody", {}, ...rows.map((row) => el("tr", {}, ...vars.map((v) => el("td", {}, cell(row[v]))))))));
  return rows.length;
}

function downloadLinks(base, params) {
  const links = ["csv", "json"].map((suffix) => {
    const href = base.replace("{suffix}", suffix) + (params ? (base.includes("?") ? "&" : "?") + params : "");
    return el("a", { href, download: "", class: "download", "data-format": suffix }, suffix.toUpperCase());
  });
  return [S["query.download"] + ": ", links[0], " · ", links[1]];
}

async function runQuery() {
  const button = document.getElementById("run");
  const status = document.getElementById("query-status");
  const downloads = document.getElementById("query-downloads");
  const text = app.editor.get();
  const query = app.queries[document.getElementById("query-select").value];
  button.disabled = true;
  status.className = "";
  status.textContent = S["query.running"];
  downloads.replaceChildren();
  const started = performance.now();
  try {
    let doc;
    if (query && text === app.loadedSparql) {
      // The unchanged question runs through the canned-query API with typed parameters.
      const params = apiParams(query).toString();
      doc = await fetchJson(`/api/queries/${encodeURIComponent(query.name)}.json?${params}`);
      downloads.append(...downloadLinks(`/api/queries/${encodeURIComponent(query.name)}.{suffix}`, params),
        " · ", el("a", { href: `/api/queries/${encodeURIComponent(query.name)}?${params}${params ? "&" : ""}lang=${LANG}` }, S["query.api-link"]));
    } else {
      doc = await fetchJson("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: text,
      });
      downloads.append(...downloadLinks("/sparql?format={suffix}&query=" + encodeURIComponent(text), ""));
    }
    const count = renderResults(doc);
    status.textContent = tr("query.rows", { count, rows: plural(count, CONFIG.plurals.rows), ms: Math.round(performance.now() - started) });
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
    document.getElementById("results").replaceChildren();
  } finally {
    button.disabled = false;
  }
}

function plural(count, forms) {
  if (LANG === "ru") {
    const n10 = count % 10, n100 = count % 100;
    if (n10 === 1 && n100 !== 11) return forms[0];
    if (n10 >= 2 && n10 <= 4 && !(n100 >= 12 && n100 <= 14)) return forms[1];
    return forms[2];
  }
  return count === 1 ? forms[0] : forms[1];
}

function setupPrefixes() {
  const list = document.getElementById("prefix-list");
  list.replaceChildren(...Object.entries(CONFIG.prefixes).map(([name, iri]) => {
    const button = el("button", { type: "button", class: "prefix", title: iri }, el("code", {}, name + ":"), " ", el("span", {}, iri));
    button.addEventListener("click", () => {
      const line = `PREFIX ${name}: <${iri}>`;
      if (!app.editor.get().includes(line)) app.editor.insertAtStart(line + "\n");
      noteEdited();
    });
    return el("li", {}, button);
  }));
}

async function setupQueries(state) {
  const select = document.getElementById("query-select");
  const list = await fetchJson(`/api/queries?lang=${LANG}`);
  for (const query of list) {
    app.queries[query.name] = query;
    select.append(el("option", { value: query.name }, query.summary || query.name));
  }
  select.addEventListener("change", () => { selectQuery(select.value, {}); pushState("query"); });
  if (state.q) selectQuery(state.q, state.params);
}

/* ---- start --------------------------------------------------------------------------------- */

async function applyState(state) {
  const jobs = [loadOverview(state.year, state.level), loadTimeline(state.level)];
  if (state.q !== document.getElementById("query-select").value) selectQuery(state.q, state.params);
  await Promise.allSettled(jobs);
}

document.addEventListener("DOMContentLoaded", async () => {
  if ("scrollRestoration" in history) history.scrollRestoration = "manual";
  const state = readState();
  drawLegend();
  makeEditor(CONFIG.defaultQuery);
  setupPrefixes();
  document.getElementById("run").addEventListener("click", runQuery);
  document.getElementById("year-select").addEventListener("change", async () => {
    pushState();
    await loadOverview(document.getElementById("year-select").value, document.getElementById("level-select").value);
  });
  document.getElementById("level-select").addEventListener("change", async () => {
    document.getElementById("year-select").value = "";
    const level = document.getElementById("level-select").value;
    await Promise.allSettled([loadOverview(null, level), loadTimeline(level)]);
    pushState();
  });
  window.addEventListener("popstate", async () => {
    const next = readState();
    await applyState(next);
    scrollToSection(next.section);
    updateLanguageLinks();
  });
  const failures = await Promise.allSettled([
    loadOverview(state.year, state.level).catch((error) => {
      document.getElementById("headline").textContent = tr("error.load", { message: error.message });
      throw error;
    }),
    loadTimeline(state.level).catch((error) => {
      document.getElementById("timeline-chart").replaceChildren(el("p", { class: "error" }, tr("error.load", { message: error.message })));
      throw error;
    }),
    setupQueries(state).catch((error) => {
      document.getElementById("query-status").textContent = tr("error.load", { message: error.message });
      throw error;
    }),
  ]);
  // Jump to the linked section only now that the content above it has its final height.
  scrollToSection(state.section);
  updateLanguageLinks();
  document.body.dataset.ready = failures.every((f) => f.status === "fulfilled") ? "true" : "partial";
});
