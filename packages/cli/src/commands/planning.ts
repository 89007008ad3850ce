import type { ConcurrentPlan, SeatsPlan } from '@allot/sdk/openapi';
import { InvalidArgumentError, type Command } from 'commander';
import { path } from '../api.js';
import { contextOf, given } from '../context.js';
import { printDone, printList, printRecord, type Output } from '../output.js';

/** A commander value parser for a share from 0 to 1 (`0.01` is one attempt in a hundred). */
function share(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 1) throw new InvalidArgumentError('Not a share from 0 to 1, e.g. 0.01.');
  return n;
}

/** A share as a person reads it: 0.008 → "0.8 %". */
const percent = (value: number) => `${Math.round(value * 1000) / 10} %`;
const licenses = (n: number) => `${n} ${n === 1 ? 'license' : 'licenses'}`;

/** The recommendation in words, then the period's peaks and denials per day and module. */
function printConcurrentPlan(out: Output, plan: ConcurrentPlan): void {
  const period = `from ${plan.from} to ${plan.to} (${plan.timeZone})`;
  const recommended = plan.candidates.find((c) => c.quantity === plan.recommendation);
  const lines =
    plan.attempts === 0 || recommended === undefined
      ? [`No session attempts ${period}: nothing to plan from.`]
      : [
          `With ${licenses(plan.recommendation)}, ${percent(recommended.refusedShare)} of attempts would have waited (target ${percent(plan.targetDenialRate)}).`,
          `Licensed now: ${plan.quantity === null ? 'unlimited' : plan.quantity}; at most ${plan.peak} sessions at once; ${plan.attempts} attempts ${period}.`,
        ];
  printDone(out, lines.join('\n'));
  const days = plan.days.flatMap((day) => day.modules.map((m) => ({ date: day.date, module: m.module, peak: m.peak, denials: m.denials })));
  printList(out, { items: days, nextCursor: null }, ['date', 'module', 'peak', 'denials']);
}

/** How many seats are held and how many have gone unused, then the idle seats, longest idle first. */
function printSeatsPlan(out: Output, plan: SeatsPlan): void {
  printDone(
    out,
    `${plan.seatsHeld} of ${plan.quantity === null ? 'unlimited' : plan.quantity} seats held; unused for 30 days or more: ${plan.idle.days30}, 60: ${plan.idle.days60}, 90: ${plan.idle.days90}.`,
  );
  printList(out, { items: plan.idleSeats, nextCursor: null }, ['userId', 'email', 'name', 'idleSince', 'idleForDays']);
}

/** `allot licenses plan <licenseId>`: seat planning (SPEC 11), on the `licenses` command. */
export function planCommand(licensesCommand: Command): void {
  licensesCommand
    .command('plan <licenseId>')
    .description('seat planning: for a concurrent license the quantity its history asks for, with the peaks per day; for seats, the idle ones')
    .option('--from <date>', 'first tenant day (YYYY-MM-DD); a concurrent license needs it')
    .option('--to <date>', 'last tenant day (YYYY-MM-DD), at most 400 days after --from')
    .option('--target <share>', 'the share of attempts the recommendation may refuse, 0 to 1 (default 0.01)', share)
    .action(async (id: string, options: { from?: string; to?: string; target?: number }, cmd: Command) => {
      const ctx = contextOf(cmd);
      const query = given({ from: options.from, to: options.to, targetDenialRate: options.target }) as Record<string, string | number>;
      const plan = await ctx.api.request<ConcurrentPlan | SeatsPlan>('GET', path`/v1/tenants/${ctx.tenant}/licenses/${id}/planning`, undefined, query);
      if (ctx.out.json) return printRecord(ctx.out, plan);
      if (plan.kind === 'concurrent') printConcurrentPlan(ctx.out, plan);
      else printSeatsPlan(ctx.out, plan);
    });
}
