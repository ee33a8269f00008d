import { describe, expect, it } from 'vitest';
import { pvcClaimConflicts } from '../src/plan/rules/pvc-claims.js';
import type { PlanDecision, PvDecision } from '../src/plan/types.js';

/**
 * pvc-claims.ts pvcClaimConflicts, one row per case, expected values written by hand from mig-controller
 * (migtools/mig-controller @3acf3578 pkg/controller/migmigration/validation.go validateMigrationType,
 * ConflictingPVCMappings: "each source PVC is mapped to a distinct destination PVC"): a destination PVC
 * may be written once, and not be a PVC another mapping reads on the same cluster. A storage-class
 * conversion writes a new PVC the controller names (pvlist.go getMappedNameForPVC), so it writes nothing
 * another mapping can collide with.
 */

type Mapping = [string, string, string, string?]; // source ns, pvc, target ns, renamed pvc
function planD(
  index: number,
  name: string,
  source: string,
  target: string,
  mappings: Mapping[],
  type: PlanDecision['type'] = 'full',
): PlanDecision {
  const pvs = mappings.map(([namespace, pvc, targetNamespace, targetPvc]) => {
    const d = { namespace, pvc, targetNamespace } as PvDecision;
    if (targetPvc !== undefined) d.targetPvc = targetPvc;
    return d;
  });
  return { plan: { name }, index, type, source, target, pvs } as unknown as PlanDecision;
}
const at = (i: number) => ['spec', 'plans', i, 'namespaces'];

describe('a destination PVC is written once and is not read by another mapping (ConflictingPVCMappings)', () => {
  it.each([
    [
      'distinct PVCs across clusters',
      [
        planD(0, 'a', 'src', 'dst', [
          ['app', 'data', 'app'],
          ['db', 'data', 'db'],
        ]),
      ],
      [],
    ],
    [
      'the same PVC name on another cluster is not the same PVC',
      [
        planD(0, 'a', 'src', 'dst', [['app', 'data', 'app']]),
        planD(1, 'b', 'third', 'fourth', [['app', 'data', 'app']]),
      ],
      [],
    ],
    [
      'two plans write dst/app/data',
      [
        planD(0, 'a', 'src', 'dst', [['app', 'data', 'app']]),
        planD(1, 'b', 'other', 'dst', [['app', 'data', 'app']]),
      ],
      [
        [
          'MP4039',
          'PVC app/data on cluster "dst" would be written by plan "a" (from app/data) and by plan "b" (from app/data)',
          at(1),
        ],
      ],
    ],
    [
      'a rename onto a PVC the same plan also writes',
      [
        planD(0, 'p', 'src', 'dst', [
          ['app', 'a', 'app', 'b'],
          ['app', 'b', 'app'],
        ]),
      ],
      [
        [
          'MP4039',
          'PVC app/b on cluster "dst" would be written by plan "p" (from app/a) and by plan "p" (from app/b)',
          at(0),
        ],
      ],
    ],
    [
      'two namespaces merged into one: the same PVC name written twice',
      [
        planD(0, 'p', 'src', 'dst', [
          ['a', 'data', 'merged'],
          ['b', 'data', 'merged'],
        ]),
      ],
      [
        [
          'MP4039',
          'PVC merged/data on cluster "dst" would be written by plan "p" (from a/data) and by plan "p" (from b/data)',
          at(0),
        ],
      ],
    ],
    [
      'intra-cluster: a rename onto a PVC the plan migrates away',
      [
        planD(0, 'p', 'c', 'c', [
          ['app', 'a', 'app', 'b'],
          ['app', 'b', 'app2'],
        ]),
      ],
      [
        [
          'MP4039',
          'PVC app/b on cluster "c" is migrated by plan "p" (from app/b) and is also the destination of plan "p" (from app/a)',
          at(0),
        ],
      ],
    ],
    [
      'intra-cluster: a PVC mapped onto itself is no conflict',
      [planD(0, 'p', 'c', 'c', [['app', 'a', 'app']])],
      [],
    ],
    [
      'a later plan writes a PVC an earlier plan reads on that cluster',
      [
        planD(0, 'a', 'dst', 'third', [['app', 'data', 'app']]),
        planD(1, 'b', 'src', 'dst', [['app', 'data', 'app']]),
      ],
      [
        [
          'MP4039',
          'PVC app/data on cluster "dst" is migrated by plan "a" (from app/data) and is also the destination of plan "b" (from app/data)',
          at(1),
        ],
      ],
    ],
    [
      'an earlier plan writes a PVC a later plan reads on that cluster',
      [
        planD(0, 'a', 'src', 'dst', [['app', 'data', 'app']]),
        planD(1, 'b', 'dst', 'third', [['app', 'data', 'app']]),
      ],
      [
        [
          'MP4039',
          'PVC app/data on cluster "dst" is migrated by plan "b" (from app/data) and is also the destination of plan "a" (from app/data)',
          at(0),
        ],
      ],
    ],
    [
      'storage-class conversions write no PVC another mapping collides with',
      [
        planD(0, 'c1', 'c', 'c', [['app', 'data', 'app']], 'storage-class-conversion'),
        planD(1, 'c2', 'c', 'c', [['app', 'data', 'app']], 'storage-class-conversion'),
      ],
      [],
    ],
    [
      'a conversion still reads: a state migration writing onto its PVC conflicts',
      [
        planD(0, 'conv', 'c', 'c', [['app', 'data', 'app']], 'storage-class-conversion'),
        planD(1, 'state', 'c', 'c', [['app', 'x', 'app', 'data']], 'state'),
      ],
      [
        [
          'MP4039',
          'PVC app/data on cluster "c" is migrated by plan "conv" (from app/data) and is also the destination of plan "state" (from app/x)',
          at(1),
        ],
      ],
    ],
    [
      'a second writer is reported as a double write only',
      [
        planD(0, 'p1', 'c', 'c', [['app', 'b', 'app', 'b2']]),
        planD(1, 'p2', 'c', 'c', [['app', 'a', 'app', 'b']]),
        planD(2, 'p3', 'c', 'c', [['app', 'x', 'app', 'b']]),
      ],
      [
        [
          'MP4039',
          'PVC app/b on cluster "c" is migrated by plan "p1" (from app/b) and is also the destination of plan "p2" (from app/a)',
          at(1),
        ],
        [
          'MP4039',
          'PVC app/b on cluster "c" would be written by plan "p2" (from app/a) and by plan "p3" (from app/x)',
          at(2),
        ],
      ],
    ],
  ] as [string, PlanDecision[], unknown[][]][])('%s', (_n, plans, want) => {
    expect(pvcClaimConflicts(plans).map((d) => [d.code, d.message, d.path])).toEqual(want);
  });
});
