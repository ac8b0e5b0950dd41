// Readers' search on /soeg/: a small UI over Pagefind's JS API (loaded only on this page), in the
// site's language: its words come from the page (#soeg-ord, the theme's catalogue).
// The form is the state: the query, sort order and ticked filters are mirrored in the URL
// (?q=...&type=...&person=...), so a search can be linked, bookmarked and submitted without JS.

import { openIndex } from "./search-parts.js";

const WORDS = JSON.parse(document.getElementById("soeg-ord").textContent);
// filter keys are the pages' data-pagefind-filter names; the labels are the site's words
const FILTERS = ["type", "person", "organisation", "kilde", "år"].map((key) => [
  key,
  WORDS.filters[key],
]);
const PAGE_SIZE = 10;
// a name typed without Danish letters is searched as it is written: Molbaek as Mølbæk
const SPELLINGS = JSON.parse(document.getElementById("soeg-stavemaader")?.textContent || "{}");
const NAMES = JSON.parse(document.getElementById("soeg-navne")?.textContent || "{}");
const named = document.getElementById("soeg-side");
const SHORT_NAME = 3; // a name this short (KL) is looked for as a whole word, not a prefix

const form = document.getElementById("soegning");
const input = document.getElementById("soeg-q");
const sort = document.getElementById("soeg-sort");
const facets = document.getElementById("soeg-filtre");
const status = document.getElementById("soeg-status");
const list = document.getElementById("soeg-resultater");
const more = document.getElementById("soeg-flere");

let pagefind = null;
let results = { length: 0, take: async () => [] }; // search-parts.js: shown a batch at a time
let shown = 0;
let generation = 0;
let facetsBuilt = null;

function checked() {
  const filters = {};
  for (const box of facets.querySelectorAll("input[type=checkbox]:checked")) {
    (filters[box.name] ||= []).push(box.value);
  }
  return filters;
}

function writeUrl() {
  const params = new URLSearchParams();
  const query = input.value.trim();
  if (query) params.set("q", query);
  if (sort.value) params.set("sort", sort.value);
  for (const [name, values] of Object.entries(checked())) {
    for (const value of values) params.append(name, value);
  }
  const search = params.toString();
  history.replaceState(null, "", search ? `?${search}` : location.pathname);
}

function element(tag, attributes = {}, text = "") {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  if (text) node.textContent = text;
  return node;
}

function byCountThenName(a, b) {
  return b[1] - a[1] || a[0].localeCompare(b[0], "da");
}

// The filter lists are loaded only when the reader opens them (or the URL has filters): they cost
// more bytes than a query, and most searches never use them.
function buildFacets(wanted) {
  facetsBuilt ||= addFacets(wanted);
  return facetsBuilt;
}

async function addFacets(wanted) {
  const all = await pagefind.filters();
  let index = 0;
  for (const [name, label] of FILTERS) {
    const values = Object.entries(all[name] || {});
    if (!values.length) continue;
    values.sort(name === "år" ? (a, b) => b[0].localeCompare(a[0]) : byCountThenName);
    const fieldset = element("fieldset");
    fieldset.append(element("legend", {}, label));
    const options = element("ul");
    for (const [value, count] of values) {
      const id = `filter-${index++}`;
      const box = element("input", { type: "checkbox", id, name, value });
      box.checked = (wanted.getAll(name) || []).includes(value);
      const text = element("label", { for: id }, value);
      const number = element("span", { class: "count", "data-filter": name }, ` (${count})`);
      number.dataset.value = value;
      text.append(number);
      const item = element("li");
      item.append(box, text);
      options.append(item);
    }
    fieldset.append(options);
    facets.append(fieldset);
  }
  facets.hidden = !facets.querySelector("fieldset");
}

function updateCounts(counts) {
  for (const number of facets.querySelectorAll(".count")) {
    const count = counts?.[number.dataset.filter]?.[number.dataset.value] ?? 0;
    number.textContent = ` (${count})`;
  }
}

function resultItem(data) {
  const item = element("li");
  const heading = element("h2");
  heading.append(element("a", { href: data.url }, data.meta?.title || data.url));
  const meta = [data.meta?.type, data.meta?.date, data.meta?.kilde].filter(Boolean).join(" · ");
  item.append(heading, element("p", { class: "meta" }, meta));
  const excerpt = element("p", { class: "excerpt" });
  excerpt.innerHTML = data.excerpt; // Pagefind escapes the page text and adds only <mark>
  item.append(excerpt);
  return item;
}

async function showMore(current) {
  const pages = await results.take(PAGE_SIZE);
  if (current !== generation) return;
  list.append(...pages.map(resultItem));
  shown += pages.length;
  more.hidden = shown >= results.length;
}

function spelledOut(query) {
  const spelled = (word) => {
    const key = word.toLowerCase();
    return Object.hasOwn(SPELLINGS, key) ? SPELLINGS[key] : word;
  };
  return query.split(/(\s+)/).map(spelled).join("");
}

function pagesNamed(query) {
  // the people and organisations the query names: their pages, above the results
  const key = query.toLowerCase();
  const pages = Object.hasOwn(NAMES, key) ? NAMES[key] : [];
  named.replaceChildren();
  named.hidden = !pages.length;
  if (!pages.length) return false;
  named.append(`${WORDS.page} `);
  pages.forEach(([name, url, kind], index) => {
    if (index) named.append(", ");
    named.append(element("a", { href: new URL(`../../${url}`, import.meta.url).href }, name));
    named.append(` (${WORDS[kind] || kind})`);
  });
  return true;
}

function describe(count, query) {
  const what = count === 1 ? WORDS.one : WORDS.many.replace("{count}", count);
  return query ? WORDS.found_for.replace("{what}", what).replace("{query}", query) : `${what}.`;
}

async function search() {
  const current = ++generation;
  const query = spelledOut(input.value.trim());
  const filters = {};
  for (const [name, values] of Object.entries(checked())) filters[name] = { any: values };
  writeUrl();
  if (!query && !Object.keys(filters).length) {
    pagesNamed("");
    list.replaceChildren();
    more.hidden = true;
    if (facetsBuilt) updateCounts(await pagefind.filters());
    status.textContent = "";
    return;
  }
  const options = { filters };
  if (sort.value) options.sort = { date: sort.value === "aeldste" ? "asc" : "desc" };
  // "KL" as a prefix finds every "klage" and "klub": a short name is looked for as a word
  const whole = pagesNamed(query) && query.length <= SHORT_NAME && !/\s/.test(query);
  const found = await pagefind.debouncedSearch(whole ? `"${query}"` : query || null, options, 200);
  if (found === null || current !== generation) return;
  results = found.results;
  shown = 0;
  list.replaceChildren();
  await showMore(current);
  if (current !== generation) return;
  updateCounts(found.filters);
  status.textContent = results.length
    ? describe(results.length, query)
    : `${query ? WORDS.none_for.replace("{query}", query) : WORDS.none} ${WORDS.try}`;
}

async function start() {
  const wanted = new URLSearchParams(location.search);
  input.value = wanted.get("q") || "";
  sort.value = wanted.get("sort") || "";
  try {
    const bundle = new URL("../../pagefind/", import.meta.url).href;
    pagefind = await openIndex(bundle, { excerptLength: 24 });
    if (FILTERS.some(([name]) => wanted.has(name))) {
      facets.open = true;
      await buildFacets(wanted);
    }
  } catch (error) {
    status.textContent = WORDS.failed;
    throw error;
  }
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    search();
  });
  input.addEventListener("input", search);
  sort.addEventListener("change", search);
  facets.addEventListener("change", search);
  facets.addEventListener("toggle", async () => {
    if (facets.open && !facetsBuilt) {
      await buildFacets(new URLSearchParams(location.search));
      await search(); // again, now with counts for every filter
    }
  });
  facets.hidden = false;
  more.addEventListener("click", () => showMore(generation));
  await search();
}

start();
