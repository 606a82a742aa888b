/* casummit explorer: query editor, timeline and participation matrix, on the local API only. */
"use strict";

const ID = "https://w3id.org/casummit/id/";
const CAS = "https://w3id.org/casummit/ontology#";
const SVG = "http://www.w3.org/2000/svg";
const state = { queries: {}, selected: null };

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value !== undefined && value !== null) node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child !== undefined && child !== null) node.append(child);
  }
  return node;
}

function svg(tag, attrs, ...children) {
  const node = document.createElementNS(SVG, tag);
  for (const [key, value] of Object.entries(attrs || {})) node.setAttribute(key, value);
  for (const child of children) node.append(child);
  return node;
}

/** A local path for a project IRI, else null. */
function localPath(iri) {
  return iri && iri.startsWith(ID) ? "/id/" + iri.slice(ID.length) : null;
}

function shortIri(iri) {
  if (iri.startsWith(ID)) return iri.slice(ID.length).replace("/", ":");
  if (iri.startsWith(CAS)) return "cas:" + iri.slice(CAS.length);
  return iri;
}

/** A result term as a DOM node: links for IRIs, plain text for literals. */
function termNode(term, label) {
  if (!term) return document.createTextNode("");
  if (term.type === "uri") {
    const path = localPath(term.value);
    if (path) return el("a", { href: path }, label || shortIri(term.value));
    if (/^https?:\/\//.test(term.value) && !term.value.startsWith(CAS)) {
      return el("a", { href: term.value, rel: "external noopener" }, label || term.value);
    }
    return document.createTextNode(label || shortIri(term.value));
  }
  return document.createTextNode(term.value);
}

async function fetchJson(url, options) {
  const response = await fetch(url, options);
  const text = await response.text();
  if (!response.ok) {
    let message = text.trim();
    try { message = JSON.parse(text).error || message; } catch (e) { /* plain-text error */ }
    throw new Error(`${response.status}: ${message}`);
  }
  return JSON.parse(text);
}

/* ---- query editor ------------------------------------------------------------------------ */

function renderResults(doc) {
  const target = document.getElementById("results");
  target.replaceChildren();
  if (doc.boolean !== undefined) {
    target.append(el("p", { class: "boolean" }, String(doc.boolean)));
    return 1;
  }
  const vars = doc.head.vars;
  const rows = doc.results.bindings;
  const head = el("tr", {}, ...vars.map((v) => el("th", { scope: "col" }, v)));
  const body = el("tbody", {}, ...rows.map((row) => el("tr", {}, ...vars.map((v) => el("td", {}, termNode(row[v]))))));
  target.append(el("table", { class: "results" }, el("thead", {}, head), body));
  return rows.length;
}

function showParams(query) {
  const box = document.getElementById("query-params");
  box.replaceChildren();
  for (const p of query ? query.parameters : []) {
    const id = "param-" + p.name;
    const input = el("input", {
      id, name: p.name, value: p.default || "", placeholder: p.type,
      type: p.type === "integer" ? "number" : p.type === "date" ? "date" : "text",
    });
    box.append(el("span", {}, el("label", { for: id, title: p.description }, `${p.name} (${p.type})`), input));
  }
}

async function runQuery() {
  const button = document.getElementById("run");
  const status = document.getElementById("query-status");
  const text = document.getElementById("query-text").value;
  const query = state.selected;
  button.disabled = true;
  status.className = "";
  status.textContent = "Running…";
  const started = performance.now();
  try {
    let doc;
    if (query && text === query.sparql) {
      // Unchanged example: run it through the canned-query API with typed parameters.
      const params = new URLSearchParams();
      for (const p of query.parameters) {
        const value = document.getElementById("param-" + p.name).value;
        if (value !== "") params.set(p.name, value);
      }
      doc = await fetchJson(`/api/queries/${encodeURIComponent(query.name)}.json?${params}`);
    } else {
      doc = await fetchJson("/sparql", {
        method: "POST",
        headers: { "Content-Type": "application/sparql-query", Accept: "application/sparql-results+json" },
        body: text,
      });
    }
    const count = renderResults(doc);
    status.textContent = `${count} row${count === 1 ? "" : "s"} in ${Math.round(performance.now() - started)} ms`;
  } catch (error) {
    status.className = "error";
    status.textContent = error.message;
    document.getElementById("results").replaceChildren();
  } finally {
    button.disabled = false;
  }
}

async function setupQueries() {
  const select = document.getElementById("query-select");
  const list = await fetchJson("/api/queries");
  for (const query of list) {
    state.queries[query.name] = query;
    select.append(el("option", { value: query.name }, query.summary ? `${query.name} — ${query.summary}` : query.name));
  }
  select.addEventListener("change", () => {
    const query = state.queries[select.value] || null;
    state.selected = query;
    document.getElementById("query-summary").textContent = query ? query.description || query.summary : "";
    if (query) document.getElementById("query-text").value = query.sparql;
    showParams(query);
  });
  const wanted = new URLSearchParams(location.search).get("example");
  if (wanted && state.queries[wanted]) {
    select.value = wanted;
    select.dispatchEvent(new Event("change"));
  }
}

/* ---- timeline --------------------------------------------------------------------------- */

function value(row, name) {
  return row[name] ? row[name].value : null;
}

async function drawTimeline() {
  const target = document.getElementById("timeline-chart");
  const doc = await fetchJson("/api/queries/summit-timeline.json");
  const summits = new Map();
  for (const row of doc.results.bindings) {
    const iri = value(row, "summit");
    if (!summits.has(iri) && value(row, "start")) summits.set(iri, row);
  }
  const rows = [...summits.values()];
  if (!rows.length) {
    target.replaceChildren(el("p", {}, "No dated summits."));
    return [];
  }
  const lanes = [];
  for (const row of rows) {
    const lane = value(row, "formatLabel") || (value(row, "format") ? shortIri(value(row, "format")) : "no format");
    if (!lanes.includes(lane)) lanes.push(lane);
  }
  lanes.sort((a, b) => a.localeCompare(b));
  const time = (row) => Date.parse(value(row, "start"));
  const years = rows.map((r) => new Date(time(r)).getUTCFullYear());
  const first = Math.min(...years);
  const last = Math.max(...years) + 1;
  const left = 190, right = 20, top = 28, laneHeight = 30, width = 900;
  const height = top + lanes.length * laneHeight + 10;
  const x = (ms) => left + ((ms - Date.UTC(first, 0, 1)) / (Date.UTC(last, 0, 1) - Date.UTC(first, 0, 1))) * (width - left - right);
  const chart = svg("svg", { class: "timeline", viewBox: `0 0 ${width} ${height}`, role: "img", "aria-label": "Timeline of summits by format" });
  chart.append(svg("title", {}, "Timeline of summits by format"));
  for (let year = first; year <= last; year += 1) {
    const px = x(Date.UTC(year, 0, 1));
    chart.append(svg("line", { class: "axis", x1: px, x2: px, y1: top - 8, y2: height - 6 }));
    if (year < last) chart.append(svg("text", { class: "year", x: px + 3, y: top - 12 }, String(year)));
  }
  lanes.forEach((lane, i) => {
    const y = top + i * laneHeight + laneHeight / 2;
    chart.append(svg("line", { class: "axis", x1: left, x2: width - right, y1: y, y2: y }));
    chart.append(svg("text", { class: "lane-label", x: 6, y: y + 4 }, lane.length > 28 ? lane.slice(0, 27) + "…" : lane));
  });
  for (const row of rows) {
    const lane = value(row, "formatLabel") || (value(row, "format") ? shortIri(value(row, "format")) : "no format");
    const y = top + lanes.indexOf(lane) * laneHeight + laneHeight / 2;
    const held = value(row, "status") === CAS + "Held";
    const label = `${value(row, "summitLabel") || shortIri(value(row, "summit"))} — ${value(row, "start")}`;
    const link = svg("a", { href: localPath(value(row, "summit")) || "#", class: "summit-link" },
      svg("circle", { class: "summit-dot " + (held ? "held" : "planned"), cx: x(time(row)).toFixed(1), cy: y, r: 7 },
        svg("title", {}, label)));
    chart.append(link);
  }
  target.replaceChildren(chart);
  return [...new Set(years)].sort();
}

/* ---- participation matrix ------------------------------------------------------------------ */

const MODES = { InPerson: ["inperson", "in person"], Virtual: ["virtual", "virtual"], Absent: ["absent", "absent"] };

async function drawMatrix(year) {
  const target = document.getElementById("matrix-table");
  target.replaceChildren(el("p", { class: "loading" }, "Loading…"));
  let doc;
  try {
    doc = await fetchJson(`/api/queries/participation-matrix.json?year=${encodeURIComponent(year)}`);
  } catch (error) {
    target.replaceChildren(el("p", { class: "error" }, error.message));
    return;
  }
  const states = new Map();
  const rows = new Map();
  for (const b of doc.results.bindings) {
    states.set(value(b, "state"), b);
    const key = value(b, "summit") + " " + value(b, "power");
    if (!rows.has(key)) rows.set(key, { first: b, cells: new Map() });
    const cells = rows.get(key).cells;
    if (!cells.has(value(b, "state"))) cells.set(value(b, "state"), []);
    if (b.participant) cells.get(value(b, "state")).push(b);
  }
  if (!rows.size) {
    target.replaceChildren(el("p", {}, `No summit with an outside power is recorded for ${year}.`));
    return;
  }
  const columns = [...states.values()].sort((a, b) => (value(a, "stateLabel") || "").localeCompare(value(b, "stateLabel") || ""));
  const head = el("tr", {}, el("th", { scope: "col" }, "Power · summit"),
    ...columns.map((c) => el("th", { scope: "col" }, termNode(c.state, value(c, "stateLabel")))));
  const body = el("tbody");
  for (const { first, cells } of rows.values()) {
    const when = el("a", { class: "when", href: localPath(value(first, "summit")) || "#", title: value(first, "summitLabel") || "" },
      `${value(first, "date")} · ${value(first, "summitLabel") || "summit"}`);
    const tr = el("tr", { "data-power": value(first, "power") },
      el("th", { scope: "row", class: "power" }, termNode(first.power, value(first, "powerLabel")), when));
    for (const column of columns) {
      const found = cells.get(value(column, "state")) || [];
      const td = el("td");
      if (!found.length) {
        td.className = "none";
        td.append(el("span", { class: "badge none" }, "no record"));
      }
      const classes = new Set();
      for (const p of found) {
        const mode = value(p, "mode") ? value(p, "mode").replace(CAS, "") : null;
        const [css, text] = MODES[mode] || ["none", "mode not recorded"];
        if (css === "absent") classes.add("absent");
        const entry = el("div", { class: "participant" }, termNode(p.participant, value(p, "participantLabel")), " ",
          el("span", { class: "badge " + css }, text));
        if (p.standsInFor) {
          classes.add("standin");
          entry.append(el("div", { class: "standin" }, "stand-in for ", termNode(p.standsInFor, value(p, "standsInForLabel"))));
        }
        if (p.office) entry.append(el("div", { class: "office" }, value(p, "officeLabel") || shortIri(value(p, "office"))));
        td.append(entry);
      }
      if (classes.size) td.className = [...classes].join(" ");
      tr.append(td);
    }
    body.append(tr);
  }
  const table = el("table", { class: "grid matrix", "data-year": String(year) }, el("thead", {}, head), body);
  target.replaceChildren(table);
}

async function setupMatrix(years) {
  const select = document.getElementById("matrix-year");
  const fromUrl = new URLSearchParams(location.search).get("year");
  const choices = years.length ? years : [2025];
  for (const year of choices.slice().reverse()) select.append(el("option", { value: String(year) }, String(year)));
  const initial = fromUrl && choices.includes(Number(fromUrl)) ? fromUrl : choices.includes(2025) ? "2025" : String(choices[choices.length - 1]);
  select.value = initial;
  select.addEventListener("change", () => drawMatrix(select.value));
  await drawMatrix(select.value);
}

/* ---- start ----------------------------------------------------------------------------------- */

document.addEventListener("DOMContentLoaded", () => {
  document.getElementById("run").addEventListener("click", runQuery);
  document.getElementById("query-text").addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) runQuery();
  });
  setupQueries().catch((error) => {
    document.getElementById("query-status").textContent = "Could not load the examples: " + error.message;
  });
  drawTimeline()
    .catch((error) => {
      document.getElementById("timeline-chart").replaceChildren(el("p", { class: "error" }, error.message));
      return [];
    })
    .then((years) => setupMatrix(years));
});
