// The workspaces list: phase, template, deadline and actions, kept current by the live feed.
import { me } from '../api.js';
import { actionButtons } from '../actions.js';
import { h, replace } from '../dom.js';
import { watchWorkspaces } from '../live.js';
import { badge, pageHead, table, time } from '../view.js';

export async function render(main) {
  const body = h('div', { class: 'panel', 'aria-live': 'polite', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  const state = h('span', { class: 'muted small', id: 'live-state' }, 'connecting…');
  main.append(pageHead('Workspaces', me.admin ? 'All workspaces (you are an admin)' : 'Your workspaces',
    state, h('a', { class: 'button primary', href: '/workspaces/new' }, 'New workspace')), body);

  watchWorkspaces((all) => {
    body.setAttribute('aria-busy', 'false');
    const list = [...all.values()].sort((a, b) => `${a.namespace}/${a.name}`.localeCompare(`${b.namespace}/${b.name}`));
    replace(body, table('Workspaces', ['Name', 'Template', 'Status', 'Agent', 'Deadline', me.admin ? 'Owner' : null,
      'Actions'].filter(Boolean), list.map((ws) => row(ws, main)),
    h('span', {}, 'No workspaces yet. ', h('a', { href: '/workspaces/new' }, 'Create one from a template'), '.')));
  }, (s) => { state.textContent = s === 'live' ? '● live' : s; });
}

function row(ws, main) {
  const status = ws.status || {};
  const version = status.templateVersion || ws.template?.version;
  return h('tr', { 'data-workspace': `${ws.namespace}/${ws.name}` },
    h('td', {}, h('a', { href: `/workspaces/${encodeURIComponent(ws.namespace)}/${encodeURIComponent(ws.name)}` },
      ws.name), h('div', { class: 'muted small' }, ws.namespace)),
    h('td', {}, ws.template?.name, version ? h('div', { class: 'muted small mono' }, short(version)) : null,
      status.outdated ? h('div', {}, badge('update available', 'warn')) : null),
    h('td', {}, ws.deleting ? badge('Deleting') : badge(status.phase || 'Pending'),
      status.message && status.phase === 'Failed' ? h('div', { class: 'small muted' }, status.message) : null),
    h('td', {}, agentSummary(status.agent)),
    h('td', {}, time(status.deadline)),
    me.admin ? h('td', {}, ws.owner) : null,
    h('td', {}, actionButtons(ws, main)));
}

export function agentSummary(agent) {
  if (!agent) return h('span', { class: 'muted' }, '—');
  if (!agent.connected) return badge('disconnected', '');
  const ready = agent.lifecycle === 'ready';
  const failed = agent.lifecycle === 'start_error' || agent.lifecycle === 'start_timeout';
  return badge(agent.lifecycle || 'connected', ready ? 'ok' : failed ? 'bad' : 'busy');
}

export function short(version) {
  return version && version.length > 12 ? version.slice(0, 12) : version;
}
