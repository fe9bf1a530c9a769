// The receiver form's data: between form values and the receiver JSON of design.md ("Notification
// receivers"), and the server's validation problems per field. Pure, tested under node.
//
// A receiver's URL and header values are write-only: the API shows the URL masked (https://host/***) and
// each header value as "***". Sent back as read, they keep what is stored, so the form shows them as read
// and sends them back unless the user typed something else.

/** Where the server's problems can be shown, in the form's order. */
export const FIELDS = ['name', 'url', 'template', 'content_type', 'headers', 'group_by', 'group_wait', 'group_interval', 'repeat_interval'];
export const BUILT_IN_TEMPLATES = ['generic', 'slack'];
/** What the API shows of a header's value, and what keeps it on PUT. */
export const HIDDEN = '***';

/** 'generic', 'slack', or 'custom' (Qute text) for a receiver's template. */
export function templateKind(template) {
  return !template || BUILT_IN_TEMPLATES.includes(template) ? template || 'generic' : 'custom';
}

/** The form's values from a receiver as read (or defaults for a new one). */
export function receiverFormValues(receiver) {
  const r = receiver || {};
  const kind = templateKind(r.template);
  return {
    name: r.name || '',
    url: r.url || '',
    template_kind: kind,
    template_text: kind === 'custom' ? r.template : '',
    content_type: r.content_type || '',
    // Stored headers keep their name and show "***"; `stored` says their value can be kept.
    headers: Object.entries(r.headers || {}).map(([name, value]) => ({ name, value: value ?? HIDDEN, stored: true })),
    group_by: (r.group_by || ['rule_id']).join(', '),
    group_wait: r.group_wait || '',
    group_interval: r.group_interval || '',
    repeat_interval: r.repeat_interval || '',
  };
}

/** "rule_id, labels.team" -> ["rule_id", "labels.team"]; blank -> [] (one group for all). */
export function parseGroupBy(text) {
  return (text || '').split(',').map((k) => k.trim()).filter(Boolean);
}

/**
 * The POST or PUT body from the form's values. Empty optional fields are left out (the server's defaults);
 * an empty URL on edit is left out too (the stored one stays). A stored header whose value field is left
 * empty or "***" is sent as "***", which keeps its value; a header row without a name is ignored.
 */
export function receiverBody(values, version) {
  const body = {};
  const name = (values.name || '').trim();
  if (name) body.name = name;
  const url = (values.url || '').trim();
  if (url) body.url = url;
  body.template = values.template_kind === 'custom' ? values.template_text || '' : values.template_kind || 'generic';
  const contentType = (values.content_type || '').trim();
  if (contentType) body.content_type = contentType;
  const headers = {};
  for (const row of values.headers || []) {
    const header = (row.name || '').trim();
    if (!header) continue;
    const value = row.value ?? '';
    headers[header] = row.stored && (value === '' || value === HIDDEN) ? HIDDEN : value;
  }
  body.headers = headers;
  body.group_by = parseGroupBy(values.group_by);
  for (const f of ['group_wait', 'group_interval', 'repeat_interval']) {
    const v = (values[f] || '').trim();
    if (v) body[f] = v;
  }
  if (version !== undefined && version !== null) body.version = version;
  return body;
}

/** The form field a server's error field belongs to: group_by[1] -> group_by, headers.X-Team -> headers. */
export function formField(field) {
  if (!field) return null;
  const base = field.replace(/\[\d+\]$/, '');
  if (FIELDS.includes(base)) return base;
  if (field.startsWith('headers.')) return 'headers';
  return null;
}

/**
 * The problems of a problem+json answer by form field: {byField: {url: "…", headers: "headers.X: …"}, other: [..]}.
 * A template error says its line and column; an error on a part of a field (a header, a group key) names
 * the part. A problem without a field, or for a field the form does not have, goes to `other`.
 */
export function receiverFieldErrors(problem) {
  const byField = {};
  const other = [];
  for (const e of problem?.errors || []) {
    const f = formField(e.field);
    let text = e.message;
    if (e.line !== undefined && e.line !== null) text += ` (line ${e.line}${e.column != null ? `, column ${e.column}` : ''})`;
    if (f && f !== e.field) text = `${e.field}: ${text}`;
    if (f) byField[f] = byField[f] ? `${byField[f]}; ${text}` : text;
    else other.push(e.field ? `${e.field}: ${text}` : text);
  }
  if (!problem?.errors?.length && problem?.detail) other.push(problem.detail);
  return { byField, other };
}

/**
 * What a failed delete says: a 409 names the rules that still name the receiver, so the user knows what to
 * change first.
 */
export function deleteProblem(err) {
  if (err?.status === 409 && err.problem?.rules?.length) {
    return `Cannot delete: ${err.problem.rules.length === 1 ? 'a rule names' : `${err.problem.rules.length} rules name`} this receiver `
      + `(${err.problem.rules.join(', ')}). Change or delete ${err.problem.rules.length === 1 ? 'it' : 'them'} first.`;
  }
  return err?.message || String(err);
}
