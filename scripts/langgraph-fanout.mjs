// The comparison point of the engine benchmark: LangGraph.js's per-node overhead on the same
// fan-out scenario (a moderator node, eight participant nodes in parallel, a join, a hundred
// rounds), with in-memory state and nodes that do no work of their own, as LangGraph
// applications are usually written (an accumulating list of comments with a reducer).
//
// Run as a script, it prints the median of the measured runs after the warm-up runs (as many
// as the engine's, see bench-report.mjs) as one JSON line. It
// runs in a process of its own: once LangGraph has run, LangChain's AsyncLocalStorage makes
// every await in the process several times dearer (0.08 µs to 0.28 µs here), which would be
// charged to anything measured beside it.
import { Annotation, END, START, StateGraph } from '@langchain/langgraph';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { MEASURED_RUNS, median, report, WARMUP_RUNS } from './bench-report.mjs';

const TEXT = 'Looking at this from a systems perspective, the main decision is where session state lives.\nQ: Should we use JWT or session cookies? @security';

/** A compiled graph of `participants` nodes fanned out from a moderator for `rounds` rounds. */
export function fanOutGraph(participants, rounds) {
  const State = Annotation.Root({
    comments: Annotation({ reducer: (list, added) => list.concat(added), default: () => [] }),
    round: Annotation({ reducer: (_previous, next) => next, default: () => 0 }),
  });
  const names = Array.from({ length: participants }, (_, i) => `persona-${i + 1}`);
  const graph = new StateGraph(State).addNode('moderator', (state) => ({ round: state.round + 1 })).addNode('join', () => ({}));
  for (const name of names) graph.addNode(name, async (state) => ({ comments: [{ author: name, text: TEXT, round: state.round }] }));
  graph.addEdge(START, 'moderator');
  for (const name of names) graph.addEdge('moderator', name);
  graph.addEdge(names, 'join');
  graph.addConditionalEdges('join', (state) => (state.round >= rounds ? END : 'moderator'));
  return graph.compile();
}

/** Microseconds per participant node of one run of the graph. */
export async function timeFanOut(app, participants, rounds) {
  const start = performance.now();
  const state = await app.invoke({}, { recursionLimit: 10 * rounds });
  const ms = performance.now() - start;
  if (state.comments.length !== participants * rounds) throw new Error(`the LangGraph run gave ${state.comments.length} comments, not ${participants * rounds}`);
  return (ms * 1000) / (participants * rounds);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const graph = fanOutGraph(8, 100);
  for (let i = 0; i < WARMUP_RUNS; i++) await timeFanOut(graph, 8, 100);
  const samples = [];
  for (let i = 0; i < MEASURED_RUNS; i++) samples.push(await timeFanOut(graph, 8, 100));
  report('langgraph.fan_out_per_node.memory.us', median(samples), 'us');
}
