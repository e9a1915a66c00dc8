// The templates anyone may build from, with their latest version and whether it is valid.
import { api } from '../api.js';
import { h } from '../dom.js';
import { badge, pageHead, table } from '../view.js';
import { short } from './workspaces.js';

export function validity(t) {
  const valid = (t.conditions || []).find((c) => c.type === 'Valid');
  if (!valid) return badge('checking', 'busy');
  return valid.status === 'True' ? badge('valid', 'ok') : badge('invalid', 'bad');
}

export async function render(main) {
  const templates = (await api.get('/templates')).items;
  main.append(pageHead('Templates', 'What workspaces are built from. Admins manage them with kubectl.'),
    h('div', { class: 'panel' }, table('Templates', ['Template', 'Namespace', 'Provisioner', 'Latest version', 'Status',
      ''], templates.map((t) => {
      const link = `/templates/${encodeURIComponent(t.namespace)}/${encodeURIComponent(t.name)}`;
      return h('tr', { 'data-template': `${t.namespace}/${t.name}` },
        h('td', {}, h('a', { href: link }, t.displayName || t.name),
          t.description ? h('div', { class: 'small muted' }, t.description) : null),
        h('td', {}, t.namespace), h('td', {}, t.provisioner || '—'),
        h('td', { class: 'mono' }, short(t.latestVersion) || '—'), h('td', {}, validity(t)),
        h('td', {}, h('a', { class: 'button', href: `/workspaces/new?template=${encodeURIComponent(`${t.namespace}/${t.name}`)}` },
          'Create workspace')));
    }), 'There are no templates yet.')));
}
