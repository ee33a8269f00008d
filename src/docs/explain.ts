import { diag, type Diagnostic, type StageResult } from '../diagnostics/diagnostic.js';
import { closest } from '../validate/suggest.js';
import { pushAll } from '../util/arrays.js';

/** The parts of a JSON Schema `explain` reads. */
export interface SchemaNode {
  title?: string;
  description?: string;
  type?: string;
  enum?: unknown[];
  const?: unknown;
  default?: unknown;
  pattern?: string;
  format?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
  maxLength?: number;
  properties?: Record<string, SchemaNode>;
  additionalProperties?: SchemaNode | boolean;
  items?: SchemaNode;
  required?: string[];
  $ref?: string;
  if?: SchemaNode;
  then?: SchemaNode;
  else?: SchemaNode;
  $defs?: Record<string, SchemaNode>;
}

/** A field reached by a path: what `kubectl explain` shows for it. */
interface Field {
  path: string;
  node: SchemaNode;
  required: boolean;
}

/** Map values (spec.clusters.<name>) are explained under this segment; any key reaches them too. */
const MAP_KEY = '<name>';

/**
 * Walks a dotted path (`spec.plans.volumes`, `spec.clusters.<name>.role`, or with a real map key
 * `spec.clusters.okd47.role`) down the schema; list items are transparent, as in `kubectl explain`. Lower-case
 * matching is not done: field names are case-sensitive in the spec too.
 */
function resolvePath(root: SchemaNode, path: string): StageResult<Field> {
  const segments = path.split('.').filter((s) => s !== '');
  let node = element(root, root);
  let required = true;
  const walked: string[] = [];
  for (const seg of segments) {
    // A name-or-mapping entry has fields through its mapping form.
    const parent = objectForm(root, node) ?? node;
    const props = parent.properties ?? {};
    const map =
      typeof parent.additionalProperties === 'object' ? parent.additionalProperties : undefined;
    if (Object.hasOwn(props, seg)) {
      required = (parent.required ?? []).includes(seg);
      node = withOwnDescription(element(root, props[seg]!), props[seg]!);
    } else if (map) {
      required = false;
      node = withOwnDescription(element(root, map), map);
      walked.push(MAP_KEY);
      continue;
    } else {
      const names = Object.keys(props);
      const near = closest(seg, names);
      const at = walked.length ? walked.join('.') : '(the document)';
      return {
        diagnostics: [
          diag(
            'MP2580',
            `${at} has no field "${seg}"${near ? ` (did you mean "${near}"?)` : ''}; its fields: ${names.join(', ') || 'none'}`,
          ),
        ],
      };
    }
    walked.push(seg);
  }
  return { value: { path: walked.join('.'), node, required }, diagnostics: [] };
}

/** A property's own description (a list's, a map's) wins over the description of its items' definition. */
function withOwnDescription(node: SchemaNode, property: SchemaNode): SchemaNode {
  return property.description ? { ...node, description: property.description } : node;
}

/** Follows $ref, goes through arrays to their items and picks the mapping branch of a string-or-mapping. */
function element(root: SchemaNode, n: SchemaNode): SchemaNode {
  let node = deref(root, n);
  if (node.type === 'array' && node.items) node = deref(root, node.items);
  return node;
}

function deref(root: SchemaNode, n: SchemaNode): SchemaNode {
  if (!n.$ref) return n;
  const target = root.$defs?.[n.$ref.replace('#/$defs/', '')];
  // A description beside the $ref (the property's own words) wins over the definition's.
  return target ? { ...target, ...(n.description ? { description: n.description } : {}) } : n;
}

/** The object form of a field, when it has one (a namespace entry is a name or a from/to mapping). */
function objectForm(root: SchemaNode, n: SchemaNode): SchemaNode | undefined {
  if (n.properties || typeof n.additionalProperties === 'object') return n;
  if (n.else) return objectForm(root, deref(root, n.else));
  return undefined;
}

/** `<string>`, `<[]object>`, `<map[string]Cluster>`, `<string | object>`: kubectl's type notation. */
export function typeLabel(root: SchemaNode, raw: SchemaNode): string {
  const n = deref(root, raw);
  if (n.type === 'array') {
    const item = n.items ? typeLabel(root, n.items) : 'any';
    return `[]${item.includes(' | ') ? `(${item})` : item}`;
  }
  if (n.if && n.then && n.else) return `${typeLabel(root, n.then)} | ${typeLabel(root, n.else)}`;
  if (n.type === 'object' && typeof n.additionalProperties === 'object')
    return `map[string]${typeLabel(root, n.additionalProperties)}`;
  if (n.type === 'object') return n.title ?? 'object';
  return n.type ?? 'any';
}

function allowed(n: SchemaNode): string | undefined {
  if (n.const !== undefined) return JSON.stringify(n.const);
  if (n.enum) return n.enum.map((v) => JSON.stringify(v)).join(', ');
  return undefined;
}

function constraints(n: SchemaNode): string[] {
  const out: string[] = [];
  if (n.pattern !== undefined) out.push(`pattern ${n.pattern}`);
  if (n.format !== undefined) out.push(`format ${n.format}`);
  if (n.minimum !== undefined) out.push(`minimum ${n.minimum}`);
  if (n.maximum !== undefined) out.push(`maximum ${n.maximum}`);
  if (n.minItems !== undefined) out.push(`at least ${n.minItems} item(s)`);
  if (n.maxItems !== undefined) out.push(`at most ${n.maxItems} item(s)`);
  if (n.maxLength !== undefined) out.push(`at most ${n.maxLength} characters`);
  return out;
}

/**
 * A YAML example of a field, built from the schema: the default, the constant or first allowed value of
 * scalars, and for mappings their required fields and fields with defaults (placeholders in angle brackets).
 */
export function exampleOf(root: SchemaNode, raw: SchemaNode, key: string, depth = 0): string[] {
  const n = deref(root, raw);
  const pad = '  '.repeat(depth);
  if (n.type === 'array') {
    // Items are drawn two levels in; the first line's indent then becomes the list dash.
    const item = n.items ? exampleOf(root, n.items, '', depth + 2) : [];
    const [first = `${pad}    <value>`, ...rest] = item;
    return [`${pad}${key}:`, first.replace(/^(\s*) {2}/, '$1- '), ...rest];
  }
  // A name-or-mapping entry is shown in its short form.
  if (n.if && n.then) return exampleOf(root, n.then, key, depth);
  const obj = objectForm(root, n);
  if (obj && n.type === 'object') {
    if (typeof obj.additionalProperties === 'object' && !obj.properties) {
      return [`${pad}${key}:`, ...exampleOf(root, obj.additionalProperties, MAP_KEY, depth + 1)];
    }
    const fields = Object.entries(obj.properties ?? {}).filter(
      ([k, v]) => (obj.required ?? []).includes(k) || deref(root, v).default !== undefined,
    );
    const inner = key ? depth + 1 : depth;
    const body = depth > 6 ? [] : fields.flatMap(([k, v]) => exampleOf(root, v, k, inner));
    if (!key) return body.length ? body : [`${pad}{}`];
    return body.length ? [`${pad}${key}:`, ...body] : [`${pad}${key}: {}`];
  }
  const value =
    n.default ??
    n.const ??
    n.enum?.[0] ??
    (n.type === 'string' ? `<${key || 'value'}>` : undefined);
  const shown =
    value === undefined
      ? n.type === 'boolean'
        ? 'false'
        : n.type === 'integer' || n.type === 'number'
          ? String(n.minimum ?? 1)
          : `<${key || 'value'}>`
      : typeof value === 'string' && !/^[<A-Za-z0-9]/.test(value)
        ? JSON.stringify(value)
        : typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : JSON.stringify(value);
  return [key ? `${pad}${key}: ${shown}` : `${pad}${shown}`];
}

function wrap(text: string, indent: string, width = 100): string[] {
  const out: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/).filter(Boolean)) {
    if (line && indent.length + line.length + 1 + word.length > width) {
      out.push(indent + line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) out.push(indent + line);
  return out;
}

export interface ExplainOptions {
  recursive?: boolean;
  /** The document kind, shown on the first line (kubectl's KIND). */
  kind: string;
}

/**
 * `migplan explain PATH`, laid out like `kubectl explain`: the field, its type, description, default, allowed
 * values, constraints and an example; then its fields (one line each, or the whole subtree with --recursive).
 */
export function explain(root: SchemaNode, path: string, opts: ExplainOptions): StageResult<string> {
  const found = resolvePath(root, path);
  if (!found.value) return { diagnostics: found.diagnostics };
  const { node, required } = found.value;
  const shownPath = found.value.path;
  const lines: string[] = [`KIND:     ${opts.kind}`];
  if (shownPath)
    lines.push(`FIELD:    ${shownPath} <${typeLabel(root, propertyNode(root, path) ?? node)}>`);
  lines.push('');
  lines.push('DESCRIPTION:');
  pushAll(lines, wrap(node.description ?? '(no description)', '    '));
  if (shownPath) lines.push('', `REQUIRED: ${required ? 'yes' : 'no'}`);
  if (node.default !== undefined) lines.push('', `DEFAULT:  ${JSON.stringify(node.default)}`);
  const values = allowed(node);
  if (values !== undefined) lines.push('', `ALLOWED VALUES: ${values}`);
  const rules = constraints(node);
  if (rules.length) lines.push('', `CONSTRAINTS: ${rules.join('; ')}`);
  const key = shownPath.split('.').pop() ?? '';
  if (shownPath) {
    lines.push('', 'EXAMPLE:');
    for (const l of exampleOf(root, propertyNode(root, path) ?? node, key)) lines.push(`    ${l}`);
  }
  const obj = objectForm(root, node);
  if (obj) {
    lines.push('', 'FIELDS:');
    if (opts.recursive) pushAll(lines, fieldTree(root, obj, 1, new Set()));
    else
      for (const [name, raw] of fields(obj)) {
        const child = deref(root, raw);
        const req = (obj.required ?? []).includes(name) ? ' -required-' : '';
        lines.push(`  ${name}\t<${typeLabel(root, raw)}>${req}`);
        pushAll(lines, wrap(child.description ?? '', '    '));
        lines.push('');
      }
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return { value: lines.join('\n') + '\n', diagnostics: [] };
}

/** The property as written in its parent (an array, a map), for the type label and example. */
function propertyNode(root: SchemaNode, path: string): SchemaNode | undefined {
  const segments = path.split('.').filter(Boolean);
  const last = segments.pop();
  if (last === undefined) return undefined;
  const found = segments.length
    ? resolvePath(root, segments.join('.')).value?.node
    : element(root, root);
  const parent = found && (objectForm(root, found) ?? found);
  if (!parent) return undefined;
  const own = parent.properties?.[last];
  if (own) return own;
  return typeof parent.additionalProperties === 'object' ? parent.additionalProperties : undefined;
}

function fields(obj: SchemaNode): [string, SchemaNode][] {
  const own = Object.entries(obj.properties ?? {});
  if (typeof obj.additionalProperties === 'object' && !obj.properties)
    return [[MAP_KEY, obj.additionalProperties]];
  return own;
}

function fieldTree(
  root: SchemaNode,
  obj: SchemaNode,
  depth: number,
  seen: Set<SchemaNode>,
): string[] {
  const out: string[] = [];
  for (const [name, raw] of fields(obj)) {
    const req = (obj.required ?? []).includes(name) ? ' -required-' : '';
    out.push(`${'  '.repeat(depth)}${name}\t<${typeLabel(root, raw)}>${req}`);
    const child = objectForm(root, element(root, raw));
    // A definition that contains itself would recurse forever; none does today, the guard keeps it so.
    if (child && !seen.has(child))
      pushAll(out, fieldTree(root, child, depth + 1, new Set([...seen, child])));
  }
  return out;
}

/** Every path `explain` accepts, for completion and for the test that walks the whole schema. */
export function explainablePaths(root: SchemaNode): string[] {
  const out: string[] = [];
  const walk = (obj: SchemaNode, prefix: string, seen: Set<SchemaNode>) => {
    for (const [name, raw] of fields(obj)) {
      const path = prefix ? `${prefix}.${name}` : name;
      out.push(path);
      const child = objectForm(root, element(root, raw));
      if (child && !seen.has(child)) walk(child, path, new Set([...seen, child]));
    }
  };
  walk(element(root, root), '', new Set());
  return out;
}

export type { Diagnostic };
