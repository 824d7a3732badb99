// Small statistics for repeated measurements: every figure is reported with its spread.

export interface Summary {
  median: number;
  min: number;
  max: number;
  p99: number;
  mean: number;
  count: number;
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return Number.NaN;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  return sorted[low]! + (sorted[high]! - sorted[low]!) * (position - low);
}

export function summarize(values: readonly number[]): Summary {
  const sorted = [...values].sort((a, b) => a - b);
  return {
    median: quantile(sorted, 0.5),
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    p99: quantile(sorted, 0.99),
    mean: sorted.reduce((sum, value) => sum + value, 0) / (sorted.length || 1),
    count: sorted.length,
  };
}

export function median(values: readonly number[]): number {
  return summarize(values).median;
}
