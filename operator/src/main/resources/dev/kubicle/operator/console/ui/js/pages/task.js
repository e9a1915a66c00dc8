// One agent task: prompt, phase, progress and result, usage by kind and cost, the live transcript, the tool calls
// (text only), and Cancel while it runs.
import { api, p } from '../api.js';
import { h, replace } from '../dom.js';
import { streamTranscript } from '../transcript.js';
import { busy, confirmDialog, facts, notify, pageHead, table, time } from '../view.js';
import { ended, money, phaseBadge, tokens } from '../taskview.js';

export async function render(main, namespace, name) {
  let task = await api.get(p`/namespaces/${namespace}/tasks/${name}`);
  const head = h('div');
  const overview = h('section', { class: 'panel', 'aria-labelledby': 'overview-h' });
  const usage = h('section', { class: 'panel', 'aria-labelledby': 'usage-h' });
  const prompt = h('section', { class: 'panel', 'aria-labelledby': 'prompt-h' },
    h('h2', { id: 'prompt-h' }, 'Prompt'), h('pre', { class: 'block light', id: 'task-prompt' }, task.spec?.prompt));
  const result = h('section', { class: 'panel', 'aria-labelledby': 'result-h', hidden: true });
  const state = h('span', { class: 'muted small', id: 'transcript-state', 'aria-live': 'polite' });
  const entries = h('div', { class: 'transcript', id: 'transcript' });
  const transcript = h('section', { class: 'panel', 'aria-labelledby': 'transcript-h' },
    h('div', { class: 'terminal-bar' }, h('h2', { id: 'transcript-h' }, 'Transcript'), state), entries);
  const tools = h('section', { class: 'panel', 'aria-labelledby': 'tools-h' });
  main.append(head, prompt, h('div', { class: 'grid' }, overview, usage), result, transcript, tools);

  const cancel = h('button', { type: 'button', class: 'danger', id: 'cancel-task' }, 'Cancel task');
  cancel.addEventListener('click', () => busy(cancel, main, async () => {
    if (!(await confirmDialog(`Cancel ${task.name}?`, 'The agent stops after its current step; what it changed in '
        + 'the workspace stays.', 'Cancel task'))) {
      return;
    }
    await api.post(p`/namespaces/${namespace}/tasks/${name}/cancel`);
    notify(main, 'ok', `${namespace}/${name} is being cancelled.`);
  }));

  let toolsLoaded = null;
  function draw() {
    const s = task.status || {};
    cancel.hidden = ended(task) || task.spec?.cancel === true;
    replace(head, pageHead(task.name, `${task.namespace} · on workspace ${task.spec?.workspace} · by `
      + `${task.spec?.owner || '—'}`, h('span', { id: 'task-phase' }, phaseBadge(task)), cancel));
    replace(overview, h('h2', { id: 'overview-h' }, 'Overview'), facts([
      ['Workspace', h('a', { href: `/workspaces/${encodeURIComponent(task.namespace)}/${encodeURIComponent(
        task.spec?.workspace)}` }, task.spec?.workspace)],
      ['Model', h('span', { class: 'mono' }, task.spec?.model || 'the default')],
      ['Progress', h('span', { id: 'task-progress' }, s.progress || '—')],
      ['Status', s.message || s.phase || '—'],
      ['Stop reason', h('span', { class: 'mono', id: 'task-stop-reason' }, s.stopReason || '—')],
      ['Turns', String(s.turns ?? 0)],
      ['Tool calls', String(s.toolCalls ?? 0)],
      s.filesChanged?.length ? ['Files changed', h('span', { class: 'mono' }, s.filesChanged.join(', '))] : null,
      ['Started', time(s.startedAt)],
      ['Finished', time(s.finishedAt)],
      ['Limits', limitsText(task.spec?.limits)],
    ]));
    const u = s.usage || {};
    replace(usage, h('h2', { id: 'usage-h' }, 'Usage'), facts([
      ['Input tokens', tokens(u.input ?? 0)],
      ['Output tokens', tokens(u.output ?? 0)],
      ['Cache reads', tokens(u.cacheRead ?? 0)],
      ['Cache writes', tokens(u.cacheWrite ?? 0)],
      ['Cost', h('span', { id: 'task-cost' }, money(s.costMicros, s.turns ?? 0))],
    ]), s.costMicros === undefined || s.costMicros === null ? h('p', { class: 'muted small' },
      'No price: the model has no price in the operator\'s configuration, so no cost is counted (not zero).')
      : null);
    result.hidden = !s.result;
    replace(result, h('h2', { id: 'result-h' }, 'Result'), h('div', { class: 'text', id: 'task-result' }, s.result));
    const toolCount = s.toolCalls ?? 0;
    if (toolsLoaded !== toolCount) {
      toolsLoaded = toolCount;
      loadTools().catch((e) => notify(main, 'bad', e.message));
    }
  }

  async function loadTools() {
    const items = [];
    let after = 0;
    for (let page = 0; page < 20; page++) { // bounded: 20 pages of 500
      const got = await api.get(p`/namespaces/${namespace}/tasks/${name}/tool-calls` + `?afterId=${after}&limit=500`);
      items.push(...got.items);
      if (got.items.length < 500) break;
      after = got.afterId;
    }
    replace(tools, h('h2', { id: 'tools-h' }, 'Tool calls'), h('p', { class: 'muted small' },
      'Their output is in the transcript above, as the model saw it.'),
    table('Tool calls', ['Turn', 'Tool', 'Arguments', 'Exit', 'Took', 'Output', 'When'], items.map((c) =>
      h('tr', { 'data-tool': c.tool },
        h('td', {}, String(c.turn)), h('td', { class: 'mono' }, c.tool),
        h('td', {}, h('pre', { class: 'block light small' }, c.arguments ?? '')),
        h('td', {}, c.error ? h('span', { class: 'badge bad', title: c.errorMessage || '' }, c.error)
          : c.exitCode ?? '—'),
        h('td', {}, c.durationMillis === null || c.durationMillis === undefined ? '—' : `${c.durationMillis} ms`),
        h('td', {}, `${c.outputBytes ?? 0} bytes${c.truncated ? ' (cut)' : ''}`),
        h('td', {}, time(c.at)))), 'No tool calls yet.'));
  }

  draw();
  streamTranscript(task, entries, (next) => {
    task = next;
    draw();
  }, (text) => { state.textContent = text; });
}

function limitsText(limits) {
  if (!limits) return 'the operator\'s defaults';
  const parts = [];
  if (limits.maxTurns) parts.push(`${limits.maxTurns} turns`);
  if (limits.maxTokens) parts.push(`${limits.maxTokens} tokens`);
  if (limits.maxCostMicros !== undefined && limits.maxCostMicros !== null) {
    parts.push(`$${(limits.maxCostMicros / 1e6).toFixed(2)}`);
  }
  if (limits.timeout) parts.push(`timeout ${limits.timeout}`);
  if (limits.toolTimeout) parts.push(`tool timeout ${limits.toolTimeout}`);
  return parts.length ? parts.join(', ') : 'the operator\'s defaults';
}
