// My account: SSH public keys (per namespace: the agents of my workspaces there accept them) and API tokens for
// scripts (the secret is shown once, right after it is made).
import { api, me, p } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { busy, confirmDialog, copyButton, facts, notify, pageHead, table, time } from '../view.js';

export async function render(main) {
  main.append(pageHead('Account', `Signed in as ${me.name} (${me.role})`));
  const keys = h('section', { class: 'panel', 'aria-labelledby': 'keys-h' });
  const tokens = h('section', { class: 'panel', 'aria-labelledby': 'tokens-h' });
  main.append(keys, tokens);
  await Promise.all([sshKeys(keys, main), apiTokens(tokens, main)]);
}

async function namespaces() {
  const [templates, workspaces] = await Promise.all([api.get('/templates'), api.get('/workspaces')]);
  const all = new Set([...templates.items, ...workspaces.items].map((x) => x.namespace));
  return [...all].sort();
}

async function sshKeys(section, main) {
  const known = await namespaces();
  const nsId = uid('key-ns');
  const ns = h('select', { id: nsId }, (known.length ? known : ['default']).map((n) => h('option', { value: n }, n)));
  const list = h('div');
  const keyId = uid('key');
  const keyInput = h('textarea', { id: keyId, rows: 3, placeholder: 'ssh-ed25519 AAAA… you@laptop',
    'aria-describedby': `${keyId}-error`, spellcheck: 'false' });
  const keyError = h('div', { class: 'error', id: `${keyId}-error`, hidden: true });
  const add = h('button', { type: 'submit', class: 'primary' }, 'Add key');
  const form = h('form', { class: 'stack', 'aria-label': 'Add an SSH key' },
    h('div', { class: 'field' }, h('label', { for: keyId }, 'Public key (the line from ~/.ssh/id_ed25519.pub)'),
      keyInput, keyError), h('div', {}, add));
  replace(section, h('h2', { id: 'keys-h' }, 'SSH keys'),
    h('div', { class: 'field' }, h('label', { for: nsId }, 'Namespace'), ns,
      h('div', { class: 'hint' }, 'Your workspaces in this namespace accept these keys.')), list, h('h3', {}, 'Add a key'), form);

  async function load() {
    const items = (await api.get(p`/namespaces/${ns.value}/sshkeys`)).items;
    replace(list, table('SSH keys', ['Type', 'Fingerprint', 'Comment', ''], items.map((k) => h('tr', {},
      h('td', { class: 'mono' }, k.type), h('td', { class: 'mono small' }, k.fingerprint), h('td', {}, k.comment || '—'),
      h('td', {}, removeKey(k)))), 'No keys in this namespace yet.'));
  }
  function removeKey(k) {
    const button = h('button', { type: 'button', class: 'danger', 'aria-label': `Remove key ${k.fingerprint}` }, 'Remove');
    button.addEventListener('click', () => busy(button, main, async () => {
      if (!(await confirmDialog('Remove this key?', `${k.fingerprint} will no longer open your workspaces in ${ns.value}.`,
        'Remove key'))) return;
      await api.del(p`/namespaces/${ns.value}/sshkeys/${k.id}`);
      notify(main, 'ok', 'The key was removed.');
      await load();
    }));
    return button;
  }
  ns.addEventListener('change', () => load().catch((e) => notify(main, 'bad', e.message)));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    keyError.hidden = true;
    keyInput.removeAttribute('aria-invalid');
    busy(add, main, async () => {
      try {
        await api.post(p`/namespaces/${ns.value}/sshkeys`, { key: keyInput.value.trim() });
      } catch (e) {
        keyError.textContent = e.message;
        keyError.hidden = false;
        keyInput.setAttribute('aria-invalid', 'true');
        return;
      }
      keyInput.value = '';
      notify(main, 'ok', 'The key was added; running workspaces pick it up within a minute.');
      await load();
    });
  });
  await load();
}

async function apiTokens(section, main) {
  const list = h('div');
  const created = h('div', { 'aria-live': 'polite' });
  const nameId = uid('token-name');
  const lifeId = uid('token-life');
  const name = h('input', { id: nameId, required: true, autocomplete: 'off', placeholder: 'ci', maxlength: '100' });
  const lifetime = h('select', { id: lifeId },
    [['24h', '1 day'], ['168h', '7 days'], ['720h', '30 days'], ['', 'the longest allowed']].map(([v, t]) =>
      h('option', { value: v }, t)));
  lifetime.value = '720h';
  const make = h('button', { type: 'submit', class: 'primary' }, 'Create token');
  const form = h('form', { class: 'inline', 'aria-label': 'Create an API token' },
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), name),
    h('div', { class: 'field' }, h('label', { for: lifeId }, 'Expires after'), lifetime), make);
  replace(section, h('h2', { id: 'tokens-h' }, 'API tokens'),
    h('p', { class: 'muted' }, 'For scripts: send ', h('code', {}, 'Authorization: Bearer kbt_…'),
      '. Tokens act with member rights.'), created, list, h('h3', {}, 'Create a token'), form);

  async function load() {
    const items = (await api.get('/tokens')).items;
    replace(list, table('API tokens', ['Name', 'Id', 'Created', 'Expires', 'Last used', ''], items.map((t) => h('tr', {},
      h('td', {}, t.name), h('td', { class: 'mono small' }, t.id), h('td', {}, time(t.createdAt)),
      h('td', {}, t.revokedAt ? 'revoked' : time(t.expiresAt)), h('td', {}, time(t.lastUsedAt)),
      h('td', {}, t.revokedAt ? null : revoke(t)))), 'No API tokens.'));
  }
  function revoke(t) {
    const button = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke token ${t.name}` }, 'Revoke');
    button.addEventListener('click', () => busy(button, main, async () => {
      if (!(await confirmDialog(`Revoke ${t.name}?`, 'Scripts using it stop working at once.', 'Revoke token'))) return;
      await api.del(p`/tokens/${t.id}`);
      notify(main, 'ok', `The token ${t.name} was revoked.`);
      await load();
    }));
    return button;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    busy(make, main, async () => {
      const body = { name: name.value.trim() };
      if (lifetime.value) body.lifetime = lifetime.value;
      const token = await api.post('/tokens', body);
      name.value = '';
      replace(created, h('div', { class: 'notice ok', id: 'new-token' },
        h('p', {}, h('strong', {}, `Your new token ${token.name}`), ' — copy it now: it is shown only this once.'),
        h('div', { class: 'secret' }, h('code', { id: 'new-token-value' }, token.token),
          copyButton(() => token.token)), facts([['Expires', time(token.expiresAt)]])));
      await load();
    });
  });
  await load();
}
