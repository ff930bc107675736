/**
 * How a contact-centre agent moves between states: a call is
 * available → ringing → talking → (hold → talking)* → wrap_up → available;
 * breaks (with a reason), training and meetings start and end at available;
 * a shift ends at offline and starts again at available.
 *
 * Which agent changes next is drawn with a weight by the state it is in, so
 * that long states (offline, training, a break, a call) last longer than
 * short ones (ringing, hold): about a tenth of the agents stay offline.
 */
import type { KnownAgentState } from '../../core/contract/agents.ts';
import { weighted, type Rng } from '../onec/prng.ts';

export type AgentState = KnownAgentState;
export type BreakReason = 'lunch' | 'rest' | 'technical' | 'personal';

/** Where each state may go next, by frequency. */
export const NEXT: Readonly<Record<AgentState, ReadonlyArray<readonly [AgentState, number]>>> = {
  offline: [['available', 1]],
  available: [
    ['ringing', 86],
    ['break', 7],
    ['training', 1],
    ['meeting', 1.5],
    ['offline', 4.5],
  ],
  // A call not picked up falls back to available.
  ringing: [
    ['talking', 93],
    ['available', 7],
  ],
  talking: [
    ['wrap_up', 78],
    ['hold', 22],
  ],
  hold: [['talking', 1]],
  wrap_up: [['available', 1]],
  break: [['available', 1]],
  training: [['available', 1]],
  meeting: [['available', 1]],
};

const BREAK_REASONS: ReadonlyArray<readonly [BreakReason, number]> = [
  ['rest', 45],
  ['lunch', 30],
  ['technical', 15],
  ['personal', 10],
];

/**
 * How long a state lasts, relative to ringing (~10 s): a call ~100 s, a break
 * ~7 min, offline ~10 min (a real shift gap is longer; this keeps the share
 * offline near a tenth at any moment instead of draining the floor).
 */
const DWELL: Readonly<Record<AgentState, number>> = {
  offline: 63,
  available: 5.7,
  ringing: 1,
  talking: 10,
  hold: 4,
  wrap_up: 3.6,
  break: 41,
  training: 57,
  meeting: 38,
};
/** A drawn agent changes with probability 1 / its dwell: about 18 draws per event at steady state. */
const MAX_DRAWS = 256;

/** The picture at start: mostly at work, some on a break, about a tenth offline. */
const INITIAL: ReadonlyArray<readonly [AgentState, number]> = [
  ['available', 28],
  ['ringing', 3],
  ['talking', 34],
  ['hold', 2],
  ['wrap_up', 10],
  ['break', 9],
  ['training', 2],
  ['meeting', 2],
  ['offline', 10],
];
/** How long ago, at most, an agent entered its initial state (ms). */
const INITIAL_AGE_MS: Readonly<Record<AgentState, number>> = {
  offline: 8 * 3_600_000,
  available: 120_000,
  ringing: 15_000,
  talking: 600_000,
  hold: 120_000,
  wrap_up: 90_000,
  break: 1_800_000,
  training: 3_600_000,
  meeting: 3_600_000,
};

export interface Transition {
  state: AgentState;
  reason: string | null;
}

export function initialState(rng: Rng, nowMs: number): Transition & { sinceMs: number } {
  const state = weighted(rng, INITIAL);
  return { state, reason: state === 'break' ? weighted(rng, BREAK_REASONS) : null, sinceMs: nowMs - 1000 - Math.floor(rng() * INITIAL_AGE_MS[state]) };
}

export function nextState(rng: Rng, from: AgentState): Transition {
  const state = weighted(rng, NEXT[from]);
  return { state, reason: state === 'break' ? weighted(rng, BREAK_REASONS) : null };
}

/** Draws the index of the agent that changes next, weighting by how long its state lasts. */
export function drawAgent(rng: Rng, states: ReadonlyArray<{ state: AgentState }>): number {
  let i = 0;
  for (let draw = 0; draw < MAX_DRAWS; draw++) {
    i = Math.floor(rng() * states.length);
    if (rng() * DWELL[states[i]!.state] < 1) return i;
  }
  return i;
}
