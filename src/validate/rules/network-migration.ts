import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import { cidrOverlaps, parseCidr } from '../../spec/cidr.js';
import { networkDefaults, type NetworkMigrationSpec } from '../../spec/network-migration.js';

/** Checks of a schema-valid NetworkMigration that need no cluster: the spec contradicts itself. */
export type NetworkMigrationRule = (spec: NetworkMigrationSpec) => Diagnostic[];

/** The overrides must be usable ranges of their own: parseable, IPv4 (the CNO's ipv4 fields), not overlapping. */
export const checkInternalSubnets: NetworkMigrationRule = (spec) => {
  const out: Diagnostic[] = [];
  const given = Object.entries(spec.spec.internalSubnets ?? {}).filter(
    (e): e is [string, string] => typeof e[1] === 'string',
  );
  const parsed: [string, NonNullable<ReturnType<typeof parseCidr>>][] = [];
  for (const [field, text] of given) {
    const path = ['spec', 'internalSubnets', field];
    const c = parseCidr(text);
    if (!c) {
      out.push(
        diag('MP2600', `internalSubnets.${field}: ${JSON.stringify(text)} is not a CIDR`, { path }),
      );
      continue;
    }
    if (c.family !== 4) {
      out.push(
        diag(
          'MP2600',
          `internalSubnets.${field}: ${text} is IPv6; these overrides set the operator's ipv4 fields`,
          { path },
        ),
      );
      continue;
    }
    // openshift/api operator/v1 types_network.go: internalMasqueradeSubnet is at most a /29.
    if (field === 'masquerade' && c.prefix > 29) {
      out.push(
        diag('MP2600', `internalSubnets.masquerade: ${text} is smaller than a /29`, { path }),
      );
      continue;
    }
    parsed.push([field, c]);
  }
  for (let i = 0; i < parsed.length; i++)
    for (let j = i + 1; j < parsed.length; j++) {
      const [a, ca] = parsed[i] as (typeof parsed)[number];
      const [b, cb] = parsed[j] as (typeof parsed)[number];
      if (cidrOverlaps(ca, cb))
        out.push(
          diag(
            'MP2601',
            `internalSubnets.${b} (${String(spec.spec.internalSubnets?.[b as 'join'])}) overlaps internalSubnets.${a} (${String(spec.spec.internalSubnets?.[a as 'join'])})`,
            { path: ['spec', 'internalSubnets', b] },
          ),
        );
    }
  return out;
};

/** The live migration sets the MTU and the OVN settings itself; the spec cannot ask for them. */
export const checkLiveOverrides: NetworkMigrationRule = (spec) => {
  if ((spec.spec.mode ?? networkDefaults.mode) !== 'live') return [];
  const out: Diagnostic[] = [];
  for (const field of ['mtu', 'genevePort', 'internalSubnets', 'features'] as const)
    if (spec.spec[field] !== undefined)
      out.push(
        diag(
          'MP2602',
          `${field} cannot be set with mode: live; the operator drives the live migration alone (it must not be patched by hand)`,
          { path: ['spec', field] },
        ),
      );
  return out;
};

export const networkMigrationRules: readonly NetworkMigrationRule[] = [
  checkInternalSubnets,
  checkLiveOverrides,
];
