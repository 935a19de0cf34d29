/**
 * Unknown fields from a compiled validator. The packaged validators are generated code, so their
 * schemas cannot be closed with `additionalProperties: false`; instead the object is wrapped in a
 * proxy that records which keys the validator looks up. A generated `properties` check reads every
 * declared key of an object, so a key the object has but the validator never read is unknown to the
 * schema. Objects the validator enumerates (maps: labels, annotations, additionalProperties) and
 * objects it never looks into (free-form: HelmRelease values, x-kubernetes-preserve-unknown-fields)
 * are open: none of their keys is reported.
 *
 * The generator leaves every property named `description` or `x-kubernetes-*` out of the validators
 * it emits (PriorityClass.description, a CRD's column and schema descriptions, Cilium's
 * spec.description), so those keys are never read and are never reported either.
 */

interface ReadRecord {
  path: (string | number)[];
  value: Record<string, unknown>;
  read: Set<string>;
  enumerated: boolean;
}

export interface TrackedReads {
  proxy: unknown;
  records: ReadRecord[];
}

function wrap(value: unknown, path: (string | number)[], records: ReadRecord[]): unknown {
  if (value === null || typeof value !== 'object') return value;
  const record: ReadRecord = { path, value: value as Record<string, unknown>, read: new Set(), enumerated: false };
  records.push(record);
  const children = new Map<string, unknown>();
  const isArray = Array.isArray(value);
  return new Proxy(value, {
    get(target, key, receiver) {
      const child = Reflect.get(target, key, receiver);
      if (typeof key !== 'string') return child;
      record.read.add(key);
      if (child === null || typeof child !== 'object') return child;
      if (!children.has(key)) children.set(key, wrap(child, [...path, isArray && /^\d+$/.test(key) ? Number(key) : key], records));
      return children.get(key);
    },
    has(target, key) {
      if (typeof key === 'string') record.read.add(key);
      return Reflect.has(target, key);
    },
    ownKeys(target) {
      record.enumerated = true;
      return Reflect.ownKeys(target);
    },
  });
}

/** A read-recording view of `object` to hand to a validator. */
export function trackReads(object: unknown): TrackedReads {
  const records: ReadRecord[] = [];
  return { proxy: wrap(object, [], records), records };
}

/** Keys the generated validators cannot read (see above), and keys that Flux's postBuild substitutes. */
const unreadable = (key: string) => key === 'description' || key.startsWith('x-kubernetes-') || key.includes('${');

/**
 * Paths of the keys the validator never looked up in an object whose other keys it did look up;
 * only in objects where `closed(path)` says the upstream schema admits no other key.
 */
export function collectUnknownFields(reads: TrackedReads, closed: (path: readonly (string | number)[]) => boolean = () => true): (string | number)[][] {
  const unknown: (string | number)[][] = [];
  for (const record of reads.records) {
    if (Array.isArray(record.value) || record.enumerated || record.read.size === 0 || !closed(record.path)) continue;
    for (const key of Object.keys(record.value)) {
      if (!record.read.has(key) && !unreadable(key)) unknown.push([...record.path, key]);
    }
  }
  return unknown;
}
