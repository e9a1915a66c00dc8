// Small pieces the pages share: status badges, times, notices, the confirmation dialog, error display.
import { h, replace } from './dom.js';

const PHASES = {
  Running: 'ok', Stopped: '', Pending: 'busy', Starting: 'busy', Stopping: 'busy', Deleting: 'warn', Failed: 'bad',
  Succeeded: 'ok',
};

export function badge(text, kind) {
  return h('span', { class: `badge ${kind ?? PHASES[text] ?? ''}` }, text || 'Unknown');
}

/** A <time> with a relative text ("in 3 h", "5 min ago") and the exact time as its title. */
export function time(iso) {
  if (!iso) return h('span', { class: 'muted' }, '—');
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return h('span', {}, iso);
  return h('time', { datetime: at.toISOString(), title: at.toLocaleString() }, relative(at));
}

export function relative(at) {
  const seconds = Math.round((at.getTime() - Date.now()) / 1000);
  const abs = Math.abs(seconds);
  if (abs < 10) return 'just now';
  const [n, unit] = abs < 60 ? [abs, 's'] : abs < 3600 ? [Math.round(abs / 60), 'min']
    : abs < 86400 ? [Math.round(abs / 3600), 'h'] : [Math.round(abs / 86400), 'd'];
  return seconds >= 0 ? `in ${n} ${unit}` : `${n} ${unit} ago`;
}

/** A notice at the top of a container: kind ok, bad or info. Replaces the previous one. */
export function notify(container, kind, ...text) {
  let slot = container.querySelector(':scope > .notices');
  if (!slot) {
    slot = h('div', { class: 'notices', 'aria-live': 'polite' });
    container.prepend(slot);
  }
  replace(slot, h('div', { class: `notice ${kind}`, role: kind === 'bad' ? 'alert' : 'status' }, ...text));
}

export function clearNotice(container) {
  container.querySelector(':scope > .notices')?.replaceChildren();
}

/** Asks before something that cannot be undone; resolves true when confirmed. */
export function confirmDialog(title, message, action) {
  return new Promise((resolve) => {
    const dialog = h('dialog', { 'aria-labelledby': 'confirm-title' },
      h('h2', { id: 'confirm-title' }, title),
      h('p', {}, message),
      h('div', { class: 'actions' },
        h('button', { type: 'button', onclick: () => dialog.close('cancel') }, 'Cancel'),
        h('button', { type: 'button', class: 'danger solid', onclick: () => dialog.close('ok') }, action)));
    dialog.addEventListener('close', () => {
      dialog.remove();
      resolve(dialog.returnValue === 'ok');
    });
    document.body.appendChild(dialog);
    dialog.showModal();
  });
}

/** Runs an action from a button: disabled while it runs, its error shown as a notice. */
export async function busy(button, container, action) {
  button.disabled = true;
  try {
    return await action();
  } catch (e) {
    notify(container, 'bad', e.message);
    return undefined;
  } finally {
    button.disabled = false;
  }
}

/** A page header with a title, an optional subtitle and actions on the right. */
export function pageHead(title, sub, ...actions) {
  document.title = `${title} · Kubicle`;
  return h('div', { class: 'page-head' },
    h('div', {}, h('h1', {}, title), sub ? h('div', { class: 'sub' }, sub) : null),
    actions.length ? h('div', { class: 'actions' }, ...actions) : null);
}

/** A definition list from [label, value] pairs (values may be nodes). */
export function facts(pairs) {
  return h('dl', { class: 'facts' }, pairs.filter(Boolean).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v ?? '—')]));
}

/** A table: headers and rows of cells (strings or nodes); an empty message when there are no rows. */
export function table(label, headers, rows, empty) {
  if (!rows.length) return h('div', { class: 'empty' }, empty);
  return h('table', { 'aria-label': label },
    h('thead', {}, h('tr', {}, headers.map((t) => h('th', { scope: 'col' }, t)))),
    h('tbody', {}, rows));
}

/** Copies text to the clipboard, with a button that says it did. */
export function copyButton(getText, label = 'Copy') {
  const button = h('button', { type: 'button' }, label);
  button.addEventListener('click', async () => {
    try {
      await navigator.clipboard.writeText(getText());
      button.textContent = 'Copied';
    } catch (e) {
      button.textContent = 'Select and copy';
    }
    setTimeout(() => { button.textContent = label; }, 1500);
  });
  return button;
}
