import type { ObjectKey } from './cluster-facts.js';

// Per-namespace views of the fact lists, built once per ClusterFacts. A WeakMap keeps this a cache:
// the facts stay plain data and the index dies with them.
const cache = new WeakMap<readonly ObjectKey[], Map<string, readonly ObjectKey[]>>();

/** The items of a namespaced fact list that live in `namespace`, in their (sorted) order. */
export function inNamespace<T extends ObjectKey>(
  list: readonly T[],
  namespace: string,
): readonly T[] {
  let index = cache.get(list);
  if (!index) {
    index = new Map();
    for (const item of list) {
      const bucket = index.get(item.namespace) as T[] | undefined;
      if (bucket) bucket.push(item);
      else index.set(item.namespace, [item]);
    }
    cache.set(list, index);
  }
  return (index.get(namespace) as readonly T[] | undefined) ?? [];
}

const nameCache = new WeakMap<readonly { name: string }[], Map<string, { name: string }>>();

/** A by-name view of a cluster-scoped fact list (PVs), built once per list. */
export function byName<T extends { name: string }>(list: readonly T[]): ReadonlyMap<string, T> {
  let index = nameCache.get(list);
  if (!index) {
    index = new Map(list.map((item) => [item.name, item]));
    nameCache.set(list, index);
  }
  return index as unknown as ReadonlyMap<string, T>;
}
