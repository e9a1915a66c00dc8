// The task list: my agent tasks (admins: all) with phase, workspace, model, turns, cost and stop reason. There is no
// live feed of tasks, so the list is read again every few seconds while any of them is still going.
import { api, me } from '../api.js';
import { h, replace } from '../dom.js';
import { notify, pageHead, table, time } from '../view.js';
import { ended, money, phaseBadge, taskHref } from '../taskview.js';

const REFRESH_MS = 3000;

export async function render(main) {
  const body = h('div', { class: 'panel', 'aria-live': 'polite' }, h('p', { class: 'muted' }, 'Loading…'));
  main.append(pageHead('Agent tasks', me.admin ? 'All tasks (you are an admin)' : 'Your tasks',
    me.admin ? h('a', { class: 'button', href: '/usage' }, 'Usage') : null,
    h('a', { class: 'button primary', href: '/tasks/new' }, 'New task')), body);

  let timer = null;
  async function load() {
    let list;
    try {
      list = (await api.get('/tasks?limit=500')).items;
    } catch (e) {
      notify(main, 'bad', e.message);
      return;
    }
    // Newest first: that is the one people come back for.
    list.sort((a, b) => String(b.createdAt || '').localeCompare(String(a.createdAt || '')));
    replace(body, table('Tasks', ['Task', 'Workspace', 'Status', 'Model', 'Turns', 'Cost', 'Stop reason', 'Created',
      me.admin ? 'Owner' : null].filter(Boolean), list.map(row),
    h('span', {}, 'No tasks yet. ', h('a', { href: '/tasks/new' }, 'Give an agent a task'), '.')));
    if (list.some((t) => !ended(t))) timer = setTimeout(load, REFRESH_MS);
  }
  window.addEventListener('pagehide', () => clearTimeout(timer));
  await load();
}

function row(t) {
  const s = t.status || {};
  return h('tr', { 'data-task': `${t.namespace}/${t.name}` },
    h('td', {}, h('a', { href: taskHref(t) }, t.name), h('div', { class: 'muted small' }, t.namespace)),
    h('td', {}, t.spec?.workspace),
    h('td', {}, phaseBadge(t), s.progress && !ended(t) ? h('div', { class: 'small muted' }, s.progress) : null),
    h('td', { class: 'mono small' }, t.spec?.model || 'default'),
    h('td', {}, s.turns ?? 0),
    h('td', {}, money(s.costMicros, s.turns ?? 0)),
    h('td', { class: 'mono small' }, s.stopReason || '—'),
    h('td', {}, time(t.createdAt)),
    me.admin ? h('td', {}, t.spec?.owner || '—') : null);
}
