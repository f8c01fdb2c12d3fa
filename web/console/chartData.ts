// What a `[data-chart]` figure carries (as JSON in its attribute) from the server to the chart island.

export interface ChartSeries {
  label: string;
  /** One per bucket: base-unit decimal strings when `decimals` is set, else plain numbers; null for none. */
  values: (string | number | null)[];
  decimals?: number;
  unit?: string;
}

export interface ChartData {
  /** Each bucket's start, Unix seconds. */
  x: number[];
  series: ChartSeries[];
}
