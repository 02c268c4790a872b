import { defineConfig, mergeConfig } from 'vitest/config';
import shared from '../../vitest.shared.ts';

// The CLI's tests are mostly end-to-end: they spend their time waiting on the quorum
// processes they start, so two test files run at once (on two cores that takes a third off the
// wall time), with a longer limit per test for the ones that start many processes.
export default mergeConfig(shared, defineConfig({ test: { maxWorkers: 2, testTimeout: 60_000 } }));
