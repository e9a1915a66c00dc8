// One template: description, versions (each an immutable snapshot) and the parameters of the latest version.
import { api, p } from '../api.js';
import { h } from '../dom.js';
import { lifetimeText, ruleText } from '../params.js';
import { facts, pageHead, table, time } from '../view.js';
import { validity } from './templates.js';

export async function render(main, namespace, name) {
  const t = await api.get(p`/namespaces/${namespace}/templates/${name}`);
  const create = h('a', { class: 'button primary',
    href: `/workspaces/new?template=${encodeURIComponent(`${namespace}/${name}`)}` }, 'Create workspace');
  const problems = (t.conditions || []).filter((c) => c.status !== 'True' && c.message);
  main.append(pageHead(t.displayName || t.name, `${namespace}/${name}`, create),
    h('div', { class: 'grid' },
      h('section', { class: 'panel', 'aria-labelledby': 'about-h' }, h('h2', { id: 'about-h' }, 'About'),
        t.description ? h('p', {}, t.description) : null,
        facts([['Provisioner', t.provisioner], ['Status', validity(t)],
          ['Latest version', h('span', { class: 'mono' }, t.latestVersion || '—')], ['Created', time(t.createdAt)]]),
        problems.map((c) => h('div', { class: 'notice bad' }, `${c.type}: ${c.message}`))),
      h('section', { class: 'panel', 'aria-labelledby': 'versions-h' }, h('h2', { id: 'versions-h' }, 'Versions'),
        table('Versions', ['Version', 'Created', 'Generation'], [...(t.versions || [])].reverse().map((v) =>
          h('tr', {}, h('td', { class: 'mono' }, v.version, v.version === t.latestVersion ? ' (latest)' : ''),
            h('td', {}, time(v.createdAt)), h('td', {}, v.generation ?? '—'))), 'No valid version yet.'))),
    h('section', { class: 'panel', 'aria-labelledby': 'params-h' }, h('h2', { id: 'params-h' }, 'Parameters'),
      table('Parameters', ['Name', 'Type', 'Default', 'Options', 'Rules', 'Changes'], (t.parameters || []).map((x) =>
        h('tr', {}, h('td', {}, h('strong', {}, x.displayName || x.name),
          x.displayName && x.displayName !== x.name ? h('div', { class: 'small muted mono' }, x.name) : null,
          x.description ? h('div', { class: 'small muted' }, x.description) : null),
        h('td', { class: 'mono' }, x.type), h('td', { class: 'mono' }, x.required ? '(required)' : x.defaultValue),
        h('td', {}, (x.options || []).map((o) => o.name && o.name !== o.value ? `${o.name} (${o.value})` : o.value)
          .join(', ') || '—'),
        h('td', {}, ruleText(x) || '—'), h('td', {}, lifetimeText(x)))), 'This template has no parameters.')));
}
