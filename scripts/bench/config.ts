/**
 * The counts of every section, in one place: the smoke run must exercise the same code as the full
 * run with sizes small enough to finish in CI in under a minute, and the report prints them so a
 * figure can always be traced back to the counts that produced it.
 */

export interface Counts {
  readonly warmup: number;
  readonly reps: number;
  readonly newClose: number;
  readonly lifecycle: number;
  readonly closedCalls: number;
  readonly messages: number;
  readonly messageReps: number;
  readonly loadWarmup: number;
  readonly loads: number;
  readonly throughput: number;
  readonly throughputReps: number;
  readonly render: number;
  readonly importReps: number;
  readonly filterReps: number;
  readonly liveReps: number;
  readonly memory: readonly [number, number];
  readonly memoryCap: number;
  readonly memoryChunk: number;
  /** How many of the floor extensions (section 2c) to load: each is a browser launch and its loads. */
  readonly floors: number;
}

const SMOKE: Counts = {
  warmup: 1,
  reps: 3,
  newClose: 50,
  lifecycle: 5,
  closedCalls: 20_000,
  messages: 2_000,
  messageReps: 2,
  loadWarmup: 1,
  // Each load is a new tab with and without the extension: two exercise the code.
  loads: 2,
  throughput: 200,
  throughputReps: 1,
  render: 300,
  importReps: 2,
  filterReps: 3,
  liveReps: 3,
  memory: [200, 1_000],
  memoryCap: 100,
  // Below the cap: a burst larger than the cap hits the panel/bridge cap mismatch (docs/benchmarks.md).
  memoryChunk: 50,
  // One floor exercises the code; all of them took two of CI's minutes.
  floors: 1,
};

const FULL: Counts = {
  warmup: 2,
  reps: 9,
  newClose: 200,
  lifecycle: 30,
  closedCalls: 300_000,
  messages: 100_000,
  messageReps: 3,
  loadWarmup: 4,
  loads: 40,
  throughput: 20_000,
  throughputReps: 3,
  render: 10_000,
  importReps: 5,
  filterReps: 10,
  liveReps: 10,
  memory: [10_000, 100_000],
  // The default cap (LIMITS.connections): 100,000 connections must not grow the heaps.
  memoryCap: 5_000,
  memoryChunk: 2_000,
  floors: Number.POSITIVE_INFINITY,
};

export function countsFor(smoke: boolean): Counts {
  return smoke ? SMOKE : FULL;
}
