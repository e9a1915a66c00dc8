// Template parameters: a form field per parameter generated from the schema the API serves (type, options,
// default, validation, mutable/ephemeral), values read back for the create request, and the hints people need.
import { h, uid } from './dom.js';

/** What the rules mean, in words, for the hint under a field. */
export function ruleText(param) {
  const v = param.validation || {};
  const parts = [];
  if (v.min !== undefined && v.min !== null && v.max !== undefined && v.max !== null) parts.push(`from ${v.min} to ${v.max}`);
  else if (v.min !== undefined && v.min !== null) parts.push(`at least ${v.min}`);
  else if (v.max !== undefined && v.max !== null) parts.push(`at most ${v.max}`);
  if (v.monotonic) parts.push(`may only ${v.monotonic === 'increasing' ? 'increase' : 'decrease'} later`);
  if (v.regex) parts.push(v.error ? v.error : `must match ${v.regex}`);
  return parts.join('; ');
}

export function lifetimeText(param) {
  return [param.mutable ? 'can be changed later' : 'fixed once created',
    param.ephemeral ? 'applies to one build only' : null].filter(Boolean).join(', ');
}

function parseList(text) {
  if (!text) return [];
  try {
    const list = JSON.parse(text);
    return Array.isArray(list) ? list.map(String) : [];
  } catch (e) {
    return [];
  }
}

/**
 * A field for one parameter. Returns {element, read(), key, target} where read() gives the value to send (undefined
 * to leave it out), key is the API's field name (spec.parameters.x) and target the element that shows an error.
 */
export function parameterField(param) {
  const id = uid(`param-${param.name}`);
  const hintId = `${id}-hint`;
  const errorId = `${id}-error`;
  const label = param.displayName || param.name;
  const rules = ruleText(param);
  const hint = h('div', { class: 'hint', id: hintId },
    param.description ? h('div', {}, param.description) : null,
    h('div', {}, [rules, lifetimeText(param)].filter(Boolean).join(' · ')));
  const error = h('div', { class: 'error', id: errorId, hidden: true });
  const described = `${hintId} ${errorId}`;
  const tags = h('span', { class: 'tags muted small' }, param.required ? '(required)' : null);
  const options = param.options || [];
  let control;
  let read;
  if (param.type === 'bool') {
    control = h('input', { type: 'checkbox', id, name: param.name, checked: param.defaultValue === 'true',
      'aria-describedby': described });
    read = () => (control.checked ? 'true' : 'false');
    return field(h('label', { class: 'check', for: id }, control, label, tags), hint, error, read, param, control);
  }
  if (param.type === 'list(string)' && options.length) {
    const chosen = new Set(parseList(param.defaultValue));
    const boxes = options.map((o) => {
      const boxId = uid(id);
      return h('label', { class: 'check', for: boxId }, h('input', { type: 'checkbox', id: boxId, value: o.value,
        checked: chosen.has(o.value) }), o.name || o.value);
    });
    control = h('fieldset', { id, 'aria-describedby': described }, h('legend', {}, label, tags), boxes);
    read = () => [...control.querySelectorAll('input:checked')].map((b) => b.value);
    return fieldWithoutLabel(control, hint, error, read, param);
  }
  if (options.length) {
    control = h('select', { id, name: param.name, 'aria-describedby': described },
      param.defaultValue === undefined || param.defaultValue === null ? h('option', { value: '' }, 'Choose…') : null,
      options.map((o) => h('option', { value: o.value, selected: o.value === param.defaultValue }, o.name || o.value)));
    if (param.defaultValue !== undefined && param.defaultValue !== null) control.value = param.defaultValue;
    read = () => (control.value === '' ? undefined : control.value);
  } else if (param.type === 'list(string)') {
    control = h('textarea', { id, name: param.name, rows: 3, 'aria-describedby': described,
      placeholder: 'one value per line' });
    control.value = parseList(param.defaultValue).join('\n');
    read = () => control.value.split('\n').map((s) => s.trim()).filter(Boolean);
  } else {
    control = h('input', { id, name: param.name, type: param.type === 'number' ? 'number' : 'text',
      step: param.type === 'number' ? 'any' : null, 'aria-describedby': described, autocomplete: 'off',
      spellcheck: 'false' });
    control.value = param.defaultValue ?? '';
    read = () => (control.value === '' ? undefined : control.value);
  }
  return field(h('label', { for: id }, label, tags), hint, error, read, param, control);
}

function field(labelEl, hint, error, read, param, control) {
  const element = h('div', { class: 'field', 'data-param': param.name }, labelEl, control.parentNode ? null : control,
    hint, error);
  return { element, read, key: `spec.parameters.${param.name}`, control, error };
}

function fieldWithoutLabel(control, hint, error, read, param) {
  const element = h('div', { class: 'field', 'data-param': param.name }, control, hint, error);
  return { element, read, key: `spec.parameters.${param.name}`, control, error };
}

/** Shows a message under a field (null clears it). */
export function showFieldError(f, message) {
  f.error.textContent = message || '';
  f.error.hidden = !message;
  if (message) f.control.setAttribute('aria-invalid', 'true');
  else f.control.removeAttribute('aria-invalid');
}
