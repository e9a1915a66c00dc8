// Creating a workspace: pick a template, name it, fill the form generated from the template's parameters. The
// server validates (same rules as the operator and the webhook); its 422 names each field, shown next to it.
import { api, p } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { parameterField, showFieldError } from '../params.js';
import { notify, pageHead } from '../view.js';

export async function render(main) {
  main.append(pageHead('New workspace', 'A workspace is built from a template and the values you choose.'));
  const templates = (await api.get('/templates')).items;
  if (!templates.length) {
    main.append(h('div', { class: 'panel empty' }, 'There are no templates yet; an admin adds them with kubectl.'));
    return;
  }
  const wanted = new URLSearchParams(window.location.search).get('template');
  const first = templates.find((t) => `${t.namespace}/${t.name}` === wanted) || templates[0];
  const templateId = uid('template');
  const select = h('select', { id: templateId, name: 'template' }, templates.map((t) =>
    h('option', { value: `${t.namespace}/${t.name}` }, `${t.displayName || t.name} (${t.namespace}/${t.name})`)));
  select.value = `${first.namespace}/${first.name}`;
  const templateError = h('div', { class: 'error', hidden: true, id: `${templateId}-error` });
  const nameId = uid('name');
  const nameInput = h('input', { id: nameId, name: 'name', autocomplete: 'off', spellcheck: 'false',
    'aria-describedby': `${nameId}-hint ${nameId}-error`, placeholder: 'my-workspace' });
  const nameError = h('div', { class: 'error', hidden: true, id: `${nameId}-error` });
  const runId = uid('run');
  const run = h('input', { type: 'checkbox', id: runId, checked: true });
  const paramsBox = h('div', { id: 'parameters' });
  const submit = h('button', { type: 'submit', class: 'primary' }, 'Create workspace');
  const formError = h('div', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'panel', novalidate: true, 'aria-label': 'New workspace' },
    h('div', { class: 'field' }, h('label', { for: templateId }, 'Template'), select, templateError),
    h('div', { class: 'field' }, h('label', { for: nameId }, 'Name'), nameInput,
      h('div', { class: 'hint', id: `${nameId}-hint` }, 'Lowercase letters, digits and "-", at most 63 characters.'),
      nameError),
    paramsBox,
    h('div', { class: 'field' }, h('label', { class: 'check', for: runId }, run, 'Start it now')),
    formError,
    h('div', { class: 'actions' }, submit, h('a', { class: 'button', href: '/workspaces' }, 'Cancel')));
  main.append(form);

  let fields = [];
  let template = first;
  const fixed = {
    name: { key: 'name', control: nameInput, error: nameError },
    template: { key: 'template', control: select, error: templateError },
  };
  async function loadTemplate() {
    const [ns, name] = select.value.split('/');
    template = templates.find((t) => t.namespace === ns && t.name === name);
    history.replaceState(null, '', `/workspaces/new?template=${encodeURIComponent(select.value)}`);
    replace(paramsBox, h('p', { class: 'muted' }, 'Loading parameters…'));
    const detail = await api.get(p`/namespaces/${ns}/templates/${name}`);
    fields = (detail.parameters || []).map(parameterField);
    replace(paramsBox, fields.length ? h('h2', {}, 'Parameters') : h('p', { class: 'muted' },
      'This template has no parameters.'), fields.map((f) => f.element));
  }
  select.addEventListener('change', () => loadTemplate().catch((e) => notify(main, 'bad', e.message)));
  await loadTemplate();

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const all = [...fields, fixed.name, fixed.template];
    all.forEach((f) => showFieldError(f, null));
    formError.textContent = '';
    const parameters = {};
    for (const f of fields) {
      const value = f.read();
      if (value !== undefined) parameters[f.key.slice('spec.parameters.'.length)] = value;
    }
    submit.disabled = true;
    try {
      const created = await api.post(p`/namespaces/${template.namespace}/workspaces`, {
        name: nameInput.value.trim(), template: template.name, parameters, running: run.checked });
      window.location.assign(`/workspaces/${encodeURIComponent(created.namespace)}/${encodeURIComponent(created.name)}`);
    } catch (e) {
      showProblems(e, all, formError);
    } finally {
      submit.disabled = false;
    }
  });
}

/** Puts each problem of a 422 under the field it names ("spec.parameters.cpu: must be at most 8"). */
export function showProblems(error, fields, formError) {
  const problems = error.details?.length ? error.details : [error.field ? `${error.field}: ${error.message}`
    : error.message];
  const leftover = [];
  let focused = false;
  for (const problem of problems) {
    const cut = problem.indexOf(': ');
    const key = cut > 0 ? problem.slice(0, cut) : error.field;
    const message = cut > 0 ? problem.slice(cut + 2) : problem;
    const f = fields.find((x) => x.key === key);
    if (f) {
      showFieldError(f, message);
      if (!focused) {
        f.control.focus();
        focused = true;
      }
    } else {
      leftover.push(problem);
    }
  }
  if (error.field && !fields.some((x) => x.key === error.field) && !leftover.length && !focused) {
    leftover.push(error.message);
  }
  formError.textContent = leftover.length ? leftover.join('; ') : 'Please correct the fields marked above.';
}
