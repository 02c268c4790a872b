// What every benchmark script prints: one JSON line per figure, {"name", "value", "unit", "target"}.

export const report = (name, value, unit, target) => console.log(JSON.stringify({ name, value: Number(value.toPrecision(4)), unit, target }));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}
