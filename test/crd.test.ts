import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Ajv, type ValidateFunction } from 'ajv';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readTreeSync } from './helpers/golden.js';

// Structural schemas of the upstream CRDs, vendored by scripts/vendor-crd-schemas.mjs (see SOURCE.md there).
const schemaRoot = join(import.meta.dirname, 'schemas', 'upstream');
const examplesDir = join(import.meta.dirname, '..', 'examples');

interface VendoredSchema {
  group: string;
  version: string;
  kind: string;
  schema: { properties?: Record<string, unknown> };
}

/** One validator per group/version/kind, from the current (top-level) copies of each provider folder. */
function loadCrdValidators(): Map<string, ValidateFunction> {
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
        ajv.compile(openApiToJsonSchema(schema) as object),
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

function allEmittedObjects(): { file: string; object: Record<string, unknown> }[] {
  const out: { file: string; object: Record<string, unknown> }[] = [];
  for (const name of readdirSync(examplesDir).filter((d) =>
    existsSync(join(examplesDir, d, 'expected')),
  )) {
    for (const [rel, content] of readTreeSync(join(examplesDir, name, 'expected'))) {
      // kustomization.yaml and the Argo CD ignoreDifferences are not cluster objects.
      if (!rel.endsWith('.yaml') || rel === 'kustomization.yaml' || rel.startsWith('argocd/'))
        continue;
      for (const doc of jsYaml.loadAll(content))
        if (doc) out.push({ file: `${name}/${rel}`, object: doc as Record<string, unknown> });
    }
  }
  return out;
}

describe('emitted objects validate against the vendored upstream CRD schemas', () => {
  const validators = loadCrdValidators();
  const objects = allEmittedObjects();

  it('finds objects to check and schemas to check them with', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(validators.size).toBeGreaterThan(25);
  });

  it('every object of a CRD-defined kind is valid', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, object } of objects) {
      const apiVersion = String(object['apiVersion']);
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const validate = validators.get(`${group}/${version}/${String(object['kind'])}`);
      if (!validate) continue;
      checked++;
      if (!validate(object))
        failures.push(`${file} ${String(object['kind'])}: ${JSON.stringify(validate.errors)}`);
    }
    expect(failures).toEqual([]);
    expect(checked).toBeGreaterThan(5);
  });

  it('every MTC, Velero and OpenShift kind we emit has an upstream CRD', () => {
    const kinds = new Set(
      objects.map((o) => `${String(o.object['apiVersion'])}/${String(o.object['kind'])}`),
    );
    for (const k of kinds) {
      if (/^(v1|rbac\.authorization\.k8s\.io\/v1|networking\.k8s\.io\/v1)\//.test(k)) continue; // core kinds: own schemas
      const [group, version, kind] = k.split('/');
      expect(validators.has(`${group}/${version}/${kind}`), k).toBe(true);
    }
  });
});
