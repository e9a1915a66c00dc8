// The web terminal: xterm.js (from its webjar) over a WebSocket to /api/v1/…/terminal, which the server bridges
// to a PTY of the workspace's agent. Browsers cannot set headers on a WebSocket, so the session's CSRF token
// travels as a second subprotocol; the server also checks the Origin.
import { BASE, me } from './api.js';
import { h } from './dom.js';

let loading;

/** Loads xterm.js and its stylesheet once (plain files from this server: the CSP allows only 'self'). */
function loadXterm() {
  if (!loading) {
    loading = new Promise((resolve, reject) => {
      document.head.append(h('link', { rel: 'stylesheet', href: '/ui/vendor/xterm.css' }));
      const script = h('script', { src: '/ui/vendor/xterm.js' });
      script.addEventListener('load', () => resolve(window.Terminal));
      script.addEventListener('error', () => reject(new Error('xterm.js could not be loaded')));
      document.head.append(script);
    });
  }
  return loading;
}

/** Sizes the terminal to its frame from the rendered cell size (what xterm's fit addon does). */
function fit(term, frame) {
  const dims = term._core?._renderService?.dimensions;
  if (!dims || !dims.actualCellWidth || !dims.actualCellHeight) return;
  const style = getComputedStyle(frame);
  const width = frame.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight) - 16;
  const height = frame.clientHeight - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
  const cols = Math.max(20, Math.floor(width / dims.actualCellWidth));
  const rows = Math.max(5, Math.floor(height / dims.actualCellHeight));
  if (cols !== term.cols || rows !== term.rows) term.resize(cols, rows);
}

/**
 * Opens a terminal on the workspace inside {@code frame}; {@code onState(text, ended)} hears what happens.
 * Returns a function that closes it. The xterm instance is kept on frame.terminal (tests read its buffer).
 */
export async function openTerminal(frame, ws, onState) {
  const Terminal = await loadXterm();
  const term = new Terminal({
    cursorBlink: true, fontSize: 13, scrollback: 5000,
    fontFamily: 'ui-monospace, "SFMono-Regular", Menlo, Consolas, "DejaVu Sans Mono", monospace',
    theme: { background: '#0f1420', foreground: '#dfe6f3' },
  });
  term.open(frame);
  frame.terminal = term;
  fit(term, frame);
  const scheme = window.location.protocol === 'https:' ? 'wss:' : 'ws:';
  const path = `${BASE}/namespaces/${encodeURIComponent(ws.namespace)}/workspaces/${encodeURIComponent(ws.name)}`
    + `/terminal?cols=${term.cols}&rows=${term.rows}`;
  const socket = new WebSocket(`${scheme}//${window.location.host}${path}`,
    ['kubicle.terminal.v1', `csrf.${me.csrf}`]);
  socket.binaryType = 'arraybuffer';
  let ended = false;
  const end = (text) => {
    if (ended) return;
    ended = true;
    onState(text, true);
  };
  socket.addEventListener('open', () => {
    onState('connected', false);
    term.focus();
  });
  socket.addEventListener('message', (event) => {
    if (typeof event.data !== 'string') {
      term.write(new Uint8Array(event.data));
      return;
    }
    const message = JSON.parse(event.data);
    if (message.type === 'exit') {
      term.write(`\r\n\x1b[90m[the shell exited with code ${message.exitCode ?? 'unknown'}]\x1b[0m\r\n`);
      end(`the shell exited (code ${message.exitCode ?? 'unknown'})`);
    } else if (message.type === 'error') {
      term.write(`\r\n\x1b[31m${message.message}\x1b[0m\r\n`);
      onState(message.message, false);
    }
  });
  socket.addEventListener('close', (event) => end(event.code === 1000 || event.code === 1005 ? 'closed'
    : `the connection closed (${event.code}${event.reason ? ': ' + event.reason : ''})`));
  socket.addEventListener('error', () => end('the terminal could not connect: is the agent connected?'));
  const send = (message) => {
    if (socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
  };
  term.onData((data) => send({ type: 'input', data }));
  term.onResize(({ cols, rows }) => send({ type: 'resize', cols, rows }));
  const onWindowResize = () => fit(term, frame);
  window.addEventListener('resize', onWindowResize);
  return () => {
    window.removeEventListener('resize', onWindowResize);
    socket.close(1000);
    term.dispose();
    delete frame.terminal;
  };
}
