/** A chart legend's entry in the text colour: series colours are too light to read as words. */
export function legendText(value: string) {
  return <span className="chart-legend">{value}</span>;
}
