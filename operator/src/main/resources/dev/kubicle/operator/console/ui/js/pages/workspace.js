// One workspace: status and actions, agent, how to connect, a web terminal, build history and the streaming log.
import { api, me, p } from '../api.js';
import { actionButtons } from '../actions.js';
import { streamBuildLog } from '../buildlog.js';
import { h, replace } from '../dom.js';
import { watchWorkspaces } from '../live.js';
import { openTerminal } from '../terminal.js';
import { badge, facts, notify, pageHead, table, time } from '../view.js';
import { agentSummary, short } from './workspaces.js';

export async function render(main, namespace, name) {
  let ws = await api.get(p`/namespaces/${namespace}/workspaces/${name}`);
  const head = h('div');
  const overview = h('section', { class: 'panel', 'aria-labelledby': 'overview-h' });
  const agent = h('section', { class: 'panel', 'aria-labelledby': 'agent-h' });
  const connect = h('section', { class: 'panel', 'aria-labelledby': 'connect-h' });
  const terminal = h('section', { class: 'panel', 'aria-labelledby': 'terminal-h' });
  const builds = h('section', { class: 'panel', 'aria-labelledby': 'builds-h' });
  main.append(head, h('div', { class: 'grid' }, overview, agent), terminal, builds, connect);

  const log = buildLogPanel(ws);
  let shownBuild = null;
  function draw() {
    replace(head, pageHead(ws.name, `${ws.namespace} · owned by ${ws.owner}`, ws.deleting ? badge('Deleting')
      : badge(ws.status?.phase || 'Pending'), actionButtons(ws, main)));
    replace(overview, h('h2', { id: 'overview-h' }, 'Overview'), overviewFacts(ws));
    replace(agent, h('h2', { id: 'agent-h' }, 'Agent'), agentFacts(ws));
    replace(connect, h('h2', { id: 'connect-h' }, 'Connect'), connectHelp(ws));
    terminalPanel.update(ws);
    const list = [ws.status?.currentBuild, ...(ws.status?.builds || [])].filter(Boolean);
    replace(builds, h('h2', { id: 'builds-h' }, 'Builds'), buildTable(list, shownBuild, (n) => {
      shownBuild = n;
      log.show(n);
      draw();
    }), log.element);
    if (shownBuild === null && list.length) {
      shownBuild = list[0].number;
      log.show(shownBuild);
      draw();
    }
  }
  const terminalPanel = terminalSection(terminal, main);
  draw();

  watchWorkspaces((all) => {
    const next = all.get(`${namespace}/${name}`);
    if (!next) {
      notify(main, 'info', 'This workspace no longer exists. ', h('a', { href: '/workspaces' }, 'Back to workspaces'));
      return;
    }
    const newBuild = next.status?.currentBuild?.number;
    if (newBuild && newBuild !== ws.status?.currentBuild?.number) shownBuild = null; // follow the newest build
    ws = next;
    draw();
  });
}

function overviewFacts(ws) {
  const s = ws.status || {};
  const params = Object.entries(s.parameters && Object.keys(s.parameters).length ? s.parameters : ws.parameters || {});
  return h('div', {}, facts([
    ['Template', h('a', { href: `/templates/${encodeURIComponent(ws.namespace)}/${encodeURIComponent(ws.template?.name)}` },
      ws.template?.name)],
    ['Version', h('span', { class: 'mono' }, short(s.templateVersion || ws.template?.version) || '—',
      ws.template?.version ? ' (pinned)' : '', s.outdated ? [' ', badge('update available', 'warn')] : null)],
    ['Wanted', ws.running ? 'running' : 'stopped'],
    ['Status', s.message || s.phase || '—'],
    ['Deadline', time(s.deadline)],
    s.maxDeadline ? ['Latest stop', time(s.maxDeadline)] : null,
    ['Last used', time(s.lastUsedAt)],
    ['Created', time(ws.createdAt)],
  ]), params.length ? [h('h3', {}, 'Parameters'), facts(params.map(([k, v]) => [k, h('span', { class: 'mono' }, v)]))]
    : null);
}

function agentFacts(ws) {
  const a = ws.status?.agent;
  if (!a) return h('p', { class: 'muted' }, 'This workspace has no agent yet (it connects once the workspace runs).');
  return facts([
    ['State', agentSummary(a)],
    ['Connected', a.connected ? 'yes' : 'no'],
    ['Lifecycle', a.lifecycle || '—'],
    ['Version', a.version || '—'],
    [a.connected ? 'Connected since' : 'Last seen', time(a.lastSeen)],
  ]);
}

function connectHelp(ws) {
  const s = ws.status || {};
  const user = me.name;
  const direct = s.outputs?.ssh_address;
  const alias = `${ws.name}.${ws.namespace}.kubicle`;
  const parts = [];
  if (direct) {
    const [host, port] = direct.split(':');
    parts.push(h('h3', {}, 'SSH on this machine'), h('pre', { class: 'block light' }, `ssh -p ${port} ${user}@${host}`));
  }
  if (s.network?.address) {
    parts.push(h('h3', {}, 'SSH through the WireGuard tunnel'),
      h('pre', { class: 'block light' }, `ssh ${alias}`),
      h('p', { class: 'small muted' }, 'Needs a device connected to the tunnel (',
        h('a', { href: '/devices' }, 'Devices'), ') and the host alias in your SSH config: ',
        h('a', { href: '/api/v1/ssh-config', download: 'kubicle-ssh-config' }, 'download your SSH config'),
        ` (it names ${alias} → ${s.network.address}).`));
  }
  if (!parts.length) {
    parts.push(h('p', { class: 'muted' }, 'Connection details appear once the workspace runs.'));
  }
  parts.push(h('p', { class: 'small muted' }, 'SSH accepts the keys on your ',
    h('a', { href: '/settings' }, 'Account'), ' page; the web terminal needs none.'));
  return parts;
}

function terminalSection(section, main) {
  const frame = h('div', { class: 'terminal-frame', role: 'region', 'aria-label': 'Terminal', 'data-terminal': '',
    hidden: true });
  const state = h('span', { class: 'muted small', id: 'terminal-state', 'aria-live': 'polite' });
  const openButton = h('button', { type: 'button', class: 'primary', id: 'open-terminal' }, 'Open terminal');
  const closeButton = h('button', { type: 'button', id: 'close-terminal', hidden: true }, 'Close terminal');
  let close = null;
  let current = null;
  section.append(h('div', { class: 'terminal-bar' }, h('h2', { id: 'terminal-h' }, 'Terminal'),
    h('div', { class: 'actions' }, state, openButton, closeButton)), frame);
  const stop = () => {
    if (close) close();
    close = null;
    frame.hidden = true;
    closeButton.hidden = true;
    openButton.hidden = false;
    update(current);
  };
  openButton.addEventListener('click', async () => {
    openButton.hidden = true;
    closeButton.hidden = false;
    frame.hidden = false;
    frame.scrollIntoView({ block: 'nearest' });
    state.textContent = 'connecting…';
    try {
      close = await openTerminal(frame, current, (text) => { state.textContent = text; });
    } catch (e) {
      notify(main, 'bad', e.message);
      stop();
    }
  });
  closeButton.addEventListener('click', stop);
  function update(ws) {
    current = ws;
    if (close) return;
    const ready = ws.status?.agent?.connected;
    openButton.disabled = !ready;
    state.textContent = ready ? '' : 'available while the agent is connected';
  }
  return { update };
}

function buildTable(list, shown, onShow) {
  return table('Builds', ['#', 'Transition', 'Reason', 'By', 'Status', 'Started', 'Finished', ''], list.map((b) =>
    h('tr', { class: b.number === shown ? 'selected' : null, 'data-build': b.number },
      h('td', {}, String(b.number)), h('td', {}, b.transition), h('td', {}, b.reason || '—'),
      h('td', {}, b.initiator || '—'),
      h('td', {}, badge(b.phase), b.message ? h('div', { class: 'small muted' }, b.message) : null),
      h('td', {}, time(b.startedAt)), h('td', {}, time(b.finishedAt)),
      h('td', {}, h('button', { type: 'button', 'aria-label': `Show the log of build ${b.number}`,
        onclick: () => onShow(b.number), disabled: b.number === shown }, 'Log')))),
  'No builds yet.');
}

function buildLogPanel(ws) {
  const title = h('h3', { id: 'log-h' }, 'Build log');
  const state = h('span', { class: 'muted small', 'aria-live': 'polite' });
  const pre = h('pre', { class: 'log', id: 'build-log', 'aria-labelledby': 'log-h', tabindex: '0' });
  const element = h('div', {}, h('div', { class: 'terminal-bar' }, title, state), pre);
  let stop = null;
  return {
    element,
    show(number) {
      if (stop) stop();
      title.textContent = `Build ${number} log`;
      stop = streamBuildLog(ws, number, pre, (text) => { state.textContent = text; });
    },
  };
}
