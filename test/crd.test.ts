import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import jsYaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { readTreeSync } from './helpers/golden.js';
import { loadCrdValidators } from './helpers/crd-schemas.js';
import { UNFILLED_RESTORE_URL } from '../src/plan/hcp/types.js';

const examplesDir = join(import.meta.dirname, '..', 'examples');

interface EmittedObject {
  file: string;
  object: Record<string, unknown>;
  /** From a file whose header declares partial objects for server-side apply. */
  partial: boolean;
}

function allEmittedObjects(): EmittedObject[] {
  const out: EmittedObject[] = [];
  for (const name of readdirSync(examplesDir).filter((d) =>
    existsSync(join(examplesDir, d, 'expected')),
  )) {
    for (const [rel, content] of readTreeSync(join(examplesDir, name, 'expected'))) {
      // kustomization.yaml and the Argo CD ignoreDifferences are not cluster objects.
      if (!rel.endsWith('.yaml') || rel === 'kustomization.yaml' || rel.startsWith('argocd/'))
        continue;
      const partial = /^# Partial objects for server-side apply/m.test(
        content.split('\n---\n')[0] ?? '',
      );
      // A restore URL slot left for the operator to fill fails every CRD on purpose; test/hcp.test.ts fills it.
      if (content.includes(UNFILLED_RESTORE_URL)) continue;
      for (const doc of jsYaml.loadAll(content))
        if (doc)
          out.push({ file: `${name}/${rel}`, object: doc as Record<string, unknown>, partial });
    }
  }
  return out;
}

describe('emitted objects validate against the vendored upstream CRD schemas', () => {
  const validators = loadCrdValidators();
  const partialValidators = loadCrdValidators(true);
  const objects = allEmittedObjects();

  it('finds objects to check and schemas to check them with', () => {
    expect(objects.length).toBeGreaterThan(10);
    expect(validators.size).toBeGreaterThan(25);
  });

  it('every object of a CRD-defined kind is valid', () => {
    const failures: string[] = [];
    let checked = 0;
    for (const { file, object, partial } of objects) {
      const apiVersion = String(object['apiVersion']);
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const validate = (partial ? partialValidators : validators).get(
        `${group}/${version}/${String(object['kind'])}`,
      );
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
      if (/^(v1|apps\/v1|rbac\.authorization\.k8s\.io\/v1|networking\.k8s\.io\/v1)\//.test(k))
        continue; // core kinds: own schemas
      const [group, version, kind] = k.split('/');
      expect(validators.has(`${group}/${version}/${kind}`), k).toBe(true);
    }
  });
});
