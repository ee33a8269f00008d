import { describe, expect, it } from 'vitest';
import { FactsReader } from '../src/resolve/facts-from-objects.js';

// What the compatibility check lists from a snapshot (snapshotSource.listMetadata): every namespaced object the
// reader read, of kinds it plans with or not, once each, by API group and kind, in the namespaces asked for.

const pod = (namespace: string, name: string) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { namespace, name },
  spec: { containers: [{ name: 'c', image: 'registry.example.com/app:1' }] },
  status: { phase: 'Running' },
});
const cronJob = (namespace: string, name: string) => ({
  apiVersion: 'batch/v1',
  kind: 'CronJob',
  metadata: { namespace, name },
});

function read(): FactsReader {
  const reader = new FactsReader('src');
  reader.addDocuments(
    [
      {
        apiVersion: 'v1',
        kind: 'List',
        items: [
          pod('b', 'web'),
          pod('a', 'web'),
          pod('a', 'api'),
          { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'a' } },
          cronJob('a', 'nightly'),
          cronJob('c', 'nightly'),
          cronJob('a', 'nightly'), // the same object twice: listed once
        ],
      },
      // A metadata-only list, as migplan snapshot writes one for the kinds it does not read whole.
      {
        apiVersion: 'meta.k8s.io/v1',
        kind: 'PartialObjectMetadataList',
        items: [
          { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'a', name: 'web' } },
          { apiVersion: 'v1', kind: 'Pod', metadata: { namespace: 'a', name: 'worker' } },
          {
            apiVersion: 'networking.k8s.io/v1',
            kind: 'Ingress',
            metadata: { namespace: 'a', name: 'www' },
          },
        ],
      },
    ],
    'objects.yaml',
  );
  return reader;
}

describe('FactsReader.namespacedObjects', () => {
  it.each([
    // group, kind, namespaces, expected (namespace/name, sorted)
    ['', 'Pod', ['a'], ['a/api', 'a/web', 'a/worker']], // read and counted objects, each once
    ['', 'Pod', ['b', 'a'], ['a/api', 'a/web', 'a/worker', 'b/web']], // namespaces in order, whatever asked
    ['', 'Pod', ['z'], []],
    ['batch', 'CronJob', ['a', 'c'], ['a/nightly', 'c/nightly']], // a kind the planner does not read
    ['', 'CronJob', ['a'], []], // the group counts
    ['networking.k8s.io', 'Ingress', ['a'], ['a/www']],
    ['', 'Namespace', ['', 'a'], []], // cluster-scoped objects are not namespaced objects
  ])('%s %s in %j', (group, kind, namespaces, expected) => {
    const listed = read().namespacedObjects().list(group, kind, new Set(namespaces));
    expect(listed.map((o) => `${o.namespace}/${o.name}`)).toEqual(expected);
  });
});
