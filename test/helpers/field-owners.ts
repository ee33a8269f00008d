/** What a command (merge patch, annotate -, delete) does to one object: sets or removes the leaves under path. */
export interface CommandEffect {
  target: { apiVersion: string; kind: string; namespace?: string; name: string };
  /** Field path; '*' means every field (a delete). */
  path: readonly string[];
  /** The value set; undefined removes. */
  value?: unknown;
}

/**
 * Server-side apply's field ownership, modelled: each step applies its objects under its own manager; a
 * manager owns the leaves it applied; a leaf another manager owns with a different value is a conflict; a
 * command (merge patch, annotate -, delete) changes leaves without apply. Reference: Kubernetes server-side
 * apply (managedFields; "conflicts" and "removing fields" in the SSA documentation).
 */
export class FieldOwners {
  /** object key -> leaf path -> { manager, value } */
  private readonly fields = new Map<string, Map<string, { manager: string; value: string }>>();
  readonly conflicts: string[] = [];
  readonly removals: { by: string; field: string; owner: string }[] = [];

  apply(manager: string, o: Record<string, unknown>): void {
    const key = objectKey(o);
    const mine = this.fields.get(key) ?? new Map<string, { manager: string; value: string }>();
    this.fields.set(key, mine);
    const leaves = leafPaths(o).filter(
      ([p]) => !/^(apiVersion|kind|metadata\.name|metadata\.namespace)$/.test(p),
    );
    // Fields this manager applied before and leaves out now are removed by the apply itself.
    for (const [p, f] of mine)
      if (f.manager === manager && !leaves.some(([q]) => q === p)) {
        this.removals.push({ by: manager, field: `${key} ${p}`, owner: manager });
        mine.delete(p);
      }
    for (const [p, value] of leaves) {
      const before = mine.get(p);
      if (before && before.manager !== manager && before.value !== value)
        this.conflicts.push(`${manager} sets ${key} ${p}=${value} owned by ${before.manager}`);
      mine.set(p, { manager, value });
    }
  }

  command(by: string, effects: readonly CommandEffect[]): void {
    for (const e of effects) {
      const key = `${e.target.apiVersion}/${e.target.kind}/${e.target.namespace ?? ''}/${e.target.name}`;
      const mine = this.fields.get(key);
      if (!mine) continue;
      const prefix = e.path.join('.');
      for (const [p, f] of [...mine]) {
        if (!(e.path[0] === '*' || p === prefix || p.startsWith(`${prefix}.`))) continue;
        if (e.value === undefined || e.path[0] === '*') {
          this.removals.push({ by, field: `${key} ${p}`, owner: f.manager });
          mine.delete(p);
        } else mine.set(p, { manager: by, value: JSON.stringify(e.value) });
      }
    }
  }
}

export const objectKey = (o: Record<string, unknown>) => {
  const m = o['metadata'] as { name: string; namespace?: string };
  return `${String(o['apiVersion'])}/${String(o['kind'])}/${m.namespace ?? ''}/${m.name}`;
};

function leafPaths(v: unknown, path = ''): [string, string][] {
  if (v && typeof v === 'object' && !Array.isArray(v))
    return Object.entries(v).flatMap(([k, x]) => leafPaths(x, path ? `${path}.${k}` : k));
  return [[path, JSON.stringify(v)]];
}
