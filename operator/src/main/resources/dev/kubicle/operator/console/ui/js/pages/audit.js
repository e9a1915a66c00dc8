// The audit log (admins): who did what to which object, when, from where, and the result; filters and paging.
import { api, me } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { badge, notify, pageHead, table } from '../view.js';

const RESULTS = { ok: 'ok', denied: 'bad', invalid: 'warn', error: 'bad' };

export async function render(main) {
  main.append(pageHead('Audit log', 'Every change made through the API or the console, newest first.'));
  if (!me.admin) {
    main.append(h('div', { class: 'panel empty' }, 'Only admins can read the audit log.'));
    return;
  }
  const filters = ['actor', 'action', 'namespace', 'name', 'since'].map((key) => {
    const id = uid(`audit-${key}`);
    const input = h('input', { id, name: key, autocomplete: 'off',
      placeholder: key === 'since' ? '2026-12-01T10:00:00Z' : key === 'action' ? 'workspace.stop' : '' });
    return { key, input, element: h('div', { class: 'field' }, h('label', { for: id }, key[0].toUpperCase() + key.slice(1)), input) };
  });
  const query = new URLSearchParams(window.location.search);
  filters.forEach((f) => { f.input.value = query.get(f.key) || ''; });
  const form = h('form', { class: 'panel filters', 'aria-label': 'Filter the audit log' }, filters.map((f) => f.element),
    h('button', { type: 'submit', class: 'primary' }, 'Filter'));
  const results = h('div', { class: 'panel', 'aria-live': 'polite' });
  const more = h('button', { type: 'button', hidden: true }, 'Older entries');
  main.append(form, results, h('div', { class: 'actions' }, more));

  let rows = [];
  let beforeId = null;
  async function load(append) {
    const params = new URLSearchParams();
    filters.forEach((f) => { if (f.input.value.trim()) params.set(f.key, f.input.value.trim()); });
    params.set('limit', '50');
    if (append && beforeId) params.set('beforeId', String(beforeId));
    let page;
    try {
      page = await api.get(`/audit?${params}`);
    } catch (e) {
      notify(main, 'bad', e.message);
      return;
    }
    rows = append ? rows.concat(page.items) : page.items;
    beforeId = page.beforeId ?? null;
    more.hidden = !beforeId;
    replace(results, table('Audit entries', ['When', 'Who', 'Action', 'Object', 'From', 'Result', 'Detail'],
      rows.map((e) => h('tr', {},
        h('td', { class: 'small' }, h('time', { datetime: e.at }, new Date(e.at).toLocaleString())),
        h('td', {}, e.actor, e.actorKey ? h('div', { class: 'small muted mono' }, e.actorKey) : null),
        h('td', { class: 'mono small' }, e.action),
        h('td', {}, [e.kind, [e.namespace, e.name].filter(Boolean).join('/')].filter(Boolean).join(' ') || '—'),
        h('td', { class: 'mono small' }, e.sourceAddress || '—'),
        h('td', {}, badge(e.result, RESULTS[e.result])),
        h('td', { class: 'small' }, e.detail || ''))), 'No entries match.'));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const params = new URLSearchParams();
    filters.forEach((f) => { if (f.input.value.trim()) params.set(f.key, f.input.value.trim()); });
    history.replaceState(null, '', `/audit${params.toString() ? '?' + params : ''}`);
    load(false);
  });
  more.addEventListener('click', () => load(true));
  await load(false);
}
