// Kronika search page: talks to the JSON API of `kronika-search serve` (/api/v1/search and
// /api/v1/timeline). Plain ES2020, no dependencies. All state lives in the URL query string
// (q, person, attribution, source, kind, from, to, sort, offset), so reload, back and links work.
//
// Safety: `snippet` comes HTML-escaped from the server with <mark> around matched words and is
// the only thing inserted as HTML; every other string is inserted as text.
'use strict';

(() => {
  const API = new URL('api/v1/', document.baseURI);
  const PAGE_SIZE = 10;
  const FACET_TOP = 10;
  const MULTI = ['person', 'attribution', 'source'];   // filters that may repeat (each narrows)
  const SORTS = ['relevance', 'newest', 'oldest'];
  const KINDS = ['speaker', 'source', 'claimant'];
  const FACETS = [
    { name: 'people', param: 'person', title: 'People', hint: 'mentioned in the articles' },
    { name: 'attribution', param: 'attribution', title: 'Attribution', hint: 'who said or claimed what' },
    { name: 'source', param: 'source', title: 'Outlet', hint: 'where it was published' },
  ];
  // No facet for the attribution kind: the API reads `attribution=NAME&kind=KIND` as "NAME with
  // that kind", so a kind filter would change what a click on an attribution value means. A
  // `kind` in the URL (a shared link) still works, as the API documents it, and shows as a chip.
  const KIND_TEXT = {
    speaker: 'speaker',
    source: 'source',
    claimant: 'claimant',
  };
  const KIND_TITLE = {
    speaker: 'a speaker: “said”, “told”…',
    source: 'a source: “according to”…',
    claimant: 'a claimant: “claimed by”…',
  };
  const PARAM_TEXT = { person: 'Person', attribution: 'Attribution', source: 'Outlet', kind: 'Kind' };
  const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  const MONTHS_LONG = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
    'September', 'October', 'November', 'December'];
  const numberFormat = new Intl.NumberFormat('en');

  const $ = (selector) => document.querySelector(selector);
  const els = {
    form: $('#search-form'), q: $('#q'), from: $('#from'), to: $('#to'), sort: $('#sort'),
    filters: $('#filters'), facets: $('#facets'), refine: $('#refine'), sidebar: $('.sidebar'),
    count: $('#result-count'), range: $('#result-range'), heading: $('#results-heading'),
    query: $('#result-query'),
    error: $('#error'), empty: $('#empty'), results: $('#results'), pager: $('#pager'),
    timeline: $('#timeline'), timelineHeading: $('#timeline-heading'),
    timelineReadout: $('#timeline-readout'), timelinePanel: $('#timeline-panel'),
  };

  // ---------------------------------------------------------------------------------------
  // Small helpers

  function h(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === 'class') node.className = value;
      else if (key === 'text') node.textContent = value;
      else if (key === 'dataset') Object.assign(node.dataset, value);
      else if (key === 'style') node.style.cssText = value;
      else if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? '' : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      node.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return node;
  }

  const plural = (n, one, many) => `${numberFormat.format(n)} ${n === 1 ? one : many}`;
  const sameName = (a, b) => a.localeCompare(b, undefined, { sensitivity: 'base' }) === 0;
  const isDate = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s);

  // "2024-03-27T13:57:00-04:00" -> "27 Mar 2024" (the local publication date, as published).
  function formatDate(iso) {
    const m = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso || '');
    if (!m || Number(m[2]) < 1 || Number(m[2]) > 12) return '';
    return `${Number(m[3])} ${MONTHS[Number(m[2]) - 1]} ${m[1]}`;
  }

  function formatBucket(bucket, by) {
    let m;
    if (by === 'month' && (m = /^(\d{4})-(\d{2})$/.exec(bucket))) {
      return `${MONTHS_LONG[Number(m[2]) - 1]} ${m[1]}`;
    }
    if (by === 'day') return formatDate(bucket);
    if (by === 'week') return `Week ${bucket}`;
    return bucket;
  }

  function safeUrl(url) {
    try {
      const u = new URL(url);
      return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
    } catch {
      return null;
    }
  }

  function hostOf(url) {
    try { return new URL(url).hostname.replace(/^www\./, ''); } catch { return ''; }
  }

  // ---------------------------------------------------------------------------------------
  // State <-> URL

  function emptyState() {
    return { q: '', person: [], attribution: [], source: [], kind: '', from: '', to: '', sort: '', offset: 0 };
  }

  function readState() {
    const p = new URLSearchParams(location.search);
    const s = emptyState();
    s.q = p.get('q') || '';
    for (const key of MULTI) {
      const seen = [];
      for (const v of p.getAll(key)) {
        const value = v.trim();
        if (value && !seen.some((x) => sameName(x, value))) seen.push(value);
      }
      s[key] = seen;
    }
    s.kind = KINDS.includes(p.get('kind')) ? p.get('kind') : '';
    s.from = p.get('from') || '';
    s.to = p.get('to') || '';
    s.sort = SORTS.includes(p.get('sort')) ? p.get('sort') : '';
    const offset = Number.parseInt(p.get('offset') || '0', 10);
    s.offset = Number.isFinite(offset) && offset > 0 ? offset : 0;
    return s;
  }

  // Filters shared by search and timeline requests.
  function filterParams(s) {
    const p = new URLSearchParams();
    p.set('q', s.q);
    for (const key of MULTI) for (const v of s[key]) p.append(key, v);
    if (s.kind) p.set('kind', s.kind);
    if (s.from) p.set('from', s.from);
    if (s.to) p.set('to', s.to);
    return p;
  }

  function urlParams(s) {
    const p = filterParams(s);
    if (!s.q) p.delete('q');
    if (s.sort) p.set('sort', s.sort);
    if (s.offset) p.set('offset', String(s.offset));
    return p;
  }

  function pageUrl(s) {
    const qs = urlParams(s).toString();
    return qs ? `?${qs}` : location.pathname;
  }

  const effectiveSort = (s) => s.sort || (s.q.trim() ? 'relevance' : 'newest');
  const hasFilters = (s) => MULTI.some((k) => s[k].length) || Boolean(s.kind || s.from || s.to);

  let state = readState();

  // Changes the state, records it in the history and searches. Any change but paging starts
  // again at the first page.
  function navigate(change, { keepOffset = false } = {}) {
    const next = { ...state, ...change };
    for (const key of MULTI) next[key] = [...next[key]];
    if (!keepOffset && !('offset' in change)) next.offset = 0;
    state = next;
    const url = pageUrl(state);
    if (url === pageUrl(readState())) history.replaceState(null, '', url);   // the same search again
    else history.pushState(null, '', url);
    syncForm();
    load();
  }

  function syncForm() {
    els.q.value = state.q;
    els.from.value = state.from;
    els.to.value = state.to;
    els.sort.value = effectiveSort(state);
    document.title = state.q.trim() ? `${state.q.trim()} — Kronika` : 'Kronika — news archive search';
  }

  // ---------------------------------------------------------------------------------------
  // API

  class ApiError extends Error {
    constructor(message, status) {
      super(message);
      this.status = status;
    }
  }

  async function getJSON(endpoint, params, signal) {
    const url = new URL(endpoint, API);
    url.search = params.toString();
    let response;
    try {
      response = await fetch(url, { signal, headers: { Accept: 'application/json' } });
    } catch (e) {
      if (e.name === 'AbortError') throw e;
      throw new ApiError('Could not reach the search server. Is kronika-search serve running?', 0);
    }
    let body = null;
    try {
      body = await response.json();
    } catch {
      body = null;
    }
    if (!response.ok || !body || body.error) {
      const message = body && body.error && body.error.message
        ? body.error.message
        : `The server answered ${response.status} ${response.statusText}`.trim();
      throw new ApiError(message, response.status);
    }
    return body;
  }

  // ---------------------------------------------------------------------------------------
  // Loading

  let controller = null;
  let generation = 0;
  let pendingFocus = null;   // a data-focus-key to give focus back to after re-rendering

  function load() {
    if (controller) controller.abort();
    controller = new AbortController();
    const { signal } = controller;
    const gen = ++generation;
    const s = state;

    document.body.classList.add('is-loading');
    els.results.dataset.state = 'loading';
    els.results.setAttribute('aria-busy', 'true');
    renderFilters(s);

    const searchParams = filterParams(s);
    searchParams.set('sort', effectiveSort(s));
    searchParams.set('limit', String(PAGE_SIZE));
    searchParams.set('offset', String(s.offset));
    searchParams.set('facets', FACETS.map((f) => f.name).join(','));
    searchParams.set('top', String(FACET_TOP));
    searchParams.set('exact', '1');

    const search = getJSON('search', searchParams, signal).then((data) => {
      if (gen !== generation) return;
      renderSearch(s, data);
    }, (error) => {
      if (error.name === 'AbortError' || gen !== generation) return;
      renderSearchError(error);
    });

    const timeline = loadTimeline(s, signal).then((data) => {
      if (gen !== generation) return;
      renderTimeline(s, data);
    }, (error) => {
      if (error.name === 'AbortError' || gen !== generation) return;
      renderTimelineError(error);
    });

    Promise.allSettled([search, timeline]).then((outcomes) => {
      if (gen !== generation) return;
      document.body.classList.remove('is-loading');
      restoreFocus();
      // A bug while rendering: say so, and let it reach the console (and the browser test).
      for (const outcome of outcomes) {
        if (outcome.status !== 'rejected') continue;
        els.error.replaceChildren(h('strong', { text: 'Something went wrong. ' }),
          h('span', { class: 'error-message', text: String(outcome.reason && outcome.reason.message) }));
        els.error.hidden = false;
        setTimeout(() => { throw outcome.reason; });
      }
    });
  }

  // Buckets: days for a range of up to three months, else months (years when there would be
  // more than 240 months).
  async function loadTimeline(s, signal) {
    let by = 'month';
    if (isDate(s.from) && isDate(s.to)) {
      const days = (Date.parse(s.to) - Date.parse(s.from)) / 86400000;
      if (days >= 0 && days <= 92) by = 'day';
    }
    const params = filterParams(s);
    params.set('by', by);
    let data = await getJSON('timeline', params, signal);
    if (by === 'month' && data.buckets && data.buckets.length > 240) {
      params.set('by', 'year');
      data = await getJSON('timeline', params, signal);
    }
    return data;
  }

  function rememberFocus(key) {
    pendingFocus = key;
  }

  function restoreFocus() {
    if (!pendingFocus) return;
    const key = pendingFocus;
    pendingFocus = null;
    const target = [...document.querySelectorAll('[data-focus-key]')].find((el) => el.dataset.focusKey === key);
    if (target) target.focus();
    else els.heading.focus();
  }

  // ---------------------------------------------------------------------------------------
  // Rendering: active filters

  function renderFilters(s) {
    const chips = [];
    for (const key of MULTI) {
      for (const value of s[key]) {
        chips.push(chip(key, value, `${PARAM_TEXT[key]}`, value, () => {
          navigate({ [key]: state[key].filter((v) => !sameName(v, value)) });
        }));
      }
    }
    if (s.kind) {
      chips.push(chip('kind', s.kind, PARAM_TEXT.kind, KIND_TEXT[s.kind] || s.kind, () => navigate({ kind: '' })));
    }
    if (s.from || s.to) {
      let text;
      if (s.from && s.to) text = `${formatDate(s.from) || s.from} – ${formatDate(s.to) || s.to}`;
      else if (s.from) text = `from ${formatDate(s.from) || s.from}`;
      else text = `until ${formatDate(s.to) || s.to}`;
      chips.push(chip('dates', `${s.from}..${s.to}`, 'Published', text, () => navigate({ from: '', to: '' })));
    }
    els.filters.replaceChildren();
    els.filters.hidden = chips.length === 0;
    if (!chips.length) return;
    els.filters.append(h('span', { class: 'filters-label', id: 'filters-label', text: 'Filtered by' }));
    els.filters.append(h('ul', { class: 'chips', 'aria-labelledby': 'filters-label' }, chips.map((c) => h('li', null, c))));
    if (chips.length > 1) {
      els.filters.append(h('button', {
        type: 'button', class: 'btn-link clear-all', text: 'Clear all filters',
        dataset: { focusKey: 'clear-all' },
        onclick: () => { rememberFocus('search'); navigate({ person: [], attribution: [], source: [], kind: '', from: '', to: '' }); },
      }));
    }
  }

  function chip(param, value, label, text, remove) {
    const key = `chip:${param}:${value}`;
    return h('button', {
      type: 'button', class: 'chip',
      dataset: { param, value, focusKey: key },
      'aria-label': `Remove filter ${label}: ${text}`,
      title: 'Remove this filter',
      onclick: () => { rememberFocus('heading'); remove(); },
    },
    h('span', { class: 'chip-label', text: label }),
    h('span', { class: 'chip-value', text }),
    h('span', { class: 'chip-x', 'aria-hidden': 'true', text: '×' }));
  }

  // ---------------------------------------------------------------------------------------
  // Rendering: search results, count, paging, facets

  function renderSearch(s, data) {
    els.error.hidden = true;
    els.timelinePanel.hidden = !(Number(data.total) > 0);
    els.results.removeAttribute('aria-busy');
    const total = Number(data.total) || 0;
    const results = Array.isArray(data.results) ? data.results : [];
    const about = data.total_exact === false ? 'about ' : '';

    els.count.textContent = total === 0 ? 'No articles found' : `${about}${plural(total, 'article', 'articles')}`;
    els.query.textContent = s.q.trim() && total > 0 ? ` for “${s.q.trim()}”` : '';
    if (results.length) {
      const first = s.offset + 1;
      const last = s.offset + results.length;
      const order = { relevance: 'best match first', newest: 'newest first', oldest: 'oldest first' }[effectiveSort(s)];
      els.range.textContent = `Showing ${numberFormat.format(first)}–${numberFormat.format(last)}, ${order}`;
    } else {
      els.range.textContent = '';
    }

    els.results.replaceChildren(...results.map((r) => renderResult(r, s)));
    els.results.start = s.offset + 1;
    els.results.dataset.state = 'ready';
    els.results.dataset.total = String(total);

    renderEmpty(s, total, results.length);
    renderPager(s, total, results.length);
    renderFacets(s, data);
  }

  function renderSearchError(error) {
    els.results.removeAttribute('aria-busy');
    els.results.replaceChildren();
    els.results.dataset.state = 'error';
    els.timelinePanel.hidden = true;   // it would only repeat the message
    els.count.textContent = 'Search failed';
    els.query.textContent = '';
    els.range.textContent = '';
    els.empty.hidden = true;
    els.pager.hidden = true;
    els.facets.replaceChildren();
    els.sidebar.hidden = true;
    els.error.replaceChildren(
      h('strong', { text: error.status >= 400 && error.status < 500 ? 'The search could not run. ' : 'Something went wrong. ' }),
      h('span', { class: 'error-message', text: error.message }),
    );
    els.error.hidden = false;
  }

  function renderResult(r, s) {
    const url = safeUrl(r.url);
    const outlet = r.source || (url ? hostOf(url) : '');
    const title = r.title || r.id || 'Untitled article';

    const meta = h('p', { class: 'result-meta' },
      outlet ? h('span', { class: 'result-outlet', text: outlet }) : null,
      r.date ? h('time', { class: 'result-date', datetime: r.date_utc || r.date, title: r.date, text: formatDate(r.date) }) : h('span', { class: 'result-date undated', text: 'Undated' }),
      r.story_size > 1 ? h('span', { class: 'result-story', text: `one of ${r.story_size} copies of this story` }) : null);

    const heading = h('h3', { class: 'result-title' },
      url ? h('a', { href: url, rel: 'noopener noreferrer', text: title }) : h('span', { text: title }));

    const snippet = h('p', { class: 'snippet' });
    snippet.innerHTML = r.snippet || '';   // HTML-escaped by the server, <mark> only

    const people = Array.isArray(r.people) ? r.people : [];
    const peopleList = people.length ? h('div', { class: 'result-people' },
      h('span', { class: 'result-label', text: people.length === 1 ? 'Person' : 'People' }),
      h('ul', { class: 'people' }, people.map((name) => {
        const active = s.person.some((v) => sameName(v, name));
        return h('li', null, h('button', {
          type: 'button', class: `person${active ? ' is-active' : ''}`,
          dataset: { value: name, focusKey: `person:${r.id}:${name}` },
          'aria-pressed': active ? 'true' : 'false',
          title: active ? `Filtering by ${name}` : `Only articles mentioning ${name}`,
          text: name,
          onclick: () => {
            if (active) return;
            rememberFocus('heading');
            navigate({ person: [...state.person, name] });
          },
        }));
      }))) : null;

    const attributions = Array.isArray(r.attributions) ? r.attributions : [];
    let quotes = null;
    if (attributions.length) {
      const names = [];
      for (const a of attributions) if (!names.includes(a.name)) names.push(a.name);
      const shown = names.slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
      quotes = h('details', { class: 'result-quotes' },
        h('summary', null,
          h('span', { class: 'result-label', text: 'Who said what' }),
          h('span', { class: 'quotes-names', text: shown })),
        h('ul', { class: 'quotes' }, attributions.map((a) => h('li', { class: 'quote' },
          h('span', { class: 'quote-who' },
            h('span', { class: 'quote-name', text: a.name }),
            h('span', { class: `kind kind-${KINDS.includes(a.kind) ? a.kind : 'other'}`, text: a.kind || '' })),
          h('span', { class: 'quote-text' },
            a.cue ? h('span', { class: 'quote-cue', text: `${a.cue}: ` }) : null,
            a.quote ? h('q', { text: a.quote }) : null)))));
    }

    return h('li', { class: 'result', dataset: { id: r.id, date: r.date ? String(r.date).slice(0, 10) : '' } },
      h('article', null, meta, heading, snippet, peopleList, quotes));
  }

  function renderEmpty(s, total, shown) {
    els.empty.replaceChildren();
    if (total > 0 && shown > 0) {
      els.empty.hidden = true;
      return;
    }
    if (total > 0) {
      els.empty.append(
        h('p', { class: 'empty-title', text: 'This page is past the last result.' }),
        h('p', null, h('a', { href: pageUrl({ ...s, offset: 0 }), onclick: linkHandler({ offset: 0 }), text: 'Go to the first page' })));
    } else {
      const q = s.q.trim();
      if (!q && !hasFilters(s)) {
        els.empty.append(h('p', { class: 'empty-title', text: 'The archive is empty.' }),
          h('p', null, 'Add articles with ', h('code', { text: 'kronika-index add --db DIR PATH…' }), ', then search again.'));
        els.empty.hidden = false;
        return;
      }
      els.empty.append(h('p', { class: 'empty-title' },
        q ? ['No articles match ', h('q', { text: q }), hasFilters(s) ? ' with these filters.' : '.']
          : 'No articles match these filters.'));
      const tips = [];
      if (hasFilters(s)) tips.push(h('li', null, 'Remove a filter above, or ',
        h('button', { type: 'button', class: 'btn-link', text: 'clear all filters', onclick: () => navigate({ person: [], attribution: [], source: [], kind: '', from: '', to: '' }) }), '.'));
      if (q && /\s/.test(q) && !/\bOR\b/.test(q)) tips.push(h('li', { text: 'Every word must match: try fewer words, or join them with OR.' }));
      if (q.includes('"')) tips.push(h('li', { text: 'An "exact phrase" needs the words in a row: try them without quotes.' }));
      tips.push(h('li', { text: 'Check the spelling; accents and case do not matter.' }));
      els.empty.append(h('ul', { class: 'tips' }, tips));
    }
    els.empty.hidden = false;
  }

  function linkHandler(change) {
    return (event) => {
      if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      navigate(change, { keepOffset: true });
      els.heading.focus({ preventScroll: true });
      els.heading.scrollIntoView({ block: 'start', behavior: 'smooth' });
    };
  }

  function renderPager(s, total, shown) {
    els.pager.replaceChildren();
    if (total <= PAGE_SIZE || shown === 0) {
      els.pager.hidden = true;
      return;
    }
    const page = Math.floor(s.offset / PAGE_SIZE) + 1;
    const pages = Math.ceil(total / PAGE_SIZE);
    const prevOffset = Math.max(0, s.offset - PAGE_SIZE);
    const nextOffset = s.offset + PAGE_SIZE;
    const prev = s.offset > 0
      ? h('a', { class: 'btn pager-prev', rel: 'prev', href: pageUrl({ ...s, offset: prevOffset }), onclick: linkHandler({ offset: prevOffset }) }, h('span', { 'aria-hidden': 'true', text: '← ' }), 'Previous')
      : h('span', { class: 'btn pager-prev is-disabled', 'aria-disabled': 'true' }, h('span', { 'aria-hidden': 'true', text: '← ' }), 'Previous');
    const next = nextOffset < total
      ? h('a', { class: 'btn pager-next', rel: 'next', href: pageUrl({ ...s, offset: nextOffset }), onclick: linkHandler({ offset: nextOffset }) }, 'Next', h('span', { 'aria-hidden': 'true', text: ' →' }))
      : h('span', { class: 'btn pager-next is-disabled', 'aria-disabled': 'true' }, 'Next', h('span', { 'aria-hidden': 'true', text: ' →' }));
    els.pager.append(prev, h('span', { class: 'pager-status', text: `Page ${numberFormat.format(page)} of ${numberFormat.format(pages)}` }), next);
    els.pager.hidden = false;
  }

  // The attribution facet counts names; the kinds a name was given come from the results shown
  // (or from the facet value itself, should the API add them).
  function kindsByName(results) {
    const map = new Map();
    for (const r of results || []) {
      for (const a of r.attributions || []) {
        const key = a.name.toLocaleLowerCase();
        if (!map.has(key)) map.set(key, new Set());
        if (a.kind) map.get(key).add(a.kind);
      }
    }
    return map;
  }

  function renderFacets(s, data) {
    const facets = data.facets || {};
    const kinds = kindsByName(data.results);
    const groups = [];
    for (const f of FACETS) {
      const facet = facets[f.name];
      const values = facet && Array.isArray(facet.values) ? facet.values : [];
      if (!values.length) continue;
      const max = Math.max(...values.map((v) => v.count), 1);
      const headingId = `facet-${f.name}-heading`;
      groups.push(h('section', { class: 'facet-group', dataset: { facet: f.name }, 'aria-labelledby': headingId },
        h('h2', { class: 'facet-title', id: headingId }, f.title,
          h('span', { class: 'facet-hint', text: f.hint })),
        h('ul', { class: 'facet-list' }, values.map((v) => {
          const active = s[f.param].some((x) => sameName(x, v.value));
          let tags = [];
          if (f.name === 'attribution') {
            let k = [];
            if (typeof v.kind === 'string') k = [v.kind];
            else if (Array.isArray(v.kinds)) k = v.kinds.map((x) => (typeof x === 'string' ? x : x.kind || x.value));
            else if (v.kinds && typeof v.kinds === 'object') k = Object.keys(v.kinds);
            else k = [...(kinds.get(v.value.toLocaleLowerCase()) || [])];
            tags = KINDS.filter((x) => k.includes(x));
          }
          const countText = numberFormat.format(v.count);
          return h('li', null, h('button', {
            type: 'button',
            class: `facet-value${active ? ' is-active' : ''}`,
            dataset: { facet: f.name, value: v.value, focusKey: `facet:${f.name}:${v.value}` },
            'aria-pressed': active ? 'true' : 'false',
            style: `--share:${(v.count / max).toFixed(3)}`,
            title: active ? 'Remove this filter' : ({
              people: `Only articles mentioning ${v.value}`,
              attribution: `Only articles attributing statements to ${v.value}`,
              source: `Only articles from ${v.value}`,
            })[f.name],
            onclick: () => {
              rememberFocus(`facet:${f.name}:${v.value}`);
              if (active) navigate({ [f.param]: state[f.param].filter((x) => !sameName(x, v.value)) });
              else navigate({ [f.param]: [...state[f.param], v.value] });
            },
          },
          h('span', { class: 'facet-label' },
            h('span', { class: 'facet-name', text: v.value }),
            tags.map((t) => h('span', { class: `kind kind-${t}`, title: KIND_TITLE[t], text: KIND_TEXT[t] }))),
          h('span', { class: 'facet-count' }, countText, h('span', { class: 'visually-hidden', text: v.count === 1 ? ' article' : ' articles' }))));
        }))));
    }
    if (!groups.length && data.total) {
      groups.push(h('p', { class: 'facets-empty', text: 'No people, attributions or outlets in these articles.' }));
    }
    els.facets.replaceChildren(...groups);
    els.sidebar.hidden = groups.length === 0;
  }

  // ---------------------------------------------------------------------------------------
  // Rendering: timeline (HTML buttons as bars: focusable, with accessible names)

  let timelineDefault = '';

  function renderTimeline(s, data) {
    const buckets = Array.isArray(data.buckets) ? data.buckets : [];
    const by = data.by || 'month';
    els.timelineHeading.textContent = `Matches by ${by}`;
    els.timeline.replaceChildren();
    els.timeline.dataset.by = by;
    const matches = Number(data.matches) || 0;
    const undated = Number(data.undated) || 0;

    if (!buckets.length) {
      els.timelinePanel.classList.add('is-empty');
      timelineDefault = matches ? `${plural(undated, 'article has', 'articles have')} no date.` : 'No dated articles to plot.';
      els.timelineReadout.textContent = timelineDefault;
      return;
    }
    els.timelinePanel.classList.remove('is-empty');
    const max = Math.max(...buckets.map((b) => b.count), 0);
    const span = `${formatBucket(buckets[0].bucket, by)} – ${formatBucket(buckets[buckets.length - 1].bucket, by)}`;
    timelineDefault = `${span}${undated ? ` · ${plural(undated, 'undated article', 'undated articles')} not shown` : ''}`;
    els.timelineReadout.textContent = timelineDefault;

    const chart = h('div', { class: 'tl-chart' });
    const scale = h('div', { class: 'tl-scale', 'aria-hidden': 'true' },
      h('span', { text: numberFormat.format(max) }), h('span', { text: '0' }));
    const grid = h('div', {
      class: 'tl-grid', role: 'group',
      'aria-label': `Matching articles by ${by}. Use the arrow keys to move between bars; press Enter to narrow the dates to one ${by}.`,
      style: `--n:${buckets.length}`,
    });

    // Roving tab stop: one bar is in the tab order; arrow keys move between bars.
    const selected = buckets.findIndex((b) => b.start === s.from && b.end === s.to);
    let tabIndex = selected >= 0 ? selected : buckets.reduce((best, b, i) => (b.count > buckets[best].count ? i : best), 0);

    const bars = buckets.map((b, i) => {
      const label = `${b.bucket}: ${plural(b.count, 'article', 'articles')}`;
      const height = max ? (b.count / max) * 100 : 0;
      const isSel = i === selected;
      const bar = h('button', {
        type: 'button',
        class: `bar${b.count ? '' : ' is-zero'}${isSel ? ' is-selected' : ''}`,
        dataset: { start: b.start, end: b.end, bucket: b.bucket, count: String(b.count), focusKey: `bar:${b.bucket}` },
        'aria-label': label,
        'aria-pressed': isSel ? 'true' : 'false',
        'aria-disabled': b.count ? null : 'true',   // nothing to narrow to
        tabindex: i === tabIndex ? '0' : '-1',
        style: `grid-column:${i + 1}`,
        onclick: () => {
          if (!b.count) return;
          rememberFocus(`bar:${b.bucket}`);
          navigate({ from: b.start, to: b.end });
        },
        onfocus: () => showReadout(b, by),
        onmouseenter: () => showReadout(b, by),
        onmouseleave: () => { els.timelineReadout.textContent = timelineDefault; },
        onblur: () => { els.timelineReadout.textContent = timelineDefault; },
      }, h('span', { class: 'bar-fill', style: `height:${b.count ? Math.max(height, 3).toFixed(2) : 0}%` }));
      return bar;
    });
    grid.addEventListener('keydown', (event) => {
      const i = bars.indexOf(document.activeElement);
      if (i < 0) return;
      let j = i;
      if (event.key === 'ArrowRight' || event.key === 'ArrowDown') j = Math.min(bars.length - 1, i + 1);
      else if (event.key === 'ArrowLeft' || event.key === 'ArrowUp') j = Math.max(0, i - 1);
      else if (event.key === 'Home') j = 0;
      else if (event.key === 'End') j = bars.length - 1;
      else return;
      event.preventDefault();
      bars[i].tabIndex = -1;
      bars[j].tabIndex = 0;
      bars[j].focus();
    });
    grid.append(...bars);

    // Axis labels: years for months, months for days, every year (or every few) for years.
    const axis = h('div', { class: 'tl-axis', 'aria-hidden': 'true', style: `--n:${buckets.length}` });
    const groups = [];
    for (let i = 0; i < buckets.length; i++) {
      const b = buckets[i];
      let key;
      let text;
      if (by === 'month') { key = b.bucket.slice(0, 4); text = key; }
      else if (by === 'day') { key = b.bucket.slice(0, 7); text = `${MONTHS[Number(b.bucket.slice(5, 7)) - 1]} ${b.bucket.slice(0, 4)}`; }
      else if (by === 'year') { key = String(Math.floor(Number(b.bucket) / (buckets.length > 24 ? 10 : 1))); text = b.bucket; }
      else { key = b.start.slice(0, 7); text = formatDate(b.start).replace(/^\d+ /, ''); }
      const last = groups[groups.length - 1];
      if (last && last.key === key) last.span++;
      else groups.push({ key, text, start: i, span: 1 });
    }
    for (const g of groups) {
      const narrow = g.span < buckets.length / 12;   // too little room: short label or none
      let text = g.text;
      if (narrow && by === 'month') text = `’${g.text.slice(2)}`;
      if (narrow && by === 'day') text = g.text.slice(0, 3);
      axis.append(h('span', { class: 'tl-label', style: `grid-column:${g.start + 1} / span ${g.span}`, text: g.span >= 2 || buckets.length <= 12 ? text : '' }));
    }

    chart.append(scale, h('div', { class: 'tl-plot' }, grid, axis));
    els.timeline.append(chart);
  }

  function showReadout(b, by) {
    els.timelineReadout.textContent = `${formatBucket(b.bucket, by)}: ${plural(b.count, 'article', 'articles')}${b.count ? ' — click to narrow the dates' : ''}`;
  }

  function renderTimelineError(error) {
    els.timeline.replaceChildren(h('p', { class: 'timeline-error', text: `The timeline could not be drawn: ${error.message}` }));
    els.timelineReadout.textContent = '';
  }

  // ---------------------------------------------------------------------------------------
  // Events

  els.form.addEventListener('submit', (event) => {
    event.preventDefault();
    rememberFocus(null);
    // The sort stays as chosen (a change of the select searches at once); with no explicit
    // choice it follows the query: best match for words, newest first for none.
    navigate({ q: els.q.value.trim(), from: validDateInput(els.from), to: validDateInput(els.to) });
  });

  function validDateInput(input) {
    return input.value && isDate(input.value) ? input.value : '';
  }

  els.sort.addEventListener('change', () => {
    navigate({ sort: els.sort.value, q: els.q.value.trim() });
  });

  // Dates apply by themselves once a whole date has been entered (debounced: typing a year
  // goes through intermediate values), or with Enter like the query.
  let dateTimer = 0;
  for (const input of [els.from, els.to]) {
    input.addEventListener('change', () => {
      clearTimeout(dateTimer);
      dateTimer = setTimeout(() => {
        const from = validDateInput(els.from);
        const to = validDateInput(els.to);
        if (from === state.from && to === state.to) return;
        if ((els.from.value && !from) || (els.to.value && !to)) return;
        if (from && Number(from.slice(0, 4)) < 1000) return;
        if (to && Number(to.slice(0, 4)) < 1000) return;
        navigate({ from, to, q: els.q.value.trim() });
      }, 700);
    });
  }

  window.addEventListener('popstate', () => {
    state = readState();
    syncForm();
    load();
  });

  // "/" focuses the search box (unless typing somewhere already).
  document.addEventListener('keydown', (event) => {
    if (event.key !== '/' || event.ctrlKey || event.metaKey || event.altKey) return;
    const t = event.target;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement || (t && t.isContentEditable)) return;
    event.preventDefault();
    els.q.focus();
    els.q.select();
  });

  // Facets: a sidebar on wide screens, a collapsed panel above the results on narrow ones.
  const wide = window.matchMedia('(min-width: 52em)');
  function syncRefine() {
    els.refine.open = wide.matches;
  }
  wide.addEventListener('change', syncRefine);
  syncRefine();

  els.heading.dataset.focusKey = 'heading';
  els.q.dataset.focusKey = 'search';

  syncForm();
  load();
})();
