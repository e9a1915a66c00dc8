// Model usage for a month (UTC): admins see everyone's, with the CSV download; a member sees their own.
import { api, me } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { notify, pageHead, table } from '../view.js';
import { money, tokens } from '../taskview.js';

export async function render(main) {
  const query = new URLSearchParams(window.location.search);
  const monthId = uid('month');
  const month = h('input', { type: 'month', id: monthId, name: 'month', value: query.get('month') || '' });
  const download = h('a', { class: 'button', id: 'usage-csv', download: '' }, 'Download CSV');
  const form = h('form', { class: 'panel filters', 'aria-label': 'Choose the month' },
    h('div', { class: 'field' }, h('label', { for: monthId }, 'Month (UTC)'), month),
    h('button', { type: 'submit', class: 'primary' }, 'Show'), download);
  const results = h('div', { class: 'panel', 'aria-live': 'polite', id: 'usage' });
  main.append(pageHead('Model usage', me.admin ? 'Everyone\'s model calls, tokens and cost' : 'Your model calls, '
    + 'tokens and cost'), form, results);

  async function load() {
    const params = new URLSearchParams();
    if (month.value) params.set('month', month.value);
    if (!me.admin) params.set('mine', 'true');
    let data;
    try {
      data = await api.get(`/usage?${params}`);
    } catch (e) {
      notify(main, 'bad', e.message);
      return;
    }
    if (!month.value) month.value = data.month;
    // The month the server answered for (the current one when none was chosen), so the file matches the table.
    const csv = new URLSearchParams({ month: data.month });
    if (!me.admin) csv.set('mine', 'true');
    download.setAttribute('href', `/api/v1/usage.csv?${csv}`);
    const t = data.totals || {};
    const cells = (r) => [h('td', {}, String(r.calls)), h('td', {}, tokens(r.usage?.input)),
      h('td', {}, tokens(r.usage?.output)), h('td', {}, tokens(r.usage?.cacheRead)),
      h('td', {}, tokens(r.usage?.cacheWrite)), h('td', {}, money(r.costMicros)),
      h('td', {}, r.unpricedCalls ? String(r.unpricedCalls) : '—')];
    const rows = (data.items || []).map((r) => h('tr', { 'data-usage': `${r.owner}/${r.model}` },
      h('td', {}, r.owner), h('td', { class: 'mono small' }, r.provider), h('td', { class: 'mono small' }, r.model),
      cells(r)));
    if (rows.length) {
      rows.push(h('tr', { class: 'total' }, h('th', { scope: 'row', colspan: '3' }, 'Total'), cells(t)));
    }
    replace(results, h('h2', {}, `Usage in ${data.month}`), table('Usage', ['User', 'Provider', 'Model', 'Calls',
      'Input', 'Output', 'Cache read', 'Cache write', 'Cost', 'Unpriced calls'], rows, 'No model calls this month.'));
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    history.replaceState(null, '', `/usage${month.value ? `?month=${encodeURIComponent(month.value)}` : ''}`);
    load();
  });
  await load();
}
