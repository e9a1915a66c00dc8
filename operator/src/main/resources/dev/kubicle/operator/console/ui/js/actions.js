// Start, stop, restart, update and delete a workspace: which of them make sense now, and doing them (each is a
// POST or DELETE with the session's CSRF token; delete asks first).
import { api, p } from './api.js';
import { h } from './dom.js';
import { busy, confirmDialog, notify } from './view.js';

/** The actions that apply to the workspace as it is now. */
export function availableActions(ws) {
  if (ws.deleting) return [];
  const phase = ws.status?.phase;
  const list = [];
  if (ws.running) {
    list.push('stop', 'restart');
  } else {
    list.push('start');
  }
  if (ws.status?.outdated || phase === 'Failed') list.push('update');
  list.push('delete');
  return list;
}

const LABELS = { start: 'Start', stop: 'Stop', restart: 'Restart', update: 'Update', delete: 'Delete' };
const DONE = {
  start: 'is starting', stop: 'is stopping', restart: 'is restarting', update: 'is updating to the latest version',
  delete: 'is being deleted (its destroy build runs first)',
};

/** Buttons for a workspace's actions; {@code container} shows the outcome. */
export function actionButtons(ws, container, onDone) {
  const name = `${ws.namespace}/${ws.name}`;
  return h('div', { class: 'actions' }, availableActions(ws).map((action) => {
    const button = h('button', {
      type: 'button', class: action === 'delete' ? 'danger' : null, 'data-action': action,
      'aria-label': `${LABELS[action]} ${name}`,
    }, LABELS[action]);
    button.addEventListener('click', () => busy(button, container, async () => {
      if (action === 'delete' && !(await confirmDialog(`Delete ${ws.name}?`, `The workspace ${name} and everything `
          + 'in it is destroyed. This cannot be undone.', 'Delete workspace'))) {
        return;
      }
      const base = p`/namespaces/${ws.namespace}/workspaces/${ws.name}`;
      if (action === 'delete') await api.del(base);
      else await api.post(`${base}/${action}`);
      notify(container, 'ok', `${name} ${DONE[action]}.`);
      if (onDone) onDone(action);
    }));
    return button;
  }));
}
