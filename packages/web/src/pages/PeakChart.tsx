import { CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { legendText } from '../components/chartLegend';
import type { ConcurrentPlan } from '@allot/sdk/openapi';
import { busiestDayText, peakRows, plannedModules } from '../lib/planning';

// Module lines in colours that keep 3:1 against white; the licensed line is the danger red.
const palette = ['#4f46e5', '#0e7490', '#b45309', '#047857', '#9333ea', '#be185d'];

/**
 * The daily peak of each module against the licensed quantity. The drawing is hidden from screen
 * readers; the caption and the table under it say the same in text.
 */
export function PeakChart({ plan }: { plan: ConcurrentPlan }) {
  const modules = plannedModules(plan);
  const rows = peakRows(plan);
  const busiest = busiestDayText(plan);
  const top = Math.max(plan.peak, plan.quantity ?? 0, 1);
  return (
    <figure className="chart-figure" aria-labelledby="peak-chart-caption">
      <div className="chart-box" aria-hidden="true" data-testid="peak-chart">
        <ResponsiveContainer width="100%" height={280}>
          <LineChart data={rows} margin={{ top: 12, right: 16, bottom: 4, left: -12 }} accessibilityLayer={false}>
            <CartesianGrid stroke="#e3e6eb" vertical={false} />
            <XAxis dataKey="date" tick={{ fontSize: 12 }} tickFormatter={(date: string) => date.slice(5)} minTickGap={16} />
            <YAxis allowDecimals={false} domain={[0, top + 1]} tick={{ fontSize: 12 }} />
            <Tooltip />
            <Legend formatter={legendText} />
            {plan.quantity !== null && <ReferenceLine y={plan.quantity} stroke="#dc2626" strokeDasharray="6 4" label={{ value: `Licensed: ${plan.quantity}`, position: 'insideTopRight', fontSize: 12, fill: '#b91c1c' }} />}
            {modules.map((module, index) => (
              <Line key={module} type="stepAfter" dataKey={module} name={module} stroke={palette[index % palette.length]} strokeWidth={2} dot={rows.length <= 31} isAnimationActive={false} />
            ))}
          </LineChart>
        </ResponsiveContainer>
      </div>
      <figcaption id="peak-chart-caption" className="chart-caption">
        Most sessions live at once per day and module{plan.quantity === null ? '' : `, against the ${plan.quantity} licensed`}. {busiest ?? 'No session was live in this period.'}
      </figcaption>
      <details className="chart-data">
        <summary>The chart's data as a table</summary>
        <div className="table-wrap">
          <table className="table" aria-label="Daily peak per module">
            <thead>
              <tr>
                <th scope="col">Day</th>
                {modules.map((module) => (
                  <th key={module} scope="col" className="cell-number">
                    {module} peak
                  </th>
                ))}
                {modules.map((module) => (
                  <th key={module} scope="col" className="cell-number">
                    {module} refused
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {plan.days.map((day) => (
                <tr key={day.date}>
                  <td className="cell-nowrap">{day.date}</td>
                  {modules.map((module) => (
                    <td key={module} className="cell-number">
                      {day.modules.find((entry) => entry.module === module)?.peak ?? 0}
                    </td>
                  ))}
                  {modules.map((module) => (
                    <td key={module} className="cell-number">
                      {day.modules.find((entry) => entry.module === module)?.denials ?? 0}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}
