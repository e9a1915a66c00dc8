// A task's transcript, streamed as server-sent events: each recorded message as it is stored (text nodes only),
// the task's status whenever it changes, then "end". The browser reconnects by itself and the server resumes after
// the last message seen (Last-Event-ID = seq).
import { BASE } from './api.js';
import { h } from './dom.js';

/** Text of a value the model or a tool produced: strings as they are, anything else as JSON. */
function asText(value) {
  if (value === null || value === undefined) return '';
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/** One transcript entry as an <article>: role, text, tool calls with their arguments, tool results. */
export function entryElement(entry) {
  const m = entry.message || {};
  const role = m.role || entry.role || 'message';
  const parts = [h('div', { class: 'entry-head' }, h('span', { class: 'role' }, role.replace(/_/g, ' ')),
    h('span', { class: 'muted small' }, `#${entry.seq}`),
    entry.cut ? h('span', { class: 'badge warn', title: 'cut to the recorded size' }, 'cut') : null)];
  if (entry.omitted || entry.note) parts.push(h('p', { class: 'muted small' }, entry.note || 'not kept'));
  if (m.text) parts.push(h('div', { class: 'text' }, m.text));
  for (const call of m.toolCalls || []) {
    parts.push(h('div', { class: 'tool-call', 'data-tool-call': call.id || '' },
      h('div', { class: 'small' }, 'calls ', h('code', {}, call.name), call.id ? h('span', { class: 'muted' },
        ` ${call.id}`) : null),
      h('pre', { class: 'block light' }, asText(call.input))));
  }
  for (const result of m.results || []) {
    parts.push(h('div', { class: `tool-result${result.error ? ' failed' : ''}`, 'data-tool-result':
        result.toolCallId || '' },
      h('div', { class: 'small' }, result.error ? 'tool failed' : 'tool output', result.toolCallId
        ? h('span', { class: 'muted' }, ` for ${result.toolCallId}`) : null),
      h('pre', { class: 'log' }, asText(result.content) || '(no output)')));
  }
  if (m.usage) {
    const u = m.usage;
    parts.push(h('div', { class: 'muted small' }, `tokens: ${u.input ?? 0} in, ${u.output ?? 0} out, `
      + `${u.cacheRead ?? 0} cache read, ${u.cacheWrite ?? 0} cache write`));
  }
  return h('article', { class: `entry ${role}`, 'data-seq': String(entry.seq) }, parts);
}

/**
 * Streams the transcript of {@code task} into {@code list}; {@code onTask} gets each status change, {@code onState}
 * the stream's state. Returns a function that stops.
 */
export function streamTranscript(task, list, onTask, onState) {
  list.replaceChildren();
  const url = `${BASE}/namespaces/${encodeURIComponent(task.namespace)}/tasks/${encodeURIComponent(task.name)}`
    + '/transcript/events';
  const source = new EventSource(url);
  let count = 0;
  onState('streaming…');
  source.addEventListener('message', (e) => {
    const entry = JSON.parse(e.data);
    if (list.querySelector(`[data-seq="${Number(entry.seq)}"]`)) return; // already shown before a reconnect
    list.append(entryElement(entry));
    count += 1;
  });
  source.addEventListener('task', (e) => onTask(JSON.parse(e.data)));
  source.addEventListener('end', () => {
    source.close();
    if (!count) list.append(h('p', { class: 'muted' }, 'Nothing was recorded for this task.'));
    onState(`finished · ${count} messages`);
  });
  source.addEventListener('error', (e) => {
    if (e.data) { // the server's own "error" event: the store cannot be read now
      source.close();
      onState(JSON.parse(e.data).message || 'the transcript cannot be read now');
    } else if (source.readyState === EventSource.CLOSED) {
      onState('the transcript stream closed');
    } else {
      onState('reconnecting…');
    }
  });
  window.addEventListener('pagehide', () => source.close());
  return () => source.close();
}
