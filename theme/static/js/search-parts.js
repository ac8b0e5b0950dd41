// Readers' search over a Pagefind index built in parts (dossier/publish/search_parts.py): the
// first part's bundle is /pagefind/, the others are listed in /pagefind/parts.json and merged
// into it (Pagefind's mergeIndex), each tagged with the filter "del" (its number). In order of
// relevance Pagefind's merged answer is used as it is. In date order Pagefind ranks each part on
// its own and interleaves the parts by rank, so each part is searched alone (filter "del") and
// the parts' results are merged by the pages' dates (data-pagefind-meta="isodate"), loading no
// page's data before it is shown. A site in one part is searched as before.

const PART = "del"; // a filter of Pagefind's results only: no page has it, the facets skip it

export async function openIndex(base, options) {
  const pagefind = await import(`${base}pagefind.js`);
  const parts = await partPaths(base);
  await pagefind.options({ ...options, mergeFilter: { [PART]: "0" } });
  for (const [number, path] of parts.entries()) {
    await pagefind.mergeIndex(`${base}${path}`, { mergeFilter: { [PART]: String(number + 1) } });
  }
  await pagefind.init();
  return {
    filters: () => pagefind.filters(),
    // null when a later search replaced this one, as Pagefind's debouncedSearch
    async debouncedSearch(query, searchOptions, wait) {
      const found = await pagefind.debouncedSearch(query, searchOptions, wait);
      if (found === null) return null;
      const order = searchOptions.sort ? Object.values(searchOptions.sort)[0] : null;
      if (!order || !parts.length) return { ...found, results: inOrder(found.results) };
      const lists = [];
      for (let number = 0; number <= parts.length; number++) {
        const filters = { ...searchOptions.filters, [PART]: { any: [String(number)] } };
        lists.push((await pagefind.search(query, { ...searchOptions, filters })).results);
      }
      return { ...found, results: byDate(lists, order === "desc") };
    },
  };
}

async function partPaths(base) {
  try {
    const response = await fetch(`${base}parts.json`);
    return response.ok ? await response.json() : [];
  } catch {
    return []; // an index from before parts: one bundle
  }
}

// Results shown a batch at a time: take(n) resolves to the data of the next n results.
function inOrder(results) {
  let next = 0;
  return {
    length: results.length,
    async take(count) {
      const batch = results.slice(next, next + count);
      next += batch.length;
      return Promise.all(batch.map((result) => result.data()));
    },
  };
}

function byDate(lists, newestFirst) {
  const heads = lists.map(() => null);
  const places = lists.map(() => 0);
  const head = async (i) => {
    if (heads[i] === null && places[i] < lists[i].length) heads[i] = await lists[i][places[i]].data();
    return heads[i];
  };
  const date = (data) => data.meta?.isodate || "";
  const before = (a, b) => (newestFirst ? date(a) > date(b) : date(a) < date(b));
  return {
    length: lists.reduce((sum, results) => sum + results.length, 0),
    async take(count) {
      const batch = [];
      while (batch.length < count) {
        const candidates = await Promise.all(lists.map((_, i) => head(i)));
        let best = -1;
        candidates.forEach((data, i) => {
          if (data && (best < 0 || before(data, candidates[best]))) best = i;
        });
        if (best < 0) break;
        batch.push(heads[best]);
        heads[best] = null;
        places[best] += 1;
      }
      return batch;
    },
  };
}
