// Small pieces the task pages share: money (micro-dollars, absent = "no price", never a made-up 0), tokens, the
// phase badge and whether a task has ended.
import { h } from './dom.js';
import { badge } from './view.js';

const TASK_PHASES = {
  Pending: 'busy', StartingWorkspace: 'busy', Running: 'busy', Succeeded: 'ok', Failed: 'bad', Cancelled: 'warn',
};

export function ended(task) {
  const phase = task?.status?.phase;
  return phase === 'Succeeded' || phase === 'Failed' || phase === 'Cancelled';
}

export function phaseBadge(task) {
  const phase = task?.status?.phase || 'Pending';
  return badge(task?.deleting ? 'Deleting' : phase, TASK_PHASES[phase]);
}

/**
 * "$0.02685" from micro-dollars (at least two decimals, at most six); null or undefined: "no price" once a model was
 * called ({@code calls} > 0 or not given), "—" before.
 */
export function money(micros, calls) {
  if ((micros === null || micros === undefined) && calls !== undefined && !calls) return h('span', { class: 'muted' }, '—');
  if (micros === null || micros === undefined) return h('span', { class: 'muted', 'data-cost': 'none' }, 'no price');
  const text = `$${(Number(micros) / 1e6).toFixed(6).replace(/0{1,4}$/, '')}`;
  return h('span', { 'data-cost': String(micros), title: `${micros} micro-dollars` }, text);
}

export function tokens(n) {
  return n === null || n === undefined ? '—' : Number(n).toLocaleString('en-US');
}

/** The URL of a task's page. */
export function taskHref(task) {
  return `/tasks/${encodeURIComponent(task.namespace)}/${encodeURIComponent(task.name)}`;
}
