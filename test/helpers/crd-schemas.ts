import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';

// Structural schemas of the upstream CRDs, vendored by scripts/vendor-crd-schemas.mjs (see SOURCE.md there).
const schemaRoot = join(import.meta.dirname, '..', 'schemas', 'upstream');

interface VendoredSchema {
  group: string;
  version: string;
  kind: string;
  schema: { properties?: Record<string, unknown> };
}

/** One validator per group/version/kind, from the current (top-level) copies of each provider folder. */
export function loadCrdValidators(partial = false): Map<string, ValidateFunction> {
  const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
  const out = new Map<string, ValidateFunction>();
  for (const dir of readdirSync(schemaRoot, { withFileTypes: true }).filter((d) =>
    d.isDirectory(),
  )) {
    for (const file of readdirSync(join(schemaRoot, dir.name)).filter((f) => f.endsWith('.json'))) {
      const v = JSON.parse(
        readFileSync(join(schemaRoot, dir.name, file), 'utf8'),
      ) as VendoredSchema;
      // status is server-written and some upstream CRDs give it an empty `properties:`; we never emit it.
      const schema = structuredClone(v.schema);
      delete schema.properties?.['status'];
      out.set(
        `${v.group}/${v.version}/${v.kind}`,
        ajv.compile(
          (partial ? withoutRequired : (x: unknown) => x)(openApiToJsonSchema(schema)) as object,
        ),
      );
    }
  }
  return out;
}

/** OpenAPI's `nullable` becomes a JSON Schema null type; Kubernetes vendor extensions are dropped. */
function openApiToJsonSchema(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(openApiToJsonSchema);
  if (!node || typeof node !== 'object') return node;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(node)) {
    if (k.startsWith('x-kubernetes-') || k === 'nullable' || v === null) continue;
    out[k] =
      k === 'properties' || k === 'patternProperties' ? mapValues(v) : openApiToJsonSchema(v);
  }
  const n = node as { nullable?: boolean; type?: string };
  if (n.nullable && typeof n.type === 'string') out['type'] = [n.type, 'null'];
  if (n.nullable && out['enum']) out['enum'] = [...(out['enum'] as unknown[]), null];
  return out;
}

function mapValues(v: unknown): unknown {
  if (!v || typeof v !== 'object') return v;
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, openApiToJsonSchema(x)]));
}

/** Drops `required` everywhere: an apply configuration carries only the fields its manager owns. */
export function withoutRequired(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutRequired);
  if (!node || typeof node !== 'object') return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([k, v]) => !(k === 'required' && Array.isArray(v)))
      .map(([k, v]) => [k, withoutRequired(v)]),
  );
}
