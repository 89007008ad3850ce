import { idleThresholdDays } from '@allot/core';
import Type from 'typebox';

export const PlanningQuery = Type.Object(
  {
    from: Type.Optional(Type.String({ maxLength: 10, description: 'the first tenant day of the period, YYYY-MM-DD (a concurrent license needs it)' })),
    to: Type.Optional(Type.String({ maxLength: 10, description: 'the last tenant day of the period, YYYY-MM-DD, at most 400 days after from (a concurrent license needs it)' })),
    targetDenialRate: Type.Optional(Type.Number({ minimum: 0, maximum: 1, default: 0.01, description: 'the share of attempts the recommended quantity may refuse' })),
  },
  { additionalProperties: false },
);

export const PlanningDay = Type.Object({
  date: Type.String({ description: 'a tenant day, YYYY-MM-DD' }),
  modules: Type.Array(Type.Object({ module: Type.String(), peak: Type.Integer({ description: 'most sessions live at once' }), denials: Type.Integer({ description: 'attempts refused at the limit' }) })),
});

export const PlanningCandidate = Type.Object({
  quantity: Type.Integer(),
  refused: Type.Integer({ description: 'attempts of the period the replay refuses with this many licenses per module' }),
  refusedShare: Type.Number({ description: 'refused / attempts' }),
});

export const ConcurrentPlan = Type.Object({
  kind: Type.Literal('concurrent'),
  licenseId: Type.String(),
  quantity: Type.Union([Type.Integer(), Type.Null()], { description: 'the licensed quantity per module now' }),
  from: Type.String(),
  to: Type.String(),
  timeZone: Type.String(),
  targetDenialRate: Type.Number(),
  attempts: Type.Integer({ description: 'session attempts in the period, refused ones included' }),
  peak: Type.Integer({ description: 'most sessions live at once on any module' }),
  days: Type.Array(PlanningDay),
  levels: Type.Array(Type.Object({ module: Type.String(), minutes: Type.Array(Type.Number(), { description: 'minutes[n]: minutes with exactly n sessions live' }) })),
  candidates: Type.Array(PlanningCandidate),
  recommendation: Type.Integer({ description: 'the smallest quantity refusing at most targetDenialRate of the attempts' }),
  assumedMinutesPerRefusal: Type.Record(Type.String(), Type.Number(), { description: 'how long the replay lets a refused attempt hold a license, per module: the median session' }),
});

export const IdleSeat = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  name: Type.String(),
  since: Type.String({ format: 'date-time', description: 'when the user got the seat' }),
  lastAccessAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()], { description: 'the last access check through the seat' }),
  idleSince: Type.String({ format: 'date-time', description: 'the last access check, else when the seat was given' }),
  idleForDays: Type.Enum([...idleThresholdDays], { description: 'the longest of 30, 60 and 90 tenant days the seat has gone unused' }),
});

export const SeatsPlan = Type.Object({
  kind: Type.Literal('seats'),
  licenseId: Type.String(),
  quantity: Type.Union([Type.Integer(), Type.Null()]),
  seatsHeld: Type.Integer(),
  idle: Type.Object({ days30: Type.Integer(), days60: Type.Integer(), days90: Type.Integer() }, { description: 'seats unused for at least that many days' }),
  idleSeats: Type.Array(IdleSeat, { description: 'longest idle first' }),
});

export const LicensePlan = Type.Union([ConcurrentPlan, SeatsPlan], { description: 'a concurrent license is planned from its history; a seat license lists its idle seats' });
