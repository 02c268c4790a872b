// What every benchmark script prints: one JSON line per figure, {"name", "value", "unit", "target"}.

export const report = (name, value, unit, target) => console.log(JSON.stringify({ name, value: Number(value.toPrecision(4)), unit, target }));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

/**
 * The engine and LangGraph.js are measured alike: this many runs not counted first (module
 * loading, and V8 optimising the hot functions, take a few runs for both), then the median
 * of this many.
 */
export const WARMUP_RUNS = 5;
export const MEASURED_RUNS = 9;
