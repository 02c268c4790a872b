/** A phase as the graph checks see it: where it can go, and whether it ends the discussion. */
export interface PhaseNode {
  readonly id: string;
  /** Targets of its transitions and its on_max_rounds, known phases only. */
  readonly targets: readonly string[];
  /** Its on_max_rounds target, when that is a known phase. */
  readonly onMaxRounds: string | undefined;
  readonly final: boolean;
}

/** The phases reachable from `start` (itself included). */
export function reachableFrom(start: string, nodes: ReadonlyMap<string, PhaseNode>): Set<string> {
  const seen = new Set<string>([start]);
  const queue = [start];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const target of nodes.get(id)?.targets ?? []) {
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return seen;
}

/** The phases from which some final phase is reachable (final phases included). */
export function phasesReachingFinal(nodes: ReadonlyMap<string, PhaseNode>): Set<string> {
  const predecessors = new Map<string, string[]>();
  for (const node of nodes.values()) {
    for (const target of node.targets) predecessors.set(target, [...(predecessors.get(target) ?? []), node.id]);
  }
  const reaching = new Set([...nodes.values()].filter((node) => node.final).map((node) => node.id));
  const queue = [...reaching];
  for (let id = queue.shift(); id !== undefined; id = queue.shift()) {
    for (const source of predecessors.get(id) ?? []) {
      if (!reaching.has(source)) {
        reaching.add(source);
        queue.push(source);
      }
    }
  }
  return reaching;
}

/**
 * The cycles made of on_max_rounds edges alone, each once, starting at its phase that comes
 * first in `nodes`. Once the budgets of such a cycle are spent, every phase in it passes the
 * discussion to the next without a round, forever.
 */
export function maxRoundsCycles(nodes: ReadonlyMap<string, PhaseNode>): string[][] {
  const order = new Map([...nodes.keys()].map((id, index) => [id, index]));
  const state = new Map<string, 'visiting' | 'done'>();
  const cycles: string[][] = [];
  for (const start of nodes.keys()) {
    const trail: string[] = [];
    let id: string | undefined = start;
    while (id !== undefined && state.get(id) === undefined) {
      state.set(id, 'visiting');
      trail.push(id);
      id = nodes.get(id)?.onMaxRounds;
    }
    if (id !== undefined && state.get(id) === 'visiting') {
      const cycle = trail.slice(trail.indexOf(id));
      const first = cycle.reduce((best, candidate) => ((order.get(candidate) ?? 0) < (order.get(best) ?? 0) ? candidate : best));
      const at = cycle.indexOf(first);
      cycles.push([...cycle.slice(at), ...cycle.slice(0, at)]);
    }
    for (const member of trail) state.set(member, 'done');
  }
  return cycles;
}
