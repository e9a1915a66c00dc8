// The console's entry point: picks the page module for the URL (plain links between pages, no client router) and
// draws it into <main>.
import { me } from './api.js';
import { h, replace } from './dom.js';

const ROUTES = [
  [/^\/(?:workspaces\/?)?$/, 'workspaces'],
  [/^\/workspaces\/new\/?$/, 'create'],
  [/^\/workspaces\/([^/]+)\/([^/]+)\/?$/, 'workspace'],
  [/^\/templates\/?$/, 'templates'],
  [/^\/templates\/([^/]+)\/([^/]+)\/?$/, 'template'],
  [/^\/tasks\/?$/, 'tasks'],
  [/^\/tasks\/new\/?$/, 'newtask'],
  [/^\/tasks\/([^/]+)\/([^/]+)\/?$/, 'task'],
  [/^\/usage\/?$/, 'usage'],
  [/^\/devices\/?$/, 'devices'],
  [/^\/settings\/?$/, 'account'],
  [/^\/audit\/?$/, 'audit'],
];

function markNavigation(path) {
  for (const link of document.querySelectorAll('header.top nav a')) {
    const href = link.getAttribute('href');
    if (path === href || path.startsWith(href + '/') || (path === '/' && href === '/workspaces')) {
      link.setAttribute('aria-current', 'page');
    }
  }
}

/**
 * Sign out through fetch: a plain form POST would carry "Origin: null" (the console's Referrer-Policy is
 * no-referrer), which the CSRF check refuses; fetch sends the real Origin and the token header.
 */
function signOutByFetch() {
  const form = document.querySelector('form[action="/auth/logout"]');
  form?.addEventListener('submit', async (event) => {
    event.preventDefault();
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin',
      headers: { Accept: 'application/json', 'X-CSRF-Token': me.csrf } }).catch(() => null);
    window.location.assign('/login');
  });
}

async function start() {
  signOutByFetch();
  const main = document.getElementById('main');
  const path = window.location.pathname;
  markNavigation(path);
  for (const [pattern, page] of ROUTES) {
    const match = path.match(pattern);
    if (!match) continue;
    try {
      const module = await import(`./pages/${page}.js`);
      replace(main);
      await module.render(main, ...match.slice(1).map(decodeURIComponent));
    } catch (e) {
      document.title = 'Not available · Kubicle';
      replace(main, h('div', { class: 'notice bad', role: 'alert' }, e.status === 404
        ? `Not found: ${e.message}. It may have been deleted, or it belongs to someone else. `
        : `This page could not be shown: ${e.message}. `, h('a', { href: '/workspaces' }, 'Back to your workspaces')));
    }
    return;
  }
  document.title = 'Not found · Kubicle';
  replace(main, h('h1', {}, 'Not found'), h('p', {}, 'There is no page at ', h('code', {}, path), '. ',
    h('a', { href: '/workspaces' }, 'Go to your workspaces'), '.'));
}

start();
