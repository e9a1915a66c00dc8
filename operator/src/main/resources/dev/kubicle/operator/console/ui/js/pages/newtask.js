// Giving an agent a task: one of my workspaces, the prompt, a model (the configured default when empty) and a few
// limits. The server validates (the webhook's rules); each problem of its 422 is shown under the field it names.
import { api, me, p } from '../api.js';
import { h, uid } from '../dom.js';
import { showFieldError } from '../params.js';
import { pageHead } from '../view.js';
import { showProblems } from './create.js';

/** A labelled field whose errors go to {@code key} (the API's field path). */
function field(key, label, control, hint) {
  const id = uid('task');
  control.id = id;
  const error = h('div', { class: 'error', hidden: true, id: `${id}-error` });
  const hintId = hint ? `${id}-hint` : null;
  control.setAttribute('aria-describedby', [hintId, `${id}-error`].filter(Boolean).join(' '));
  const element = h('div', { class: 'field', 'data-field': key }, h('label', { for: id }, label), control,
    hint ? h('div', { class: 'hint', id: hintId }, hint) : null, error);
  return { key, control, error, element };
}

function number(name, min) {
  return h('input', { type: 'number', name, min: String(min), step: '1', inputmode: 'numeric' });
}

export async function render(main) {
  main.append(pageHead('New task', 'An agent works on one of your workspaces until the model says it is done or a '
    + 'limit is reached.'));
  const all = (await api.get('/workspaces?limit=500')).items;
  const mine = all.filter((ws) => ws.owner === me.name && !ws.deleting);
  if (!mine.length) {
    main.append(h('div', { class: 'panel empty' }, 'A task works on one of your workspaces, and you have none yet. ',
      h('a', { href: '/workspaces/new' }, 'Create a workspace'), ' first.'));
    return;
  }
  const wanted = new URLSearchParams(window.location.search).get('workspace');
  const workspace = field('spec.workspace', 'Workspace', h('select', { name: 'workspace' }, mine.map((ws) =>
    h('option', { value: `${ws.namespace}/${ws.name}` }, `${ws.namespace}/${ws.name}`
      + (ws.running ? '' : ' (stopped: it is started for the task)')))));
  if (wanted && mine.some((ws) => `${ws.namespace}/${ws.name}` === wanted)) workspace.control.value = wanted;
  const name = field('name', 'Name (optional)', h('input', { name: 'name', autocomplete: 'off', spellcheck: 'false',
    placeholder: 'fix-the-tests' }), 'Lowercase letters, digits and "-"; left empty, one is made up (task-…).');
  const prompt = field('spec.prompt', 'Prompt', h('textarea', { name: 'prompt', rows: '6', required: true }),
    'What the agent should do, as you would tell a colleague.');
  const model = field('spec.model', 'Model (optional)', h('input', { name: 'model', autocomplete: 'off',
    spellcheck: 'false' }), 'A model id of the operator\'s configuration; empty: the configured default.');
  const maxTurns = field('spec.limits.maxTurns', 'Max turns', number('maxTurns', 1), 'Model calls at most.');
  const maxTokens = field('spec.limits.maxTokens', 'Max tokens', number('maxTokens', 1),
    'All kinds together (input, output, cache).');
  const maxCost = field('spec.limits.maxCostMicros', 'Max cost (USD)', h('input', { type: 'number', name: 'maxCost',
    min: '0', step: '0.01' }), 'Stops the task once its priced calls cost this much.');
  const timeout = field('spec.limits.timeout', 'Timeout', h('input', { name: 'timeout', autocomplete: 'off',
    placeholder: '30m' }), 'Wall-clock limit for the whole task, e.g. 30m or 2h.');
  const fields = [workspace, name, prompt, model, maxTurns, maxTokens, maxCost, timeout];
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Start task');
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'New task' },
    workspace.element, prompt.element, name.element, model.element,
    h('h2', {}, 'Limits'), h('p', { class: 'muted small' }, 'Empty: the operator\'s defaults.'),
    h('div', { class: 'grid' }, maxTurns.element, maxTokens.element, maxCost.element, timeout.element),
    formError,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button', href: '/tasks' }, 'Cancel')));
  main.append(form);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    fields.forEach((f) => showFieldError(f, null));
    formError.textContent = '';
    const [namespace, ws] = workspace.control.value.split('/');
    const body = { workspace: ws, prompt: prompt.control.value };
    if (name.control.value.trim()) body.name = name.control.value.trim();
    if (model.control.value.trim()) body.model = model.control.value.trim();
    const limits = {};
    // Numbers go as typed when they are whole, so the server's message names what was wrong; other text is sent
    // as a string, which the server refuses with the field's name too.
    const whole = (text) => (/^-?\d+$/.test(text) ? Number(text) : text);
    if (maxTurns.control.value.trim()) limits.maxTurns = whole(maxTurns.control.value.trim());
    if (maxTokens.control.value.trim()) limits.maxTokens = whole(maxTokens.control.value.trim());
    if (maxCost.control.value.trim()) {
      const usd = Number(maxCost.control.value.trim());
      limits.maxCostMicros = Number.isFinite(usd) ? Math.round(usd * 1e6) : maxCost.control.value.trim();
    }
    if (timeout.control.value.trim()) limits.timeout = timeout.control.value.trim();
    if (Object.keys(limits).length) body.limits = limits;
    submit.disabled = true;
    try {
      const created = await api.post(p`/namespaces/${namespace}/tasks`, body);
      window.location.assign(`/tasks/${encodeURIComponent(created.namespace)}/${encodeURIComponent(created.name)}`);
    } catch (e) {
      showProblems(e, fields, formError);
    } finally {
      submit.disabled = false;
    }
  });
}
