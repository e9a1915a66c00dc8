// Live workspace changes from the server-sent events feed (/api/v1/events/workspaces): a snapshot, then every
// change. The browser reconnects by itself and the server resumes from Last-Event-ID.
import { BASE } from './api.js';

/** Calls onChange(map) with all visible workspaces (keyed "ns/name") after the snapshot and each change. */
export function watchWorkspaces(onChange, onStatus) {
  const all = new Map();
  let synced = false;
  const source = new EventSource(`${BASE}/events/workspaces`);
  source.addEventListener('workspace', (e) => {
    const ws = JSON.parse(e.data);
    all.set(`${ws.namespace}/${ws.name}`, ws);
    if (synced) onChange(all);
  });
  source.addEventListener('deleted', (e) => {
    const gone = JSON.parse(e.data);
    all.delete(`${gone.namespace}/${gone.name}`);
    if (synced) onChange(all);
  });
  source.addEventListener('synced', () => {
    synced = true;
    onChange(all);
    if (onStatus) onStatus('live');
  });
  source.addEventListener('error', () => {
    if (onStatus) onStatus(source.readyState === EventSource.CLOSED ? 'closed' : 'reconnecting');
  });
  window.addEventListener('pagehide', () => source.close());
  return () => source.close();
}
