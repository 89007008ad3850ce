import type { ConcurrentPlan, PlanningCandidate } from '@allot/sdk/openapi';

// Seat planning in words: the recommendation and the current quantity as sentences people read,
// and the daily peaks shaped as the chart and its text equivalent both take them.

/** A share as "0.8 %", one decimal at most. */
export function shareText(share: number): string {
  return `${(share * 100).toLocaleString('en-GB', { maximumFractionDigits: 1 })} %`;
}

function licenses(quantity: number): string {
  return `${quantity} ${quantity === 1 ? 'license' : 'licenses'}`;
}

/** What `quantity` would have refused: its candidate, or none refused beyond twice the peak. */
export function candidateFor(plan: Pick<ConcurrentPlan, 'candidates'>, quantity: number): PlanningCandidate {
  return plan.candidates.find((candidate) => candidate.quantity === quantity) ?? { quantity, refused: 0, refusedShare: 0 };
}

/**
 * The recommendation as a sentence, or null when nothing was attempted in the period.
 *
 * @example
 * recommendationText({ attempts: 5, recommendation: 3, candidates: [...] }) // "With 3 licenses, 0 % of attempts would have waited (0 of 5)."
 */
export function recommendationText(plan: Pick<ConcurrentPlan, 'attempts' | 'recommendation' | 'candidates'>): string | null {
  if (plan.attempts === 0) return null;
  const best = candidateFor(plan, plan.recommendation);
  return `With ${licenses(best.quantity)}, ${shareText(best.refusedShare)} of attempts would have waited (${best.refused} of ${plan.attempts}).`;
}

/** What the licensed quantity did in the period, or null when unlimited or nothing was attempted. */
export function currentQuantityText(plan: Pick<ConcurrentPlan, 'attempts' | 'quantity' | 'candidates'>): string | null {
  if (plan.attempts === 0 || plan.quantity === null) return null;
  const now = candidateFor(plan, plan.quantity);
  return `The current ${licenses(plan.quantity)} ${plan.quantity === 1 ? 'refuses' : 'refuse'} ${shareText(now.refusedShare)} of attempts (${now.refused} of ${plan.attempts}).`;
}

/** One chart row per day: `date` and the peak of each module under its own key. */
export type PeakRow = { date: string } & Record<string, number | string>;

/** The modules planned, in the order the server answers them. */
export function plannedModules(plan: Pick<ConcurrentPlan, 'days'>): string[] {
  const modules = new Set<string>();
  for (const day of plan.days) for (const entry of day.modules) modules.add(entry.module);
  return [...modules];
}

export function peakRows(plan: Pick<ConcurrentPlan, 'days'>): PeakRow[] {
  return plan.days.map((day) => {
    const row: PeakRow = { date: day.date };
    for (const entry of day.modules) row[entry.module] = entry.peak;
    return row;
  });
}

/** The busiest day per module as a sentence for the chart's caption, or null when all days are idle. */
export function busiestDayText(plan: Pick<ConcurrentPlan, 'days' | 'quantity'>): string | null {
  let best: { date: string; module: string; peak: number } | null = null;
  for (const day of plan.days) {
    for (const entry of day.modules) if (best === null || entry.peak > best.peak) best = { date: day.date, module: entry.module, peak: entry.peak };
  }
  if (best === null || best.peak === 0) return null;
  const of = plan.quantity === null ? '' : ` of ${plan.quantity} licensed`;
  return `The busiest day was ${best.date}: ${best.peak}${of} in use at once on ${best.module}.`;
}

export interface LevelRow {
  module: string;
  /** Sessions live at once. */
  level: number;
  minutes: number;
  /** Of the module's minutes in the period. */
  share: number;
}

/** The minutes at each level of use, one row per module and level that occurred. */
export function levelRows(plan: Pick<ConcurrentPlan, 'levels'>): LevelRow[] {
  return plan.levels.flatMap(({ module, minutes }) => {
    const total = minutes.reduce((sum, value) => sum + value, 0);
    return minutes.flatMap((value, level) => (value > 0 ? [{ module, level, minutes: value, share: total === 0 ? 0 : value / total }] : []));
  });
}

/** "2 h 05 min", "45 min". */
export function durationText(minutes: number): string {
  const hours = Math.floor(minutes / 60);
  const rest = minutes % 60;
  return hours === 0 ? `${rest} min` : `${hours} h ${String(rest).padStart(2, '0')} min`;
}
