import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The document kind of an example's migration.yaml (Migration, HostedClusterMigration, ...). */
export function exampleKind(dir: string): string | undefined {
  const file = join(dir, 'migration.yaml');
  if (!existsSync(file)) return undefined;
  return /^kind:\s*(\S+)/m.exec(readFileSync(file, 'utf8'))?.[1];
}
