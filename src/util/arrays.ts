/**
 * Appends every item of `items` to `target`. `target.push(...items)` passes each item as an argument and
 * overflows the stack past ~120k items (a snapshot with that many pods); a loop has no such limit. ESLint
 * refuses spread arguments in src/ for that reason.
 */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item);
  return target;
}
