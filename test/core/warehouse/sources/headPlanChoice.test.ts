import { expect, it } from 'vitest'
import {
  HEAD_PLAN_TUNING,
  type HeadPlan,
  HeadPlanChoice,
} from '../../../../main/core/warehouse/sources/postgres/headPlanChoice.ts'

// The decisions of a session's head-poll plan, fed the times a session would measure (the timings
// themselves are exercised against a real server in postgresHeadPlans.test.ts).

function run(choice: HeadPlanChoice, times: Record<HeadPlan, number>, polls: number): HeadPlan[] {
  const plans: HeadPlan[] = []
  for (let i = 0; i < polls; i++) {
    const plan = choice.next()
    plans.push(plan)
    choice.record(plan, times[plan])
  }
  return plans
}

/** A session's trial: the generic plan made (untimed), then three timed runs of each in turn */
const TRIAL: HeadPlan[] = ['generic', 'custom', 'generic', 'custom', 'generic', 'custom', 'generic']
/** A re-check's trial, the generic plan already made */
const RECHECK: HeadPlan[] = TRIAL.slice(1)

/** The plan chosen after a trial timed at these runs of each (the generic plan's making at 50 ms) */
function chosenAfter(custom: number[], generic: number[]): HeadPlan | undefined {
  const choice = new HeadPlanChoice()
  const plans: HeadPlan[] = []
  for (let i = 0; i < 8; i++) {
    const plan = choice.next()
    plans.push(plan)
    if (i === 0) choice.record(plan, 50)
    else choice.record(plan, (plan === 'custom' ? custom : generic)[(i - 1) >> 1] as number)
  }
  return plans.at(-1)
}

it('makes the generic plan, times three of each in turn, and keeps the generic plan when clearly faster', () => {
  const notes: string[] = []
  const choice = new HeadPlanChoice((_, message) => notes.push(message))
  expect(run(choice, { custom: 6, generic: 2.5 }, 10)).toEqual([...TRIAL, 'generic', 'generic', 'generic'])
  expect(notes).toEqual(['head poll plan: generic, clearly faster than custom plans on this session'])
})

it('keeps the generic plan on its fastest runs when load blurs the medians, if its median is lower too', () => {
  expect(chosenAfter([23.2, 4.4, 4.7], [7.2, 2.7, 4.3])).toBe('generic')
})

it('keeps the custom plan when one fast generic run is all there is', () => {
  expect(chosenAfter([4.4, 4.5, 4.6], [2.0, 6.0, 6.5])).toBe('custom')
})

it('keeps the custom plan when the generic one is not clearly faster', () => {
  const choice = new HeadPlanChoice()
  // 0.85× is faster, but within what the machine's load moves a median by
  expect(run(choice, { custom: 6, generic: 5.1 }, 10).slice(7)).toEqual(['custom', 'custom', 'custom'])
})

it('drops a chosen generic plan that turns slower than twice the custom median three polls running', () => {
  const notes: string[] = []
  const choice = new HeadPlanChoice((_, message) => notes.push(message))
  run(choice, { custom: 6, generic: 2 }, 7)
  expect(run(choice, { custom: 6, generic: 12.5 }, 2)).toEqual(['generic', 'generic'])
  // One fast poll in between starts the count again
  expect(run(choice, { custom: 6, generic: 2 }, 1)).toEqual(['generic'])
  expect(run(choice, { custom: 6, generic: 12.5 }, 4)).toEqual(['generic', 'generic', 'generic', 'custom'])
  expect(notes.at(-1)).toBe(
    'head poll plan: the generic plan got slower than the custom one; back to custom plans',
  )
})

it('checks its choice again after a hundred head polls, the generic plan already made', () => {
  const choice = new HeadPlanChoice()
  run(choice, { custom: 6, generic: 8 }, 7)
  expect(
    run(choice, { custom: 6, generic: 8 }, HEAD_PLAN_TUNING.recheckEvery).every((p) => p === 'custom'),
  ).toBe(true)
  // The generic plan got better (the data changed): the re-check finds it
  expect(run(choice, { custom: 6, generic: 2 }, 7)).toEqual([...RECHECK, 'generic'])
})

it("sets a generic read's timeout from the custom plan's times, with a floor and a ceiling", () => {
  const choice = new HeadPlanChoice()
  expect(choice.genericTimeoutMs(3)).toBe(HEAD_PLAN_TUNING.timeoutFloorMs)
  expect(choice.genericTimeoutMs(40)).toBe(400)
  // After a catch-up of a second
  expect(choice.genericTimeoutMs(1_200)).toBe(HEAD_PLAN_TUNING.timeoutCeilingMs)
  run(choice, { custom: 60, generic: 20 }, 7)
  // Held against the trial's median now, not the last read
  expect(choice.genericTimeoutMs(3)).toBe(600)
})

it('drops the generic plan when a read runs past its timeout, and makes it again at the re-check', () => {
  const choice = new HeadPlanChoice()
  expect(choice.next()).toBe('generic')
  choice.timedOut(250)
  expect(
    run(choice, { custom: 6, generic: 2 }, HEAD_PLAN_TUNING.recheckEvery).every((p) => p === 'custom'),
  ).toBe(true)
  expect(run(choice, { custom: 6, generic: 2 }, 8)).toEqual([...TRIAL, 'generic'])
})

it('stays on custom plans for good on a session that cannot keep its named statement', () => {
  const choice = new HeadPlanChoice()
  choice.unavailable()
  expect(
    run(choice, { custom: 6, generic: 2 }, 3 * HEAD_PLAN_TUNING.recheckEvery).every((p) => p === 'custom'),
  ).toBe(true)
})
