// The one get-or-compute behind the caches a run keeps: per config, per table, per file.

/** What a Map and a WeakMap both offer. */
interface Store<K, V> {
  get(key: K): V | undefined;
  set(key: K, value: V): unknown;
}

/** The value stored under `key`, made and stored the first time it is asked for. */
export function getOrAdd<K, V>(store: Store<K, V>, key: K, make: () => V): V {
  let value = store.get(key);

  if (value === undefined) {
    value = make();
    store.set(key, value);
  }

  return value;
}
