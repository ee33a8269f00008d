import { OADP_VELERO } from '../spec/velero.js';
import { version } from '../version.js';

/** What this build compiles for; the upstream pins are in test/schemas/upstream/SOURCE.md. */
export function versionInfo(): Record<string, unknown> {
  const oadp = Object.keys(OADP_VELERO).sort(byVersion);
  const velero = Object.values(OADP_VELERO).sort(byVersion);
  return {
    migplan: version,
    specApiVersion: 'migplan.dev/v1alpha1',
    kinds: ['Migration'],
    mtc: {
      apiVersion: 'migration.openshift.io/v1alpha1',
      versions: '1.8 (mig-controller release-1.8 CRDs)',
    },
    velero: { apiVersion: 'velero.io/v1', versions: `${velero[0]}-${velero[velero.length - 1]}` },
    oadp: {
      apiVersion: 'oadp.openshift.io/v1alpha1',
      versions: `${oadp[0]}-${oadp[oadp.length - 1]}`,
    },
  };
}

function byVersion(a: string, b: string): number {
  const [am = 0, an = 0] = a.split('.').map(Number);
  const [bm = 0, bn = 0] = b.split('.').map(Number);
  return am - bm || an - bn;
}

export function versionText(format: 'text' | 'json'): string {
  const v = versionInfo() as {
    migplan: string;
    specApiVersion: string;
    kinds: string[];
    mtc: { apiVersion: string; versions: string };
    velero: { apiVersion: string; versions: string };
    oadp: { apiVersion: string; versions: string };
  };
  if (format === 'json') return JSON.stringify(v, null, 2) + '\n';
  return [
    `migplan ${v.migplan}`,
    `spec:    ${v.specApiVersion} (${v.kinds.join(', ')})`,
    `MTC:     ${v.mtc.versions}, ${v.mtc.apiVersion}`,
    `Velero:  ${v.velero.versions}, ${v.velero.apiVersion}`,
    `OADP:    ${v.oadp.versions}, ${v.oadp.apiVersion}`,
    '',
  ].join('\n');
}
