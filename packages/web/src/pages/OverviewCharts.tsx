import { Bar, BarChart, CartesianGrid, Cell, Legend, Pie, PieChart, ResponsiveContainer, XAxis, YAxis } from 'recharts';
import { legendText } from '../components/chartLegend';
import type { Fill } from '../lib/overview';

// The overview's drawings. Each is hidden from screen readers: the card or table beside it says
// the same in text. Loaded on demand with the chart library, so the console's first page stays small.

const usedColour = '#4f46e5';
const freeColour = '#e3e6eb';
const overColour = '#dc2626';

/** Used against free for one license; past the limit, the excess in red. */
export function UsageDonut({ fill }: { fill: Fill }) {
  const slices = [
    { name: 'used', value: fill.used, colour: usedColour },
    { name: 'free', value: fill.free, colour: freeColour },
    { name: 'over', value: fill.over, colour: overColour },
  ].filter((slice) => slice.value > 0);
  // An empty license still draws its ring.
  const shown = slices.length === 0 ? [{ name: 'free', value: 1, colour: freeColour }] : slices;
  return (
    <PieChart width={96} height={96} accessibilityLayer={false}>
      {/* A drawing beside its own text: nothing to reach with the keyboard (Pie is focusable by default). */}
      <Pie rootTabIndex={-1} data={shown} dataKey="value" nameKey="name" innerRadius={30} outerRadius={46} startAngle={90} endAngle={-270} stroke="none" isAnimationActive={false}>
        {shown.map((slice) => (
          <Cell key={slice.name} fill={slice.colour} />
        ))}
      </Pie>
    </PieChart>
  );
}

export interface SessionsNowRow {
  name: string;
  inUse: number;
  licensed: number;
}

/** Sessions live now against the licensed maximum, one pair of bars per concurrent license. */
export function SessionsNowChart({ rows }: { rows: readonly SessionsNowRow[] }) {
  return (
    <ResponsiveContainer width="100%" height={Math.max(120, 48 * rows.length + 60)}>
      <BarChart data={[...rows]} layout="vertical" margin={{ top: 4, right: 16, bottom: 4, left: 8 }} accessibilityLayer={false}>
        <CartesianGrid stroke="#e3e6eb" horizontal={false} />
        <XAxis type="number" allowDecimals={false} tick={{ fontSize: 12 }} />
        <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 12 }} />
        <Legend formatter={legendText} />
        <Bar dataKey="inUse" name="In use now" fill={usedColour} isAnimationActive={false} />
        <Bar dataKey="licensed" name="Licensed" fill="#a5b4fc" isAnimationActive={false} />
      </BarChart>
    </ResponsiveContainer>
  );
}
