/**
 * Aho–Corasick over UTF-16 code units, built in steps: `step(until)` works until the given
 * `performance.now()` instant and returns, so a dictionary of any size never holds the event loop
 * (and the chat messages waiting on it) for longer than one step. Blocked terms are matched in
 * folded text (letters and digits only, see normalise.ts), so code units are the right alphabet:
 * every term and every message is made of whole code points, and a match cannot start inside one.
 *
 * Layout: one node per distinct pattern prefix, in typed arrays. Children are a linked list of
 * siblings (few per node below the root), the root's children are also in a Map (most message
 * positions are at the root). `dictLink` skips to the nearest suffix node where a pattern ends.
 */

export interface Automaton {
  readonly patternCount: number;
  /** Estimated heap bytes held by the automaton (typed arrays and the root map). */
  readonly bytes: number;
  /**
   * Calls `onMatch` for every occurrence, by end position (at one end, the longest pattern first),
   * until it returns true; returns whether it did.
   */
  find(text: string, onMatch: (pattern: number, start: number, end: number) => boolean): boolean;
}

export interface AutomatonBuild {
  /** Estimated heap bytes held while building. */
  readonly bytes: number;
  /** Builds until done or until `performance.now()` reaches `until`; the automaton once done. */
  step(until: number): Automaton | undefined;
}

/** Code units inserted or nodes linked between two looks at the clock (each is tens of nanoseconds). */
const CLOCK_EVERY = 1024;
/** A Map entry (key, value, hash table slot), roughly, in V8. */
const MAP_ENTRY_BYTES = 40;
/** label (2) + firstChild, nextSibling, fail, patternAt, dictLink (4 each). */
const NODE_BYTES = 22;

/**
 * Starts a build over these patterns (non-empty strings; duplicates are each reported). Nothing is
 * allocated before the first step: starting a build costs the caller nothing.
 */
export function startAutomatonBuild(patterns: readonly string[]): AutomatonBuild {
  let capacity = 1;
  for (const pattern of patterns) capacity += pattern.length;
  let step: AutomatonBuild['step'] | undefined;
  return {
    bytes: capacity * (NODE_BYTES + 4) + patterns.length * 8,
    step(until) {
      step ??= builder(patterns, capacity);
      return step(until);
    },
  };
}

function builder(patterns: readonly string[], capacity: number): AutomatonBuild['step'] {
  const label = new Uint16Array(capacity);
  // 0 means "none" in these: the root is never a child, a fail target of nothing, or a pattern's end.
  const firstChild = new Int32Array(capacity);
  const nextSibling = new Int32Array(capacity);
  const fail = new Int32Array(capacity);
  /** 1 + the last pattern ending at the node; 0 = none. */
  const patternAt = new Int32Array(capacity);
  const dictLink = new Int32Array(capacity);
  /** 1 + the previous pattern ending at the same node; 0 = none. */
  const samePlace = new Int32Array(patterns.length);
  const lengths = new Int32Array(patterns.length);
  const rootChildren = new Map<number, number>();
  let size = 1;

  const childOf = (node: number, unit: number): number => {
    if (node === 0) return rootChildren.get(unit) ?? 0;
    for (let child = firstChild[node]!; child !== 0; child = nextSibling[child]!) if (label[child] === unit) return child;
    return 0;
  };

  let inserted = 0;
  /** Units of work done so far (code units inserted, nodes linked). */
  let work = 0;
  function insert(index: number): void {
    const pattern = patterns[index]!;
    let node = 0;
    for (let i = 0; i < pattern.length; i++) {
      const unit = pattern.charCodeAt(i);
      let child = childOf(node, unit);
      if (child === 0) {
        child = size++;
        label[child] = unit;
        nextSibling[child] = firstChild[node]!;
        firstChild[node] = child;
        if (node === 0) rootChildren.set(unit, child);
      }
      node = child;
    }
    work += pattern.length;
    lengths[index] = pattern.length;
    samePlace[index] = patternAt[node]!;
    patternAt[node] = index + 1;
  }

  // Breadth-first: a node's fail target is shallower, so it is final by the time the node is reached.
  const queue = new Int32Array(capacity);
  let head = 0;
  let tail = 0;
  let queued = false;
  function link(node: number): void {
    for (let child = firstChild[node]!; child !== 0; child = nextSibling[child]!) {
      queue[tail++] = child;
      work += 1;
      if (node === 0) continue; // fail = root, dictLink = none (the root ends no pattern)
      const unit = label[child]!;
      let target = fail[node]!;
      let next = childOf(target, unit);
      while (next === 0 && target !== 0) {
        target = fail[target]!;
        next = childOf(target, unit);
      }
      fail[child] = next;
      dictLink[child] = patternAt[next] !== 0 ? next : dictLink[next]!;
    }
  }

  function finish(): Automaton {
    // The build arrays were sized for no shared prefixes at all. When many prefixes were shared they
    // are copied to size; otherwise kept as they are (copying would only double the allocation, and
    // the garbage collection it costs lands on some message). Handed to a function of their own: a
    // closure made here would keep this whole scope, the BFS queue included, alive.
    const copy = size * 4 < capacity * 3;
    const fit16 = (array: Uint16Array) => (copy ? array.slice(0, size) : array.subarray(0, size));
    const fit32 = (array: Int32Array) => (copy ? array.slice(0, size) : array.subarray(0, size));
    return automaton({
      labels: fit16(label),
      children: fit32(firstChild),
      siblings: fit32(nextSibling),
      fails: fit32(fail),
      ends: fit32(patternAt),
      links: fit32(dictLink),
      samePlace,
      lengths,
      rootChildren,
    });
  }

  return (until) => {
    let nextLook = work + CLOCK_EVERY;
    const timeUp = () => {
      if (work < nextLook) return false;
      nextLook = work + CLOCK_EVERY;
      return performance.now() >= until;
    };
    while (inserted < patterns.length) {
      insert(inserted++);
      if (timeUp()) return undefined;
    }
    if (!queued) {
      link(0);
      queued = true;
    }
    while (head < tail) {
      link(queue[head++]!);
      if (timeUp()) return undefined;
    }
    return finish();
  };
}

/** Builds in one go (small dictionaries, tests, benchmarks). */
export function buildAutomaton(patterns: readonly string[]): Automaton {
  return startAutomatonBuild(patterns).step(Number.POSITIVE_INFINITY)!;
}

interface AutomatonTables {
  readonly labels: Uint16Array;
  readonly children: Int32Array;
  readonly siblings: Int32Array;
  readonly fails: Int32Array;
  readonly ends: Int32Array;
  readonly links: Int32Array;
  readonly samePlace: Int32Array;
  readonly lengths: Int32Array;
  readonly rootChildren: ReadonlyMap<number, number>;
}

function automaton(tables: AutomatonTables): Automaton {
  const { labels, children, siblings, fails, ends, links, samePlace, lengths, rootChildren } = tables;
  const child = (node: number, unit: number): number => {
    for (let next = children[node]!; next !== 0; next = siblings[next]!) if (labels[next] === unit) return next;
    return 0;
  };
  return {
    patternCount: lengths.length,
    bytes:
      [labels, children, siblings, fails, ends, links, samePlace, lengths].reduce((sum, array) => sum + array.buffer.byteLength, 0) +
      rootChildren.size * MAP_ENTRY_BYTES,
    find(text, onMatch) {
      let state = 0;
      for (let i = 0; i < text.length; i++) {
        const unit = text.charCodeAt(i);
        for (;;) {
          if (state === 0) {
            state = rootChildren.get(unit) ?? 0;
            break;
          }
          const next = child(state, unit);
          if (next !== 0) {
            state = next;
            break;
          }
          state = fails[state]!;
        }
        for (let node = ends[state] !== 0 ? state : links[state]!; node !== 0; node = links[node]!) {
          for (let entry = ends[node]!; entry !== 0; entry = samePlace[entry - 1]!) {
            const pattern = entry - 1;
            if (onMatch(pattern, i + 1 - lengths[pattern]!, i + 1)) return true;
          }
        }
      }
      return false;
    },
  };
}
