// The benchmark output format (README, "Benchmarks"): one JSON object per figure per line, nothing else.
export interface Figure {
  figure: string;
  value: number;
  unit: string;
  baseline?: number;
  ratio?: number;
}

/** A figure compared with a baseline measured in the same run. */
export function compared(figure: string, value: number, unit: string, baseline: number): Figure {
  return { figure, value, unit, baseline, ratio: Math.round((value / baseline) * 100) / 100 };
}

export function printFigures(figures: Figure[]): void {
  for (const figure of figures) process.stdout.write(`${JSON.stringify(figure)}\n`);
}
