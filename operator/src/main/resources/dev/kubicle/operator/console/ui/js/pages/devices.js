// My WireGuard devices: register one (the server makes a key pair unless I bring my public key), see its wg-quick
// config at once, download it again later, revoke it after a confirmation.
import { api, p } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { busy, confirmDialog, copyButton, notify, pageHead, table, time } from '../view.js';

export async function render(main) {
  main.append(pageHead('Devices', 'Laptops and other machines that reach your workspaces through the WireGuard tunnel.',
    h('a', { class: 'button', href: '/api/v1/ssh-config', download: 'kubicle-ssh-config' }, 'Download SSH config')));
  const created = h('div', { 'aria-live': 'polite' });
  const list = h('section', { class: 'panel', 'aria-labelledby': 'devices-h' });
  const nameId = uid('device-name');
  const keyId = uid('device-key');
  const name = h('input', { id: nameId, autocomplete: 'off', placeholder: 'laptop', spellcheck: 'false',
    'aria-describedby': `${nameId}-error` });
  const nameError = h('div', { class: 'error', id: `${nameId}-error`, hidden: true });
  const key = h('input', { id: keyId, autocomplete: 'off', spellcheck: 'false', placeholder: 'optional',
    'aria-describedby': `${keyId}-hint ${keyId}-error` });
  const keyError = h('div', { class: 'error', id: `${keyId}-error`, hidden: true });
  const register = h('button', { type: 'submit', class: 'primary' }, 'Register device');
  const form = h('form', { class: 'panel', 'aria-label': 'Register a device' }, h('h2', {}, 'Register a device'),
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Device name'), name, nameError),
    h('div', { class: 'field' }, h('label', { for: keyId }, 'WireGuard public key'), key,
      h('div', { class: 'hint', id: `${keyId}-hint` }, 'Leave empty to have a key pair made for you (its private '
        + 'key is in the config). With your own key (wg genkey | wg pubkey) the private key never leaves '
        + 'your machine.'), keyError),
    register);
  main.append(created, list, form);

  async function load() {
    const items = (await api.get('/devices')).items;
    replace(list, h('h2', { id: 'devices-h' }, 'Your devices'), table('Devices', ['Name', 'Address', 'Public key',
      'Registered', ''], items.map((d) => h('tr', { 'data-device': d.name },
      h('td', {}, d.name), h('td', { class: 'mono' }, d.address), h('td', { class: 'mono small' }, d.publicKey),
      h('td', {}, time(d.createdAt)),
      h('td', {}, h('div', { class: 'actions' },
        h('a', { class: 'button', href: p`/api/v1/devices/${d.name}/config`, download: `kubicle-${d.name}.conf` },
          'Config'), revoke(d))))), 'No devices yet: register one below.'));
  }
  function revoke(d) {
    const button = h('button', { type: 'button', class: 'danger', 'aria-label': `Revoke device ${d.name}` }, 'Revoke');
    button.addEventListener('click', () => busy(button, main, async () => {
      if (!(await confirmDialog(`Revoke ${d.name}?`, `${d.name} (${d.address}) loses its tunnel at once, open `
          + 'sessions included.', 'Revoke device'))) return;
      await api.del(p`/devices/${d.name}`);
      notify(main, 'ok', `${d.name} was revoked.`);
      await load();
    }));
    return button;
  }
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    for (const [input, error] of [[name, nameError], [key, keyError]]) {
      error.hidden = true;
      input.removeAttribute('aria-invalid');
    }
    busy(register, main, async () => {
      let reg;
      try {
        reg = await api.post('/devices', { name: name.value.trim(), publicKey: key.value.trim() || undefined });
      } catch (e) {
        const [input, error] = e.field === 'publicKey' ? [key, keyError] : e.field === 'name' ? [name, nameError]
          : [null, null];
        if (!input) throw e;
        error.textContent = e.message;
        error.hidden = false;
        input.setAttribute('aria-invalid', 'true');
        input.focus();
        return;
      }
      name.value = '';
      key.value = '';
      const device = reg.device;
      replace(created, h('div', { class: 'notice ok', id: 'device-config' },
        h('p', {}, h('strong', {}, `${device.name} is registered as ${device.address}.`), ' ',
          reg.keyGenerated ? 'Its config holds the private key made for you: keep it secret. You can download it '
            + 'again here until you revoke the device.' : 'Put your private key into the config where it says so.'),
        h('pre', { class: 'block', id: 'device-config-text' }, reg.config),
        h('div', { class: 'actions' }, copyButton(() => reg.config, 'Copy config'),
          h('a', { class: 'button', href: URL.createObjectURL(new Blob([reg.config], { type: 'text/plain' })),
            download: `kubicle-${device.name}.conf` }, 'Save as file')),
        h('p', { class: 'small muted' }, 'Then: sudo wg-quick up ./kubicle-', device.name, '.conf')));
      await load();
    });
  });
  await load();
}
