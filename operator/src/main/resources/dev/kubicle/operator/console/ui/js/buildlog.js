// A build's log, streamed as server-sent events: each stored line as it arrives (text nodes only), then "end".
// The browser reconnects by itself and the server resumes after the last line (Last-Event-ID).
import { BASE } from './api.js';
import { h } from './dom.js';

/** Streams build {@code number} into {@code pre}; returns a function that stops. */
export function streamBuildLog(ws, number, pre, onState) {
  pre.replaceChildren();
  const url = `${BASE}/namespaces/${encodeURIComponent(ws.namespace)}/workspaces/${encodeURIComponent(ws.name)}`
    + `/builds/${number}/logs/events`;
  const source = new EventSource(url);
  let lines = 0;
  onState('streaming…');
  source.addEventListener('line', (e) => {
    const line = JSON.parse(e.data);
    const atBottom = pre.scrollTop + pre.clientHeight >= pre.scrollHeight - 8;
    pre.append(h('span', { class: 'src' }, `${line.source || ''}`.padEnd(8).slice(0, 8), ' '), `${line.text}\n`);
    lines += 1;
    if (atBottom) pre.scrollTop = pre.scrollHeight;
  });
  source.addEventListener('end', () => {
    source.close();
    if (!lines) pre.append(h('span', { class: 'src' }, 'this build wrote no log lines\n'));
    onState(`finished · ${lines} lines`);
  });
  source.addEventListener('error', () => {
    if (source.readyState === EventSource.CLOSED) onState('the log stream closed');
    else onState('reconnecting…');
  });
  return () => source.close();
}
